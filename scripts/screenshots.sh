#!/usr/bin/env bash
# Screenshots of each kind of report.html for docs/outputs.md and README.md, taken by the browser tests in
# headless chromium (apt-get install chromium) and written to docs/img/. Not part of CI: a screenshot is a
# picture for readers, and its bytes may differ from one chromium to the next.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p docs/img
STALLSIM_SCREENSHOTS="$PWD/docs/img" dotnet test tests/Report.Tests -c Release --filter "FullyQualifiedName~Opens_with_no_console_error"
ls -l docs/img/report-*.png
