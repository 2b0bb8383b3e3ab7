#!/usr/bin/env bash
# Installs the Debian packages the tests run against when they are missing:
# LibreOffice Calc (recalculates the workbooks we write), xmllint (manifest schemas),
# Chromium (the task pane's end-to-end tests, driven by playwright-core) and faketime.
set -euo pipefail
missing=()
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
# pdftotext reads the pages LibreOffice prints.
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
[ -x /usr/bin/chromium ] || missing+=(chromium)
# faketime sets the clock of a command (test/cli/clock.test.ts; the suite on other days, docs/tests.md).
command -v faketime >/dev/null 2>&1 || missing+=(faketime)
# CJK glyphs for the pane's screenshots (without them Chinese renders as empty boxes).
[ "$(fc-list 2>/dev/null | grep -ci cjk || true)" -gt 0 ] || missing+=(fonts-noto-cjk)
# Calibri's metrics (Carlito) for the printed pages: LibreOffice sizes columns by the body font's
# digit, so without it every column prints a third wider than in Excel (every LibreOffice install
# has it: Debian's libreoffice-core recommends it, the Windows installer bundles it).
[ "$(fc-list 2>/dev/null | grep -ci carlito || true)" -gt 0 ] || missing+=(fonts-crosextra-carlito)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing test dependencies: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "Need root to install ${missing[*]} (apt-get). Install them, then run the tests again." >&2
    exit 1
  fi
else SUDO=; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
