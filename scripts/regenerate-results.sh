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
for name in ablation metastable-map; do
  echo "== sweep $name"
  rm -rf "results/$name"
  stallsim sweep "scenarios/$name.yaml" --out "results/$name"
done
