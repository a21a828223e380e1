#!/usr/bin/env bash
# Regenerates results/ from the shipped scenarios: results/<name>/ for each, with the same eight files
# the CLI writes. Nothing in results/ is edited by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/Simulator -c Release --nologo -v quiet
stallsim() { dotnet src/Simulator/bin/Release/net10.0/stallsim.dll "$@"; }
for file in scenarios/*.yaml; do
  name=$(basename "$file" .yaml)
  grep -q '^axes:' "$file" && continue   # sweeps are regenerated below
  echo "== $name"
  stallsim run "$file" --out "results/$name"
done
