#!/usr/bin/env bash
# Retakes every picture the README, docs/ and the user guide (docs/使用说明.md) show:
#   docs/print-ledger.png, docs/print-notice.png   the flagged demo workbook printed to PDF by
#                                                  LibreOffice, a ledger page and a 督办单 at 80 dpi
#   docs/pane-*.png, docs/guide/*.png              the pane in headless Chromium (browser and Excel
#                                                  double), taken by the pane tests
# Run from anywhere: bash scripts/docs-pictures.sh. Needs what the tests need (soffice, pdftotext,
# pdftoppm, Chromium): bash scripts/ensure-test-deps.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

npm run --silent build:cli

# The demo workbook, flagged, as the README's tour makes it.
node bin/campaign-ledger.js demo -o "$work/整改台账.xlsx" >/dev/null
node bin/campaign-ledger.js flag "$work/整改台账.xlsx" -o "$work/flagged.xlsx" >/dev/null

# Printed by LibreOffice with a throwaway profile that recalculates formulas on load (else the
# status cells would show whatever values the file caches).
mkdir -p "$work/profile/user"
cat >"$work/profile/user/registrymodifications.xcu" <<'XCU'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
XCU
soffice "-env:UserInstallation=file://$work/profile" --headless --norestore --nolockcheck \
  --convert-to pdf --outdir "$work" "$work/flagged.xlsx" >/dev/null 2>&1
pdf="$work/flagged.pdf"
[ -f "$pdf" ] || { echo "LibreOffice did not print $work/flagged.xlsx" >&2; exit 1; }

# The first page of the ledger (its column headers) and the first 督办单, found by their text.
pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
ledger= notice=
for ((p = 1; p <= pages; p++)); do
  text=$(pdftotext -f "$p" -l "$p" -layout "$pdf" -)
  if [ -z "$ledger" ] && grep -q '问题描述' <<<"$text" && grep -q '整改措施' <<<"$text" && ! grep -q '督办单' <<<"$text"; then ledger=$p; fi
  if [ -z "$notice" ] && grep -q '整改督办单' <<<"$text"; then notice=$p; fi
done
[ -n "$ledger" ] && [ -n "$notice" ] || { echo "no ledger page ($ledger) or 督办单 page ($notice) in $pdf" >&2; exit 1; }
pdftoppm -png -r 80 -f "$ledger" -l "$ledger" -singlefile "$pdf" docs/print-ledger
pdftoppm -png -r 80 -f "$notice" -l "$notice" -singlefile "$pdf" docs/print-notice
echo "docs/print-ledger.png (page $ledger of $pages), docs/print-notice.png (page $notice)"

# The pane: the tests take the screenshots, into docs/ when CL_DOCS_PICTURES=1.
CL_DOCS_PICTURES=1 npx jest test/pane
git status --short -- docs README.md
