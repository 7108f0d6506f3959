"""Reading PDFs the tests produce: text per page, whitespace normalised, footers dropped."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

from pypdf import PdfReader

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
    reader = PdfReader(io.BytesIO(content) if isinstance(content, bytes) else str(content))
    return [page.extract_text() for page in reader.pages]


def body_text(pages: list[str]) -> str:
    """The text of all pages without their footers, so a paragraph split across pages reads whole."""
    return norm(" ".join(FOOTER.sub("", page.rstrip()) for page in pages))
