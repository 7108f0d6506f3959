"""Decisions published as PDF with a text layer (issue 22, item 6): read through the same reading as Word.

The PDFs in tests/fixtures were made once from Word decisions by scripts/make_pdf_fixtures.sh
(LibreOffice); the suite never converts anything."""

import json

import pytest

from tthc.annex import pdf as pdf_reader
from tthc.annex.pdf import read_decision_document, read_decision_pdf
from tthc.annex.word import ENTRY_KEYS, WordProblem, read_decision_docx
from tthc.config import PROJECT_ROOT

FIXTURES = PROJECT_ROOT / "tests" / "fixtures"
HEADING = ("number", "date", "issuer", "signer", "signing_title", "title", "effective_date", "effective_text")


def _same_reading(docx: bytes, pdf: bytes):
    word, printed = read_decision_docx(docx), read_decision_pdf(pdf)
    assert {k: printed.heading[k] for k in HEADING} == {k: word.heading[k] for k in HEADING}
    assert [{k: e.values[k] for k in ENTRY_KEYS} for e in printed.entries] == [
        {k: e.values[k] for k in ENTRY_KEYS} for e in word.entries
    ]
    assert [p.message for p in printed.checks] == [p.message for p in word.checks]
    return word, printed


def test_a_published_decision_as_pdf_reads_as_its_word_file():
    """2715/QĐ-UBND: two-column motto and signature blocks, ruled annex tables split over pages with the
    header repeated, rows cut by the page break, codes with province suffixes, "Như trên"."""
    word, printed = _same_reading(
        (PROJECT_ROOT / "catalogue_data" / "annex" / "2715_QĐ-UBND.docx").read_bytes(),
        (FIXTURES / "2715_QĐ-UBND.pdf").read_bytes(),
    )
    assert len(printed.entries) == 17 and printed.heading["signer"] == "Lê Đức Tiến"
    assert [e.localised_code for e in printed.entries] == [e.localised_code for e in word.entries]


def test_a_hundred_page_decision_with_part_two_reads_as_its_word_file():
    word, printed = _same_reading(
        (FIXTURES / "long-decision.docx").read_bytes(), (FIXTURES / "long-decision.pdf").read_bytes()
    )
    assert len(printed.entries) == 84


def test_the_disagreeing_decision_gives_the_same_doubt_from_pdf():
    _, printed = _same_reading(
        (FIXTURES / "dieu1-disagrees.docx").read_bytes(), (FIXTURES / "dieu1-disagrees.pdf").read_bytes()
    )
    assert [p.message for p in printed.checks] == [
        "Điều 1 nói 05 mới ban hành; đọc được 3 sửa đổi, bổ sung, 2 mới ban hành."
    ]


def test_a_page_without_text_is_named_and_the_other_pages_are_still_read(monkeypatch):
    from tthc.annex import ocr

    monkeypatch.setattr(ocr, "available", lambda: False)  # a machine without tesseract (OCR: test_import_ocr)
    printed = read_decision_pdf((FIXTURES / "scanned-first-page.pdf").read_bytes())
    assert printed.notices[0] == "Trang 1: ảnh quét, không đọc được chữ."
    # page 2 opens with the end of a row cut on page 1 (its number and code are on the scan), then rows 2-3;
    # the section heading was on page 1: the action is unknown and said so, never guessed silently
    assert [e.values["code"] for e in printed.entries] == [None, "1.000656", "2.000528"]
    assert all("không thấy hình thức" in " ".join(e.doubts) for e in printed.entries)
    assert "thiếu mã: mã tạm" in printed.entries[0].doubts
    assert printed.as_dict()["notices"][0].startswith("Trang 1")  # what the preview lists


def test_pdf_reading_is_bounded_and_refuses_what_is_not_a_pdf(monkeypatch):
    data = (FIXTURES / "dieu1-disagrees.pdf").read_bytes()
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 1)
    with pytest.raises(WordProblem, match="có 2 trang, quá 1 trang"):
        read_decision_pdf(data)
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 400)
    monkeypatch.setattr(pdf_reader, "MAX_CELLS", 5)
    with pytest.raises(WordProblem, match="hơn 5 ô bảng"):
        read_decision_pdf(data)
    with pytest.raises(WordProblem, match="không phải PDF"):
        read_decision_pdf(b"PK\x03\x04 not a pdf")
    with pytest.raises(WordProblem, match="Không đọc được tệp PDF"):
        read_decision_pdf(b"%PDF-1.7\n garbage")
    assert read_decision_document((FIXTURES / "dieu1-disagrees.docx").read_bytes()).entries


def test_decision_import_reads_a_pdf_and_lists_its_doubts(runner, session_factory):
    result = runner.invoke(args=["decision", "import", str(FIXTURES / "dieu1-disagrees.pdf"), "--json"])
    assert result.exit_code == 0, result.output
    (created,) = json.loads(result.stdout)
    assert (created["number"], created["entries"]) == ("3012/QĐ-UBND", 5)
    assert "Điều 1 nói 05 mới ban hành; đọc được 3 sửa đổi, bổ sung, 2 mới ban hành." in [
        d["message"] for d in created["doubts"]
    ]
