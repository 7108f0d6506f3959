#!/usr/bin/env bash
# Install everything tthc needs on a fresh Debian machine: system libraries (as root), a virtualenv
# in .venv with the pinned Python packages, and, with "test", Chromium for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
want_test="${1:-}"

debs=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core)   # WeasyPrint
debs+=(tesseract-ocr tesseract-ocr-vie)  # OCR of a scanned first page of a PDF decision (tthc/annex/ocr.py)
debs+=(hunspell-vi)   # search: the Vietnamese syllable list (a valid word is never "corrected")
[ "$want_test" = "test" ] && debs+=(chromium poppler-utils)                # browser tests, PDF checks
# npm (for axe-core, below): Debian's package unless Node.js with its npm is already installed another way
[ "$want_test" = "test" ] && ! command -v npm >/dev/null 2>&1 && debs+=(npm)
missing=()
for p in "${debs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "==> apt-get install ${missing[*]}"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Thiếu gói hệ thống: ${missing[*]} (cần quyền root để cài: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
fi

if [ ! -x .venv/bin/python ]; then
  echo "==> python3 -m venv .venv"
  python3 -m venv .venv
fi
extras=""
[ "$want_test" = "test" ] && extras="[test]"
stamp=".venv/.installed$extras"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "==> pip install -e .$extras"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".$extras"
  touch "$stamp"
fi
# The browser tests inject axe-core (the accessibility checker) into each page: pinned in package.json and
# package-lock.json, installed into ./node_modules (git-ignored) from the npm registry.
if [ "$want_test" = "test" ]; then
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "==> npm ci (axe-core)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
fi
