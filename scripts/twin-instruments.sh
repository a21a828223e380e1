#!/usr/bin/env bash
# The twin with and without its old instruments (docs/twin.md, "An instrument that does not bend"): each kept twin
# run given is run again four times, from its scenario.json, with the gauge of goroutines in wl.mu.Lock() sharded by
# P (the twin's default) or one shared atomic (the twin before 2026-12-07), and with or without the goroutine dumps.
# Each configuration's runs land in OUT/CONFIG/runs/VARIANT-SEED, where `stallsim twin --reuse-twin OUT/CONFIG`
# compares them with the simulator. Each run takes its scenario's horizon in wall-clock time: run it on a quiet machine.
#
#   scripts/twin-instruments.sh OUT KEPT_RUN_DIR...
set -euo pipefail
out=${1:?usage: scripts/twin-instruments.sh OUT KEPT_RUN_DIR...}
shift
[ $# -gt 0 ] || { echo "usage: scripts/twin-instruments.sh OUT KEPT_RUN_DIR..." >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
(cd "$root/twin" && go build -o "$out/twin" .)
declare -A flags=(
  [sharded-dumps]=""
  [shared-dumps]="-shared-lock-counter"
  [sharded-nodumps]="-no-dumps"
  [shared-nodumps]="-shared-lock-counter -no-dumps"
)
for run in "$@"; do
  for config in sharded-dumps shared-dumps sharded-nodumps shared-nodumps; do
    dest="$out/$config/runs/$(basename "$run")"
    mkdir -p "$dest"
    cp "$run/scenario.json" "$dest/"
    echo "== $config $(basename "$run")"
    # shellcheck disable=SC2086 # the flags are words
    "$out/twin" run ${flags[$config]} "$dest/scenario.json" "$dest"
  done
done
