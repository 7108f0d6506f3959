"""Small hostile uploads (issue 25, items 1 and 2): how long reading them takes and how much memory it
allocates, through the same readers the upload views call.

    PYTHONPATH=. .venv/bin/python benchmarks/hostile_files.py [--grid-before 3000000] [--rows 5000000]

Prints, for each file: its size, the outcome (refused with which message, or read), the time and the
peak memory Python allocated while reading (tracemalloc). Before the bounds, a 37 KB .docx with
gridBefore=3,000,000 took 10 s and 626 MB, and a 13 KB annex declaring five million rows 44 s.
Targets: each is refused or read in well under a second, with a peak under 50 MB.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docx import Document  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402

from tthc.annex import read_decision_workbook, template_workbook  # noqa: E402
from tthc.annex.word import read_decision_docx  # noqa: E402


def word_with_grid_before(count: int) -> bytes:
    doc = Document()
    doc.add_paragraph("QUYẾT ĐỊNH:")
    doc.add_paragraph("PHỤ LỤC")
    table = doc.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["STT", "Mã TTHC", "Tên thủ tục hành chính"], strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["1", "1.001193", "Đăng ký khai sinh"], strict=True):
        cell.text = text
    element = OxmlElement("w:gridBefore")
    element.set(qn("w:val"), str(count))
    table.rows[1]._tr.get_or_add_trPr().insert(0, element)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def workbook_declaring(rows: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template_workbook())) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet2.xml":
                content = re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="A1:J{rows}"/>'.encode(), content)
            target.writestr(item, content)
    return out.getvalue()


def measure(label: str, data: bytes, read) -> None:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        read(data)
        outcome = "read"
    except Exception as error:  # noqa: BLE001 - the refusal is the outcome we report
        outcome = f"refused: {str(error)[:90]}"
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label}: {len(data) / 1024:.0f} KB, {elapsed * 1000:.0f} ms, peak {peak / 2**20:.1f} MB, {outcome}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--grid-before", type=int, default=3_000_000)
    parser.add_argument("--rows", type=int, default=5_000_000)
    args = parser.parse_args()
    measure(f".docx, gridBefore={args.grid_before:,}", word_with_grid_before(args.grid_before), read_decision_docx)
    measure(
        f".xlsx declaring {args.rows:,} rows",
        workbook_declaring(args.rows),
        lambda data: read_decision_workbook(io.BytesIO(data)),
    )


if __name__ == "__main__":
    main()
