"""A ministry's decision published as PDF is a source like its Word file (issue 26, with the importer's
PDF reading): the same entries, classified the same way, and a scanned or unreadable file a clear refusal."""

from __future__ import annotations

from pathlib import Path

import pytest

from tthc.config import PROJECT_ROOT
from tthc.sources.reading import SourceProblem, read_source_bytes

FIXTURES = Path(__file__).parents[1] / "fixtures"
WORD = PROJECT_ROOT / "catalogue_data" / "annex" / "2715_QĐ-UBND.docx"


def _entries(flat: dict) -> list[tuple]:
    return [(e.get("action"), e.get("code"), e.get("name")) for e in flat["entries"]]


def test_a_pdf_source_reads_the_entries_of_its_word_file():
    from_pdf, _ = read_source_bytes((FIXTURES / "2715_QĐ-UBND.pdf").read_bytes(), "2715_QĐ-UBND.pdf")
    from_word, _ = read_source_bytes(WORD.read_bytes(), "2715_QĐ-UBND.docx")
    assert from_pdf["number"] == from_word["number"] == "2715/QĐ-UBND"
    assert len(from_pdf["entries"]) == 17  # 9 new, 8 abolished
    assert _entries(from_pdf) == _entries(from_word)


def test_a_file_that_is_not_a_decision_is_refused_in_vietnamese():
    with pytest.raises(SourceProblem, match="Không đọc được tệp"):
        read_source_bytes(b"%PDF-1.4 not really a pdf", "3120_QĐ-BTP.pdf")
