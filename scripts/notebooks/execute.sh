#!/usr/bin/env bash
# Executes every notebook in notebooks/ headless, in reading order, with the Deno kernel.
#
#   scripts/notebooks/execute.sh            # outputs go to $NOTEBOOK_OUT (default: a temp folder)
#   scripts/notebooks/execute.sh --inplace  # outputs are written into notebooks/*.ipynb
#
# Environment: SER_PROFILE (quick|paper, default: the notebooks pick quick on CPU),
# SER_BACKEND, SER_CACHE_DIR (shared by all notebooks, default .cache, so later notebooks
# reuse what earlier ones computed), NOTEBOOK_TIMEOUT (seconds per cell, default none).
# Needs Debian's jupyter-notebook, python3-nbconvert and python3-nbclient (run with /usr/bin/python3).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

inplace=0
for arg in "$@"; do
  case "$arg" in
    --inplace) inplace=1 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "execute.sh: unknown argument $arg" >&2; exit 2 ;;
  esac
done

python=/usr/bin/python3
[ -x "$python" ] || python=python3
if ! "$python" -c 'import nbconvert, nbclient' 2>/dev/null; then
  echo "execute.sh: nbconvert/nbclient missing: apt-get install jupyter-notebook python3-nbconvert python3-nbclient" >&2
  exit 3
fi
# The Deno kernelspec ("deno"); `deno jupyter --install` is idempotent with --force.
if ! jupyter --paths --json | "$python" -c '
import json, os, sys
dirs = json.load(sys.stdin)["data"]
sys.exit(0 if any(os.path.exists(os.path.join(d, "kernels", "deno", "kernel.json")) for d in dirs) else 1)'; then
  deno jupyter --install --force >/dev/null 2>&1
fi

export SER_CACHE_DIR="${SER_CACHE_DIR:-$root/.cache}"
out="${NOTEBOOK_OUT:-$(mktemp -d)}"
mkdir -p "$out"
timeout="${NOTEBOOK_TIMEOUT:--1}"

status=0
for nb in notebooks/[0-9][0-9]_*.ipynb; do
  name=$(basename "$nb")
  start=$(date +%s)
  if ((inplace)); then
    args=(--inplace)
  else
    args=(--output-dir "$out")
  fi
  if "$python" -m nbconvert --to notebook --execute "${args[@]}" \
      --ExecutePreprocessor.kernel_name=deno \
      --ExecutePreprocessor.timeout="$timeout" "$nb" 2>"$out/${name%.ipynb}.log"; then
    echo "ok    $name ($(( $(date +%s) - start )) s)"
  else
    echo "FAIL  $name ($(( $(date +%s) - start )) s): see $out/${name%.ipynb}.log" >&2
    tail -n 30 "$out/${name%.ipynb}.log" >&2
    status=1
  fi
done
((inplace)) || echo "executed notebooks in $out"
exit $status
