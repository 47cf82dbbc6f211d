"""Generates the benchmark experiment, shaped like a run with one checkpoint: a quarter of SIZE
as the final weights (`model.safetensors`), a quarter as the checkpoint's weights and half as its
optimizer state (`checkpoints/checkpoint-1000/`), float32 values drawn like trained weights and
Adam moments (not random bytes, not zeros), plus small JSON and tokenizer files.
LAYOUT=single puts all of SIZE into one `model.safetensors` instead (the earlier shape)."""
import json, os, sys
import numpy as np
exp, size = sys.argv[1], int(float(sys.argv[2]))
checkpoint = os.path.join(exp, "checkpoints", "checkpoint-1000")
os.makedirs(checkpoint, exist_ok=True)
rng = np.random.default_rng(42)

def floats(path, nbytes, draw, mode="wb"):
    with open(path, mode) as f:
        left = nbytes // 4
        while left:
            n = min(left, 16 << 20)
            f.write(draw(n).astype("<f4").tobytes())
            left -= n

weights = lambda n: rng.normal(0.0, 0.02, n)
if os.environ.get("LAYOUT", "checkpoint") == "single":
    floats(os.path.join(exp, "model.safetensors"), size, weights)
else:
    floats(os.path.join(exp, "model.safetensors"), size // 4, weights)
    floats(os.path.join(checkpoint, "model.safetensors"), size // 4, weights)
    # Adam's first moments (small, signed) then second moments (tiny, positive).
    floats(os.path.join(checkpoint, "optimizer.pt"), size // 4, lambda n: rng.normal(0.0, 1e-4, n))
    floats(os.path.join(checkpoint, "optimizer.pt"), size // 4,
           lambda n: np.abs(rng.normal(0.0, 1e-6, n)), "ab")
json.dump({"model_type": "gpt2", "n_layer": 12, "n_embd": 768, "vocab_size": 50257},
          open(os.path.join(exp, "config.json"), "w"), indent=2)
vocab = {f"tok{i}_{'ab' * (i % 7)}": i for i in range(50257)}
json.dump({"model": {"vocab": vocab}}, open(os.path.join(exp, "tokenizer.json"), "w"))
json.dump({"loss": [1.0 / (i + 1) for i in range(2000)]},
          open(os.path.join(exp, "training_metrics.json"), "w"))
open(os.path.join(exp, "README.md"), "w").write("# bench experiment\n" * 100)
