"""Reading PDFs the tests produce: text per page, whitespace normalised, footers dropped."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pypdfium2

FOOTER = re.compile(r"(Mã \S+ – )?Trang \d+/\d+\s*$")


def norm(text: str) -> str:
    """NFC, one space between words: line breaks and justification are layout, not content."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def squeeze(text: str) -> str:
    """NFC without any whitespace. A line may break where the source has no space (after "-", "/" or
    ";" in "NĐ-CP", "19/2011/NĐ-CP", "Việt-Anh);5.Mẫu"), and extraction turns each break into a space;
    comparing without whitespace still checks every character and its order."""
    return "".join(unicodedata.normalize("NFC", text).split())


def pdf_text(content: bytes | Path) -> list[str]:
    """Each page's text, read by PDFium (what Chrome reads PDFs with; pypdf's reader took 0.1 s a page, the
    printing tests' largest cost)."""
    document = pypdfium2.PdfDocument(content if isinstance(content, bytes) else str(content))
    try:
        return [_page_text(page) for page in document]
    finally:
        document.close()


def _page_text(page) -> str:
    textpage = page.get_textpage()
    try:
        # PDFium writes a hyphen that ends a line as U+0002 (it may be a soft one); the sheets print "-".
        return textpage.get_text_bounded().replace("\r\n", "\n").replace("\x02", "-")
    finally:
        textpage.close()
        page.close()


def body_text(pages: list[str]) -> str:
    """The text of all pages without their footers, so a paragraph split across pages reads whole."""
    return norm(" ".join(FOOTER.sub("", page.rstrip()) for page in pages))
