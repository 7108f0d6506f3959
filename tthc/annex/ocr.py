"""Pages of a PDF decision without a text layer (a scanned first page), read with Debian's tesseract-ocr
and its Vietnamese data (tesseract-ocr-vie) — issue 22, item 6.

Only the decision's first part is taken from the picture: number, date, title, articles, signature, up
to the annex ("PHỤ LỤC"). On the project's own fixture (tests/fixtures/scanned-first-page.pdf, page 1
rasterised by scripts/make_pdf_fixtures.py) tesseract reads the number and the date right; the annex's
table, by contrast, comes back with its columns mixed, so no entry is ever read from a picture. What
OCR gave is marked as such in the preview. Without tesseract (or its Vietnamese data) the page is named
as not readable, as before. Bounded: at most MAX_PAGES pages per file, each within TIMEOUT seconds. No
Flask.
"""

from __future__ import annotations

import functools
import io
import re
import shutil
import subprocess
from typing import Any

from ..text import nfc

MAX_PAGES = 2  # only a first page or two carry the heading; a whole scanned decision is not OCR'd here
TIMEOUT = 90  # seconds per page
RESOLUTION = 300  # dpi the page is rendered at for tesseract
_ANNEX_RE = re.compile(r"^\s*(?:PHỤ LỤC|Phụ lục)\b")


@functools.cache
def available() -> bool:
    """tesseract is installed with its Vietnamese data."""
    if shutil.which("tesseract") is None:
        return False
    try:
        listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return False
    return "vie" in listed.stdout.split()


def page_text(page: Any) -> str | None:
    """The text tesseract reads on a pdfplumber page, or None when it cannot."""
    image = page.to_image(resolution=RESOLUTION).original
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    try:
        done = subprocess.run(
            ["tesseract", "-", "-", "-l", "vie", "--psm", "4"],
            input=buffer.getvalue(),
            capture_output=True,
            timeout=TIMEOUT,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return nfc(done.stdout.decode("utf-8", "replace")) if done.returncode == 0 else None


_NUMBER_AND_PLACE_RE = re.compile(r"^(Số\s*:\s*\S+)\s+(\S.*,\s*ngày\b.*)$")


def heading_paragraphs(text: str) -> list[str]:
    """The paragraphs of the decision's first part, up to the annex heading (kept): one per line as tesseract
    reads it, a wrapped line (starting in lower case, or the year after "năm") joined to the one above,
    and the number and the place-and-date that share a line in the two-column block set apart."""
    out: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if _ANNEX_RE.match(line):
            out.append("PHỤ LỤC")  # the annex opens here; what follows on the picture is not read
            break
        both = _NUMBER_AND_PLACE_RE.match(line)
        if both:
            out += [both.group(1), both.group(2)]
        elif out and (line[:1].islower() or (out[-1].endswith("năm") and line[:4].isdigit())):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out
