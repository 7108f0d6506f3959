"""The Word decisions behind the PDF fixtures of tests/fixtures (run by scripts/make_pdf_fixtures.sh).

- long-decision.docx: a decision of about 100 pages (tests/support/word.big_annex: a first page, an
  8-column annex with group rows and "Như trên", Phần II for every procedure);
- scanned-first-page.pdf (--scan SOURCE TARGET): a PDF whose first page is a picture;
- dieu1-disagrees.docx: Điều 1 says "05 thủ tục mới ban hành" while the annex lists 2 new procedures and
  3 amended ones (the browser test's decision);
- process-annex.docx: a process annex sent apart from its decision (tests/support/word.process_annex_file),
  whose PDF the attach job's web test reads as it reads the Word file.

    PYTHONPATH=. .venv/bin/python scripts/make_pdf_fixtures.py OUTDIR [ENTRIES]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from docx import Document  # noqa: E402

from tests.support.word import add_row, big_annex, first_page, header, process_annex_file, save  # noqa: E402


def disagreeing() -> bytes:
    doc = Document()
    first_page(doc, number="3012/QĐ-UBND", title="CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH LĨNH VỰC HỘ TỊCH")
    for paragraph in doc.paragraphs:
        if paragraph.text.startswith("Điều 1."):
            paragraph.text = (
                "Điều 1. Công bố kèm theo Quyết định này danh mục thủ tục hành chính, gồm: 05 thủ tục mới ban hành."
            )
    doc.add_paragraph("PHỤ LỤC")
    doc.add_paragraph("DANH MỤC THỦ TỤC HÀNH CHÍNH")
    sections = [
        (
            "I. DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH",
            [
                ("1.001193", "Đăng ký khai sinh có yếu tố nước ngoài"),
                ("1.001695", "Đăng ký kết hôn có yếu tố nước ngoài"),
            ],
        ),
        (
            "II. DANH MỤC THỦ TỤC HÀNH CHÍNH ĐƯỢC SỬA ĐỔI, BỔ SUNG",
            [
                ("1.000894", "Cấp phiếu lý lịch tư pháp"),
                ("1.000656", "Đăng ký khai tử có yếu tố nước ngoài"),
                ("2.000528", "Chứng thực bản sao từ bản chính"),
            ],
        ),
    ]
    for heading, rows in sections:
        doc.add_paragraph(heading)
        table = header(doc, ["STT", "Mã TTHC", "Tên thủ tục hành chính", "Cơ quan thực hiện"])
        for number, (code, name) in enumerate(rows, start=1):
            add_row(table, [str(number), code, name, "Sở Tư pháp"])
    return save(doc)


def ruled(data: bytes) -> bytes:
    """The annex tables with their rules, as published decisions print them (python-docx's default
    table has none); the borderless motto and signature blocks (two columns) stay as they are."""
    import io

    doc = Document(io.BytesIO(data))
    for table in doc.tables:
        if len(table.columns) > 2:
            table.style = doc.styles["Table Grid"]
    return save(doc)


def scanned_first_page(source: Path, target: Path) -> None:
    """`source` with its first page replaced by a picture of it: a page without a text layer."""
    import pypdfium2 as pdfium  # comes with pdfplumber

    original = pdfium.PdfDocument(str(source))
    out = pdfium.PdfDocument.new()
    first = original[0]
    width, height = first.get_size()
    bitmap = first.render(scale=2)
    page = out.new_page(width, height)
    image = pdfium.PdfImage.new(out)
    image.set_bitmap(bitmap)
    image.set_matrix(pdfium.PdfMatrix().scale(width, height))
    page.insert_obj(image)
    page.gen_content()
    out.import_pages(original, list(range(1, len(original))))
    out.save(str(target))


def main() -> None:
    if sys.argv[1] == "--scan":
        scanned_first_page(Path(sys.argv[2]), Path(sys.argv[3]))
        return
    out = Path(sys.argv[1])
    entries = int(sys.argv[2]) if len(sys.argv) > 2 else 80
    (out / "long-decision.docx").write_bytes(ruled(big_annex(entries)))
    (out / "dieu1-disagrees.docx").write_bytes(ruled(disagreeing()))
    (out / "process-annex.docx").write_bytes(process_annex_file())


if __name__ == "__main__":
    main()
