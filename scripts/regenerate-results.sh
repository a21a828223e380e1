#!/usr/bin/env bash
# Regenerates results/ from the shipped scenarios and sweeps: results/<name>/ for each. Nothing in
# results/ is edited by hand; every directory is deleted and written again.
# --reuse-twin does not run the twin again (it runs in wall-clock time, about 16 minutes, and needs Go): the
# simulator's side of each twin comparison is run again against the twin's runs kept in results/*/twin*/runs;
# use it only when the twin's scenarios (staged-overload, seed-stall-twin) and the twin did not change.
set -euo pipefail
cd "$(dirname "$0")/.."
twin=yes
[ "${1:-}" = "--reuse-twin" ] && twin=no
dotnet build src/Simulator -c Release --nologo -v quiet
stallsim() { dotnet src/Simulator/bin/Release/net10.0/stallsim.dll "$@"; }
for file in scenarios/*.yaml; do
  name=$(basename "$file" .yaml)
  grep -q '^axes:' "$file" && continue
  echo "== $name"
  keep=$(mktemp -d)
  [ -d "results/$name" ] && find "results/$name" -mindepth 1 -maxdepth 1 -name 'twin*' -exec mv {} "$keep/" \;
  rm -rf "results/$name"
  extra=()
  [ "$name" = seed-stall ] && extra=(--margins)   # the README's first command
  stallsim run "$file" --out "results/$name" "${extra[@]}"
  [ "$twin" = no ] && find "$keep" -mindepth 1 -maxdepth 1 -exec mv {} "results/$name/" \;
  rm -rf "$keep"
done
for name in ablation metastable-map stall-threshold calibrations; do
  echo "== sweep $name"
  rm -rf "results/$name"
  stallsim sweep "scenarios/$name.yaml" --out "results/$name"
done
echo "== compare mitigations"
rm -rf results/mitigations
stallsim compare scenarios/mitigations.yaml --out results/mitigations
echo "== sweep cliff --refine 3"
rm -rf results/cliff
stallsim sweep scenarios/cliff.yaml --refine 3 --out results/cliff
# The twin comparisons run in wall-clock time (about 16 minutes) and need Go (scripts/install-go.sh).
if [ "$twin" = no ]; then
  echo "== twin comparisons again, against the twin's kept runs (--reuse-twin)"
  stallsim twin staged-overload --reuse-twin results/staged-overload/twin --out results/staged-overload/twin
  stallsim twin seed-stall-twin --reuse-twin results/seed-stall-twin/twin --out results/seed-stall-twin/twin --seed 1
  stallsim twin seed-stall-twin --cold-walk --reuse-twin results/seed-stall-twin/twin-cold --out results/seed-stall-twin/twin-cold --seed 1 --seed 2
elif command -v go >/dev/null 2>&1; then
  echo "== twin staged-overload"
  stallsim twin staged-overload --out results/staged-overload/twin
  echo "== twin seed-stall-twin"
  stallsim twin seed-stall-twin --out results/seed-stall-twin/twin --seed 1
  echo "== twin seed-stall-twin --cold-walk"
  stallsim twin seed-stall-twin --cold-walk --out results/seed-stall-twin/twin-cold --seed 1 --seed 2
else
  echo "no go command: results/*/twin left out (scripts/install-go.sh installs Go)" >&2
  exit 1
fi
# The same runs of the twin, the simulator charged the walk they paid (docs/twin.md#stallsim-twin).
echo "== twin staged-overload --twin-walk, against its kept runs"
rm -rf results/staged-overload/twin-walk
stallsim twin staged-overload --twin-walk --reuse-twin results/staged-overload/twin --out results/staged-overload/twin-walk
# The README's figures are generated from what was just written (ReadmeBlocksTests; never typed by hand).
STALLSIM_REFRESH_DOCS=1 dotnet test tests/Simulator.Tests --filter "FullyQualifiedName~ReadmeBlocksTests" --nologo -v quiet
