#!/usr/bin/env bash
# The PDF fixtures of tests/fixtures, made once from Word decisions with LibreOffice (issue 22, item 6).
# The suite never runs this: it reads the committed PDFs. Re-run after changing the decisions below.
#   2715_QĐ-UBND.pdf      catalogue_data/annex/2715_QĐ-UBND.docx as a ministry or province would publish it
#   long-decision.pdf     a decision of about 100 pages (scripts/make_pdf_fixtures.py, 84 procedures + Phần II)
#   dieu1-disagrees.pdf   Điều 1 says 05 new procedures; the annex has 2 new and 3 amended (browser test)
#   scanned-first-page.pdf  dieu1-disagrees.pdf with page 1 replaced by a picture of it (no text layer)
#   process-annex.pdf     a process annex sent apart (tests/support/word.process_annex_file): two process
#                         tables, a step and its time cut by a page break, the second procedure's heading
#                         right under the first table at the foot of a page (web test of the attach job)
# With names (e.g. `process-annex`), only those fixtures are made; the others are left as committed.
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
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(2715_QĐ-UBND long-decision dieu1-disagrees scanned-first-page process-annex)
cp "catalogue_data/annex/2715_QĐ-UBND.docx" "$work/"
PYTHONPATH=. "$PY" scripts/make_pdf_fixtures.py "$work" 84
(cd "$work" && libreoffice --headless --convert-to pdf --outdir . ./*.docx >/dev/null 2>&1)
PYTHONPATH=. "$PY" scripts/make_pdf_fixtures.py --scan "$work/dieu1-disagrees.pdf" "$work/scanned-first-page.pdf"
mkdir -p tests/fixtures
for name in "${names[@]}"; do
  cp "$work/$name.pdf" tests/fixtures/
  # the Word files a test compares its PDF with
  if [ -f "$work/$name.docx" ] && [ "$name" != 2715_QĐ-UBND ]; then cp "$work/$name.docx" tests/fixtures/; fi
done
ls -la tests/fixtures
