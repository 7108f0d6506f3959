"""A scanned first page read by OCR (issue 22, item 6): Debian's tesseract-ocr with its Vietnamese data
reads the number and the date of the project's own fixture right (tests/fixtures/scanned-first-page.pdf,
page 1 of dieu1-disagrees.pdf rasterised by scripts/make_pdf_fixtures.py --scan); only the decision's
first part is taken from the picture, marked as OCR; no entry is read from a picture."""

import pytest

from tthc.annex import ocr
from tthc.annex.pdf import read_decision_pdf
from tthc.config import PROJECT_ROOT

FIXTURES = PROJECT_ROOT / "tests" / "fixtures"
needs_tesseract = pytest.mark.skipif(not ocr.available(), reason="tesseract-ocr + tesseract-ocr-vie not installed")


@pytest.fixture(scope="module")
def scanned():
    return read_decision_pdf((FIXTURES / "scanned-first-page.pdf").read_bytes())


@needs_tesseract
def test_the_scanned_first_page_gives_the_number_and_date_of_the_text_pdf(scanned):
    text = read_decision_pdf((FIXTURES / "dieu1-disagrees.pdf").read_bytes())
    assert text.heading["number"] == "3012/QĐ-UBND" and text.heading["date"] == "2025-12-05"
    assert {k: scanned.heading[k] for k in ("number", "date", "effective_date")} == {
        k: text.heading[k] for k in ("number", "date", "effective_date")
    }


@needs_tesseract
def test_what_ocr_read_is_marked_and_the_pages_with_text_give_the_entries(scanned):
    (notice,) = [n for n in scanned.as_dict()["notices"] if n.startswith("Trang 1")]  # atop the preview
    assert "bằng OCR" in notice and "cần đối chiếu với bản giấy" in notice
    assert [e.values["code"] for e in scanned.entries] == [None, "1.000656", "2.000528"]  # page 2 only
    # Điều 1, read by OCR, is checked against the entries like any other text
    assert [p.code for p in scanned.checks if p.code != "heading_doubt"] == ["count_mismatch"]
    # what OCR could not read of the first page (the motto block's issuer, the signer) is asked for
    assert [p.field for p in scanned.checks if p.code == "heading_doubt"] == ["issuer", "signer"]


def test_the_lines_tesseract_gives_become_the_heading_paragraphs():
    text = (
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA\n"
        "Số: 2715/QĐ-UBND Quảng Trị, ngày 19 tháng 11 năm\n"
        "2025\n\n"
        "QUYẾT ĐỊNH\n"
        "Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ về kiểm\n"
        "soát thủ tục hành chính;\n\n"
        "PHỤ LỤC\n"
        "1 1.001193 Đăng ký khai Sở Tư pháp\n"
    )
    assert ocr.heading_paragraphs(text) == [
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA",
        "Số: 2715/QĐ-UBND",
        "Quảng Trị, ngày 19 tháng 11 năm 2025",
        "QUYẾT ĐỊNH",
        "Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ về kiểm soát thủ tục hành chính;",
        "PHỤ LỤC",  # the annex opens; its table on the picture is not read
    ]
