# Sourced by run.sh and commands.sh: generates the benchmark experiment once per SIZE and LAYOUT
# under $SCRATCH/src/exp_bench (bench/gen.py), outside the repo.
SIZE=${SIZE:-1.0e9}
LAYOUT=${LAYOUT:-checkpoint}
export LAYOUT
python3 -c 'import numpy' 2>/dev/null || pip install -q numpy
if [ ! -f "$SCRATCH/src/.done-$SIZE-$LAYOUT" ]; then
  rm -rf "$SCRATCH/src"; python3 "$ROOT/bench/gen.py" "$SCRATCH/src/exp_bench" "$SIZE"
  touch "$SCRATCH/src/.done-$SIZE-$LAYOUT"  # outside exp_bench: not packed
fi
