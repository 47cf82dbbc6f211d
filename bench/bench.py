"""Times our pack/import/verify against common tools in ONE run (see run.sh)."""
import json, os, resource, shutil, statistics, subprocess, sys, time

SCRATCH = os.environ["SCRATCH"]
REPS = int(os.environ.get("REPS", "3"))
SLOW_REPS = int(os.environ.get("SLOW_REPS", "1"))  # tar czf and Python: 30 s each; 0 skips them
OURS = json.loads(os.environ.get("OURS", "[]"))  # [[label, classpath], ...]
JAVA_OPTS = os.environ.get("JAVA_OPTS", "-Xmx64m")
HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(SCRATCH, "src")
EXP = os.path.join(SRC, "exp_bench")
OUT = os.path.join(SCRATCH, "out")
MB = 1e6

def sh(cmd, cwd=None):
    subprocess.run(["bash", "-c", "set -o pipefail; " + cmd], cwd=cwd, check=True,
                   stdout=subprocess.DEVNULL)

def load():
    return float(open("/proc/loadavg").read().split()[0])

def data_bytes():
    return sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(EXP) for f in fs)

rows = []

def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime

def bench(op, tool, cmd, reps, prepare=None, cwd=SRC, size_of=None):
    group(op, [dict(tool=tool, cmd=cmd, prepare=prepare, size_of=size_of)], reps, cwd)

def group(op, tools, reps, cwd=SRC):
    """Times several tools for one operation, alternating them rep by rep (ABBA order), so
    that a change of load on the shared host hits all of them alike. CPU is user+sys of the
    command and its children, which the other load inflates less than the wall time."""
    times = [[] for _ in tools]
    cpus = [[] for _ in tools]
    loads = [[] for _ in tools]
    for rep in range(reps):
        order = list(range(len(tools)))
        if rep % 2:
            order.reverse()
        for i in order:
            t = tools[i]
            if t.get("prepare"):
                t["prepare"]()
            sh("sync")
            loads[i].append(load())
            c = children_cpu()
            start = time.perf_counter()
            sh(t["cmd"], cwd)
            times[i].append(time.perf_counter() - start)
            cpus[i].append(children_cpu() - c)
            loads[i].append(load())
    for i, t in enumerate(tools):
        size = os.path.getsize(t["size_of"]) if t.get("size_of") else None
        rows.append(dict(op=op, tool=t["tool"], min=min(times[i]),
                         median=statistics.median(times[i]), cpu=statistics.median(cpus[i]),
                         reps=reps, load=max(loads[i]), size=size))
        print(f"{op:8} {t['tool']:45} min {min(times[i]):7.2f} s  median "
              f"{statistics.median(times[i]):7.2f} s  cpu {statistics.median(cpus[i]):6.2f} s"
              f"  load<= {max(loads[i]):.2f}" + (f"  size {size/MB:.1f} MB" if size else ""),
              flush=True)

def fresh(path):
    def f():
        shutil.rmtree(path, ignore_errors=True)
        for p in (path + ".index.json",):
            if os.path.exists(p):
                os.remove(p)
        os.makedirs(path)
    return f

def main():
    os.makedirs(OUT, exist_ok=True)
    total = data_bytes()
    sums = os.path.join(SCRATCH, "sums.txt")
    sh(f"cd {EXP} && find . -type f | sort | xargs sha256sum > {sums}")
    print(f"data {total/MB:.1f} MB, {os.cpu_count()} cores, load {load():.2f}", flush=True)
    ref = os.path.join(OUT, "p6.tar.gz")
    sh(f"gzip -6 -c < {EXP}/model.safetensors | wc -c > {OUT}/gzip6.size")
    gzip6 = int(open(f"{OUT}/gzip6.size").read())
    ours = []
    for label, cp in OURS:
        java = f"java {JAVA_OPTS} -cp {cp}:{SCRATCH}/classes OursOp"
        pkg = os.path.join(OUT, label.replace(" ", "_"))
        os.makedirs(pkg, exist_ok=True)
        arc = os.path.join(pkg, "exp_bench.tar.gz")
        imp = os.path.join(SCRATCH, "imp_" + label.replace(" ", "_"))
        fast = subprocess.run(["bash", "-c", f"{java} pack-fast {EXP} {pkg}-fast"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
        ours.append(dict(label=label, java=java, pkg=pkg, arc=arc, imp=imp, fast=fast))
    # Each operation of every build in turn, alternating the builds rep by rep.
    group("pack", [dict(tool=f"ours ({o['label']})", cmd=f"{o['java']} pack {EXP} {o['pkg']}",
                        size_of=o["arc"]) for o in ours], REPS)
    group("pack", [dict(tool=f"ours --fast ({o['label']})",
                        cmd=f"{o['java']} pack-fast {EXP} {o['pkg']}-fast",
                        size_of=os.path.join(o["pkg"] + "-fast", "exp_bench.tar.gz"))
                   for o in ours if o["fast"]], REPS)
    for o in ours:
        sh(f"gzip -t {o['arc']} && tar tzf {o['arc']} > /dev/null")
    group("import", [dict(tool=f"ours ({o['label']})",
                          cmd=f"{o['java']} import {o['arc']} {o['imp']} {o['imp']}.index.json",
                          prepare=fresh(o["imp"])) for o in ours], REPS)
    group("verify", [dict(tool=f"ours ({o['label']})",
                          cmd=f"{o['java']} verify {o['imp']}/exp_bench") for o in ours], REPS)
    py = f"python3 {HERE}/orig_tool.py"
    slow = SLOW_REPS > 0
    if slow:
      bench("pack", "original-style Python (hash, tarfile w:gz)",
            f"{py} pack {EXP} {OUT}/py.tar.gz", SLOW_REPS, size_of=f"{OUT}/py.tar.gz")
      bench("pack", "tar czf", f"tar czf {OUT}/t.tar.gz exp_bench", SLOW_REPS,
            size_of=f"{OUT}/t.tar.gz")
    bench("pack", "tar cf - | pigz -p2", f"tar cf - exp_bench | pigz -p2 > {ref}", REPS,
          size_of=ref)
    bench("pack", "tar cf - | pigz -H -p2", f"tar cf - exp_bench | pigz -H -p2 > {OUT}/h.tar.gz",
          REPS, size_of=f"{OUT}/h.tar.gz")
    pyimp = os.path.join(SCRATCH, "imp_py")
    if slow:
      bench("import", "original-style Python (extract, re-hash)",
            f"{py} import {OUT}/py.tar.gz {pyimp}", SLOW_REPS, prepare=fresh(pyimp))
    pimp = os.path.join(SCRATCH, "imp_pigz")
    bench("import", "pigz -dc | tar x + sha256sum -c",
          f"pigz -dc {ref} | tar x -C {pimp} && cd {pimp}/exp_bench && sha256sum -c --quiet {sums}",
          REPS, prepare=fresh(pimp))
    bench("gunzip", "pigz -dc > /dev/null", f"pigz -dc {ref} > /dev/null", REPS)
    bench("verify", "Python hashlib", f"{py} verify {pimp}/exp_bench {sums}", REPS)
    bench("verify", "sha256sum -c", f"cd {pimp}/exp_bench && sha256sum -c --quiet {sums}", REPS)
    write_report(total, gzip6)

def write_report(total, gzip6):
    cores = os.cpu_count()
    lines = [f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: {total/MB:.0f} MB experiment "
             f"({os.environ.get('LAYOUT', 'checkpoint')} layout of bench/gen.py: float32 weights and "
             f"optimizer state plus JSON/tokenizer files), "
             f"{cores} cores, shared host; our runs in a fresh JVM each ({JAVA_OPTS}), "
             f"JVM start included; builds of ours alternate rep by rep. `load` is the highest 1-minute "
             f"load average seen during the row; `CPU s` is the median user+sys time of the command "
             f"and its children (all threads). "
             f"`gzip -6` of the weights alone: {gzip6/MB:.1f} MB.", "",
             "| operation | tool | reps | min s | median s | CPU s | MB/s (min) | archive MB | load | time vs ours (median) |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    ours = {}
    for r in rows:
        if r["tool"].startswith("ours (") and r["op"] not in ours:
            ours[r["op"]] = r["median"]
    ours.setdefault("gunzip", ours.get("import"))
    for r in rows:
        base = ours.get(r["op"])
        ratio = f"{r['median']/base:.2f}x" if base else ""
        size_text = "" if r["size"] is None else f"{r['size']/MB:.1f}"
        tool = r["tool"].replace("|", "\\|")
        lines.append(f"| {r['op']} | {tool} | {r['reps']} | {r['min']:.2f} | {r['median']:.2f} | "
                     f"{r['cpu']:.2f} | "
                     f"{total/MB/r['min']:.0f} | {size_text} | "
                     f"{r['load']:.2f} | {ratio} |")
    path = os.path.join(SCRATCH, "results.md")
    open(path, "w").write("\n".join(lines) + "\n")
    print("\n".join(lines))

if __name__ == "__main__":
    main()
