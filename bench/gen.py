"""Generates the benchmark experiment: float32 weights drawn from N(0, 0.02) like trained
weights (not random bytes, not zeros) plus small JSON and tokenizer files."""
import json, os, sys
import numpy as np
exp, size = sys.argv[1], int(float(sys.argv[2]))
os.makedirs(os.path.join(exp, "checkpoints"), exist_ok=True)
rng = np.random.default_rng(42)
with open(os.path.join(exp, "model.safetensors"), "wb") as f:
    left = size // 4
    while left:
        n = min(left, 16 << 20)
        f.write(rng.normal(0.0, 0.02, n).astype("<f4").tobytes())
        left -= n
json.dump({"model_type": "gpt2", "n_layer": 12, "n_embd": 768, "vocab_size": 50257},
          open(os.path.join(exp, "config.json"), "w"), indent=2)
vocab = {f"tok{i}_{'ab' * (i % 7)}": i for i in range(50257)}
json.dump({"model": {"vocab": vocab}}, open(os.path.join(exp, "tokenizer.json"), "w"))
json.dump({"loss": [1.0 / (i + 1) for i in range(2000)]},
          open(os.path.join(exp, "training_metrics.json"), "w"))
open(os.path.join(exp, "README.md"), "w").write("# bench experiment\n" * 100)
