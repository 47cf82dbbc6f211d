"""Sums perf report lines (comm, dso, symbol, sample count) into the stages of our commands."""
import re, sys

HZ = float(sys.argv[1])
STAGES = [  # (stage, test on thread name and symbol), first match wins
    ("JIT compilers (C1, C2)", lambda t, s: t.startswith(("C1 Compiler", "C2 Compiler"))),
    ("garbage collector", lambda t, s: t.startswith(("GC Thread", "G1 ", "VM Thread"))),
    ("SHA-256 and array copies (compiled stubs)", lambda t, s: "StubRoutines" in s or "SHA2" in s or "DigestBase" in s
                                             or "ByteArrayAccess" in s),
    ("inflate", lambda t, s: "HuffmanOnlyInflate" in s or "Inflater" in s or s == "inflate"
                             or "inflate_fast" in s),
    ("deflate", lambda t, s: "HuffmanOnlyDeflate" in s or "deflate" in s),
    ("kernel: read (page cache to process)", lambda t, s: s.startswith("[k]") and (
        "copy_to_iter" in s or "filemap_" in s or "copy_page_to_iter" in s)),
    ("kernel: write and fsync (process to page cache, ext4, writeback)", lambda t, s: s.startswith("[k]") and (
        "copy_folio_from_iter" in s or "ext4" in s or "mpage" in s or "folio" in s or "jbd2" in s
        or "writeback" in s or "_slab" in s or "memcg" in s or "xas_" in s)),
    ("kernel: other (scheduling, page faults, system calls)", lambda t, s: s.startswith("[k]")),
    ("interpreter (start-up, code not yet compiled)", lambda t, s: "Interpreter" in s),
    ("class loading and JVM runtime (libjvm)", lambda t, s: True),
]
line = re.compile(r"^\s*([\d.]+)%\s+(\d+)\s+(.+?)\s{2,}(\S.*?)\s{2,}(\[.\].*)$")
totals, all_samples = {}, 0
for text in sys.stdin:
    m = line.match(text)
    if not m:
        continue
    samples, thread, dso, symbol = int(m.group(2)), m.group(3), m.group(4), m.group(5).strip()
    symbol_name = ("[k] " if symbol.startswith("[k]") else "") + symbol[4:].strip()
    if dso.startswith("libz"):
        symbol_name = "inflate"
    stage = next(name for name, test in STAGES if test(thread, symbol_name))
    totals[stage] = totals.get(stage, 0) + samples
    all_samples += samples
print("| stage | CPU s | share |\n|---|---|---|")
for name, _ in STAGES:
    if name in totals:
        print(f"| {name} | {totals[name]/HZ:.2f} | {100*totals[name]/all_samples:.0f}% |")
print(f"| all | {all_samples/HZ:.2f} | 100% |")
