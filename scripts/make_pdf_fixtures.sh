#!/usr/bin/env bash
# The PDF fixtures of tests/fixtures, made once from Word decisions with LibreOffice (issue 22, item 6).
# The suite never runs this: it reads the committed PDFs. Re-run after changing the decisions below.
#   2715_QĐ-UBND.pdf      catalogue_data/annex/2715_QĐ-UBND.docx as a ministry or province would publish it
#   long-decision.pdf     a decision of about 100 pages (scripts/make_pdf_fixtures.py, 84 procedures + Phần II)
#   dieu1-disagrees.pdf   Điều 1 says 05 new procedures; the annex has 2 new and 3 amended (browser test)
#   scanned-first-page.pdf  dieu1-disagrees.pdf with page 1 replaced by a picture of it (no text layer)
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v libreoffice >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-writer
fi
PY=${PYTHON:-.venv/bin/python}
[ -x "$PY" ] || PY=/work/main/.venv/bin/python
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "catalogue_data/annex/2715_QĐ-UBND.docx" "$work/"
PYTHONPATH=. "$PY" scripts/make_pdf_fixtures.py "$work" 84
(cd "$work" && libreoffice --headless --convert-to pdf --outdir . ./*.docx >/dev/null 2>&1)
PYTHONPATH=. "$PY" scripts/make_pdf_fixtures.py --scan "$work/dieu1-disagrees.pdf" "$work/scanned-first-page.pdf"
mkdir -p tests/fixtures
cp "$work"/*.pdf "$work/long-decision.docx" "$work/dieu1-disagrees.docx" tests/fixtures/
ls -la tests/fixtures
