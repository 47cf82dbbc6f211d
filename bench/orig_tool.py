"""The original approach, Python stdlib only: pack = hash every file, then tarfile "w:gz";
import = extract, then hash every file again and compare with the manifest."""
import hashlib, json, os, sys, tarfile

def sha(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()

def files(folder):
    for root, _, names in os.walk(folder):
        for n in sorted(names):
            p = os.path.join(root, n)
            yield os.path.relpath(p, folder), p

def pack(folder, out):
    sums = {rel: sha(p) for rel, p in files(folder)}
    manifest = os.path.join(out + ".manifest.json")
    with open(manifest, "w") as f:
        json.dump({"checksums": sums}, f)
    with tarfile.open(out, "w:gz") as tar:
        tar.add(folder, arcname=os.path.basename(folder))
        tar.add(manifest, arcname=os.path.basename(folder) + "/artifact_manifest.json")

def do_import(archive, target):
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(target)
    name = os.listdir(target)[0]
    folder = os.path.join(target, name)
    with open(os.path.join(folder, "artifact_manifest.json")) as f:
        manifest = json.load(f)
    # Its own packages list "checksums"; ours (and the original tool's) list "files".
    expected = manifest.get("checksums") or {e["path"]: e["checksum"] for e in manifest["files"]}
    for rel, want in expected.items():
        if sha(os.path.join(folder, rel)) != want:
            sys.exit("mismatch " + rel)

def verify(folder, sums):
    """Hash every file listed in a sha256sum-format file, as Python's hashlib does."""
    expected = {}
    for line in open(sums):
        want, rel = line.rstrip("\n").split("  ", 1)
        expected[rel] = want
    for rel, want in expected.items():
        if sha(os.path.join(folder, rel)) != want:
            sys.exit("mismatch " + rel)

if __name__ == "__main__":
    {"pack": pack, "import": do_import, "verify": verify}[sys.argv[1]](*sys.argv[2:])
