"""Time to read a 100-page decision published as PDF (target: ≤ 20 s on this machine; issue 22).

The PDF is tests/fixtures/long-decision.pdf (99 pages: a first page, an 8-column annex of 84 procedures
with group rows and "Như trên", Phần II for every procedure), made once by scripts/make_pdf_fixtures.sh.
Measured: reading the PDF into the decision (pdfplumber's text layer, tables, the self-checks).

    PYTHONPATH=. .venv/bin/python benchmarks/import_pdf.py [FILE.pdf]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tthc.annex.pdf import read_decision_pdf  # noqa: E402

TARGET_SECONDS = 20.0


def main() -> None:
    path = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).resolve().parent.parent / "tests/fixtures/long-decision.pdf"
    )
    data = path.read_bytes()
    started = time.perf_counter()
    parsed = read_decision_pdf(data)
    seconds = time.perf_counter() - started
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        pages = len(pdf.pages)
    print(
        f"{path.name}: {pages} trang, {len(parsed.entries)} mục, "
        f"đọc trong {seconds:.2f} s (mục tiêu ≤ {TARGET_SECONDS:.0f} s)"
    )
    sys.exit(0 if seconds <= TARGET_SECONDS else 1)


if __name__ == "__main__":
    main()
