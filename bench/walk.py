"""The ten-line folder check: walk the folder and SHA-256 every file with hashlib (OpenSSL)."""
import hashlib, os, sys

for root, _, names in os.walk(sys.argv[1]):
    for name in sorted(names):
        h = hashlib.sha256()
        with open(os.path.join(root, name), "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        print(h.hexdigest(), os.path.join(root, name))
