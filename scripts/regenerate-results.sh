#!/usr/bin/env bash
# Regenerates results/ from the shipped scenarios and sweeps: results/<name>/ for each. Nothing in
# results/ is edited by hand; every directory is deleted and written again.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/Simulator -c Release --nologo -v quiet
stallsim() { dotnet src/Simulator/bin/Release/net10.0/stallsim.dll "$@"; }
for file in scenarios/*.yaml; do
  name=$(basename "$file" .yaml)
  grep -q '^axes:' "$file" && continue
  echo "== $name"
  rm -rf "results/$name"
  stallsim run "$file" --out "results/$name"
done
for name in ablation metastable-map stall-threshold; do
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
if command -v go >/dev/null 2>&1; then
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
