"""Word decisions built with python-docx for the tests and the benchmark: a first page as real decisions
lay it out, then annex tables with group rows, merged cells and whatever rows a test asks for."""

from __future__ import annotations

import copy
import functools
import html
import io
import re
from collections.abc import Iterable
from typing import Any

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn


def first_page(
    doc,
    *,
    number="123/QĐ-UBND",
    date_line="Quảng Trị, ngày 05 tháng 12 năm 2025",
    title="CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH",
    signing=("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
    signer="Nguyễn Văn A",
    effective="Quyết định này có hiệu lực thi hành kể từ ngày ký.",
    issuer="ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ",
) -> None:
    motto = doc.add_table(rows=2, cols=2)
    motto.cell(0, 0).text = f"{issuer}\n-------"
    motto.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------"
    motto.cell(1, 0).text = f"Số: {number}"
    motto.cell(1, 1).text = date_line
    doc.add_paragraph("QUYẾT ĐỊNH")
    doc.add_paragraph(title)
    doc.add_paragraph("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ")
    doc.add_paragraph("Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ về kiểm soát thủ tục hành chính;")
    doc.add_paragraph("QUYẾT ĐỊNH:")
    doc.add_paragraph("Điều 1. Công bố kèm theo Quyết định này danh mục thủ tục hành chính.")
    doc.add_paragraph(f"Điều 2. {effective}")
    block = doc.add_table(rows=1, cols=2)
    block.cell(0, 0).text = "Nơi nhận:\n- Như Điều 2;\n- Lưu: VT."
    block.cell(0, 1).text = "\n".join([*signing, "", "", signer])


def span_row(table, text: str) -> None:
    """A group row: one cell spanning the whole table."""
    row = table.add_row()
    merged = row.cells[0].merge(row.cells[-1])
    merged.text = text


def label_row(table, label: str, text: str, last: int = -1) -> None:
    """A row with `label` in its first cell and `text` in one cell merged over the others (up to column
    `last`): a numbered item ("2.10 | Quy trình xử lý công việc"), a stage or a case ("A | Tại Sở Y tế")."""
    row = table.add_row()
    row.cells[0].text = label
    row.cells[1].merge(row.cells[last]).text = text


def add_row(table, values: Iterable[Any]) -> Any:
    row = table.add_row()
    for cell, value in zip(row.cells, values, strict=False):
        cell.text = "" if value is None else str(value)
    return row


def merge_down(table, column: int, first: int, last: int) -> None:
    """Cells of `column` from row `first` to `last` (0-based) merged vertically, keeping the first text."""
    text = table.cell(first, column).text
    for r in range(first + 1, last + 1):
        table.cell(r, column).text = ""
    table.cell(first, column).merge(table.cell(last, column)).text = text


def header(table_or_doc, headers: list[str], repeat: bool = True):
    table = table_or_doc.add_table(rows=1, cols=len(headers))
    for cell, text in zip(table.rows[0].cells, headers, strict=False):
        cell.text = text
    if repeat:
        properties = table.rows[0]._tr.get_or_add_trPr()
        flag = OxmlElement("w:tblHeader")
        flag.set(qn("w:val"), "true")
        properties.append(flag)
    return table


def save(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


PART_TWO_HEADING = "PHẦN II. NỘI DUNG CỤ THỂ CỦA TỪNG THỦ TỤC HÀNH CHÍNH"
# Phần II of `word_decision`'s second procedure, as real decisions write it.
PART_TWO = [
    PART_TWO_HEADING,
    "2. Thủ tục thử hai",
    "a) Trình tự thực hiện:",
    "- Bước 1: Nộp hồ sơ.",
    "- Bước 2: Nhận kết quả.",
    "b) Cách thức thực hiện:",
    "- Trực tiếp",
    "- Trực tuyến",
    "c) Thành phần, số lượng hồ sơ:",
    "+ Tờ khai (Mẫu: Mẫu số 02): 01 bản chính",
    "d) Thời hạn giải quyết: 05 ngày làm việc",
    "đ) Đối tượng thực hiện: Công dân Việt Nam",
    "e) Cơ quan thực hiện: Sở Tư pháp",
    "h) Phí, lệ phí: Không",
    "Địa điểm tiếp nhận: Trung tâm Phục vụ hành chính công tỉnh",
]


# The 300-entry annex the tests share (its read, the preview's pages, the page-size walk): three rows doubted.
BIG_DOUBTED = (7, 151, 288)


@functools.lru_cache(maxsize=4)  # built once per process for each size: 300 entries with Phần II take seconds
def big_annex(entries: int = 300, part_two: bool = True, doubtful: tuple[int, ...] = ()) -> bytes:
    """A decision with `entries` new procedures in a wide 8-column table, level and sector group rows,
    "Như trên" in the place and legal-basis columns; with `part_two`, Phần II gives every procedure its
    content as labelled paragraphs (steps, channels, dossier, applicants, agencies, results, forms, …).
    The rows at the 0-based positions `doubtful` print a malformed code (a digit too many), which the
    reader doubts."""
    doc = Document()
    first_page(doc)
    doc.add_paragraph("PHỤ LỤC")
    doc.add_paragraph("DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH")
    table = header(
        doc,
        [
            "STT",
            "Mã TTHC",
            "Tên thủ tục hành chính",
            "Thời hạn giải quyết",
            "Địa điểm thực hiện",
            "Cách thức thực hiện",
            "Phí, lệ phí (nếu có)",
            "Căn cứ pháp lý",
        ],
    )
    span_row(table, "A. Thủ tục hành chính cấp tỉnh")
    for i in range(entries):
        if i % 25 == 0:
            span_row(table, f"{i // 25 + 1}. Lĩnh vực Thử nghiệm {i // 25 + 1}: 25 TTHC")
        first = i % 25 == 0
        add_row(
            table,
            [
                i % 25 + 1,
                f"1.{9000000 + i:07d}" if i in doubtful else f"1.{900000 + i:06d}",
                f"Thủ tục thử nghiệm số {i + 1} cấp giấy phép",
                "15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
                (
                    "- Trung tâm Phục vụ hành chính công tỉnh;\n- Qua dịch vụ bưu chính công ích"
                    if first
                    else "Như trên"
                ),
                "Trực tiếp\nTrực tuyến\nBưu chính",
                "Không",
                "- Luật A số 1/2024/QH15;\n- Nghị định B số 2/2025/NĐ-CP" if first else "Như trên",
            ],
        )
    if part_two:
        doc.add_paragraph(PART_TWO_HEADING)
        for i in range(entries):
            for line in (
                f"{i + 1}. Thủ tục thử nghiệm số {i + 1} cấp giấy phép (Mã TTHC: 1.{900000 + i:06d})",
                "a) Trình tự thực hiện:",
                "- Bước 1: Nộp hồ sơ tại Trung tâm Phục vụ hành chính công tỉnh.",
                "- Bước 2: Thẩm định hồ sơ.",
                "- Bước 3: Trả kết quả.",
                "b) Cách thức thực hiện:",
                "- Trực tiếp",
                "- Trực tuyến",
                "- Dịch vụ bưu chính",
                "c) Thành phần, số lượng hồ sơ:",
                "+ Đơn đề nghị (Mẫu: Mẫu số 01): 01 bản chính",
                "+ Bản sao giấy tờ pháp lý: 01 bản sao",
                "- Số lượng hồ sơ: 01 bộ",
                "d) Thời hạn giải quyết: 15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
                "đ) Đối tượng thực hiện: Tổ chức, cá nhân",
                "e) Cơ quan thực hiện:",
                "- Cơ quan có thẩm quyền: Ủy ban nhân dân tỉnh",
                "- Cơ quan trực tiếp thực hiện: Sở Thử nghiệm",
                "g) Kết quả thực hiện: Giấy phép",
                "h) Phí, lệ phí: Không",
                "i) Tên mẫu đơn, tờ khai: Mẫu số 01",
                "k) Yêu cầu, điều kiện: Không",
                "l) Căn cứ pháp lý:",
                "- Luật A số 1/2024/QH15;",
                "- Nghị định B số 2/2025/NĐ-CP.",
            ):
                doc.add_paragraph(line)
    return save(doc)


@functools.lru_cache(maxsize=2)
def _read(data: bytes) -> dict[str, Any]:
    from tthc.decisions.file_import import read_decision_file

    return read_decision_file(data, "word").document or {}


def big_annex_read(entries: int = 300, part_two: bool = True, doubtful: tuple[int, ...] = ()) -> dict[str, Any]:
    """big_annex as the Word reader reads it (WordDecision.as_dict(), what a kept preview holds), read once
    per process; a copy each time."""
    return copy.deepcopy(_read(big_annex(entries, part_two, doubtful)))


def word_decision(rows=None, number="77/QĐ-UBND", part_two: list[str] | None = None) -> bytes:
    doc = Document()
    first_page(doc, number=number)
    doc.add_paragraph("PHỤ LỤC")
    doc.add_paragraph("DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH")
    table = header(doc, ["STT", "Mã TTHC", "Tên thủ tục hành chính", "Địa điểm thực hiện", "Căn cứ pháp lý"])
    span_row(table, "A. Thủ tục hành chính cấp tỉnh")
    for row in rows or [
        ["1", "1.888001", "Thủ tục thử một", "Trung tâm Phục vụ hành chính công tỉnh", "Luật Thử nghiệm"],
        ["2", "1.888002", "Thủ tục thử hai", "Như trên", "Như trên"],
    ]:
        add_row(table, row)
    for line in part_two or []:
        doc.add_paragraph(line)
    return save(doc)


STEPS = ["Thứ tự công việc", "Nội dung công việc", "Đơn vị thực hiện", "Thời gian thực hiện"]


def process_tables_per_procedure() -> bytes:
    """As Nghệ An and Bắc Ninh write it: the procedure named in the paragraph above each table."""
    doc = Document()
    first_page(doc, number="3901/QĐ-UBND", title="PHÊ DUYỆT QUY TRÌNH NỘI BỘ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH")
    doc.add_paragraph("PHỤ LỤC")
    doc.add_paragraph("QUY TRÌNH NỘI BỘ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH LĨNH VỰC ĐẦU TƯ")
    doc.add_paragraph("1. Thủ tục chấp thuận nhà đầu tư thuộc thẩm quyền của UBND cấp tỉnh – Mã TTHC: 1.009642.H05")
    table = header(doc, STEPS)
    add_row(table, ["Bước 1", "Tiếp nhận hồ sơ", "Trung tâm Phục vụ hành chính công", "04 giờ"])
    add_row(table, ["Bước 2", "Thẩm định hồ sơ", "Phòng Đầu tư", "2,5 ngày"])
    doc.add_paragraph("II. Khấu trừ kinh phí bồi thường, hỗ trợ, tái định cư (mã số 1.012994)")
    other = header(doc, STEPS)
    add_row(other, ["Bước 1", "Tiếp nhận hồ sơ", "Bộ phận Một cửa", "1 ngày"])
    return save(doc)


def preview_form(page_html: str) -> dict[str, str]:
    """The fields of the Word preview's confirm form as the browser would send them untouched (checkboxes
    unticked): what the drafter confirms when they change nothing."""
    form = page_html[page_html.index('class="form word-preview"') :]
    form = form[: form.index("</form>")]
    values = {}
    for match in re.finditer(r"<input ([^>]*)>", form):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', match.group(1)))
        if "name" in attrs and attrs.get("type") != "checkbox":
            values[attrs["name"]] = html.unescape(attrs.get("value", ""))
    for match in re.finditer(r'<textarea [^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        values[match.group(1)] = html.unescape(match.group(2)).removeprefix("\n")
    for match in re.finditer(r'<select [^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        selected = re.search(r'<option value="([^"]*)" selected', match.group(2))
        values[match.group(1)] = selected.group(1) if selected else ""
    return values


def preview_urls(page_html: str) -> tuple[str, str]:
    """The Word preview's form addresses: where it saves the page's fixes, and where «Xác nhận và tạo dự
    thảo» sends them to make the draft."""
    save = re.search(r'<form method="post" action="([^"]+)" class="form word-preview"', page_html)
    confirm = re.search(r'formaction="([^"]+)">Xác nhận và tạo dự thảo', page_html)
    assert save and confirm, "no Word preview form on the page"
    return html.unescape(save.group(1)), html.unescape(confirm.group(1))


def confirm_preview(client, page_html: str, **changes: str):
    """Confirm the Word preview `page_html` as a drafter would, its fields untouched but `changes`
    ("entry-1-place": "…"; "entry-1-skip": "1" ticks a box): the test client's answer (a 303 to the draft)."""
    return client.post(preview_urls(page_html)[1], data={**preview_form(page_html), **changes})


def open_preview(client, response):
    """The page an upload of a Word decision answers: the preview it redirects to (read in the request)."""
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    return client.get(response.headers["Location"])


# The process annex behind tests/fixtures/process-annex.pdf (scripts/make_pdf_fixtures.sh): two electricity
# procedures of the demo catalogue (2715/QĐ-UBND), each named with its code in the paragraph above its table.
RETAIL_LICENCE = ("1.013416", "Cấp giấy phép hoạt động bán lẻ điện thuộc thẩm quyền cấp của Ủy ban nhân dân cấp tỉnh")
LICENCE_AMENDMENT = (
    "1.013419",
    "Cấp sửa đổi, bổ sung giấy phép hoạt động điện lực thuộc thẩm quyền cấp của Ủy ban nhân dân cấp tỉnh",
)
PROCESS_STEPS = ["TT", "Nội dung công việc", "Đơn vị thực hiện", "Thời gian", "Kết quả"]
_WIDTHS_CM = (1.6, 7.0, 3.6, 2.0, 2.4)
_LONG_CHECK = (
    "Chuyên viên thẩm định hồ sơ: kiểm tra thành phần, số lượng hồ sơ và điều kiện hoạt động bán lẻ điện "
    "của tổ chức, cá nhân đề nghị cấp giấy phép theo quy định tại nghị định hướng dẫn luật điện lực; kiểm tra "
    "sự phù hợp của phạm vi hoạt động với quy hoạch phát triển điện lực của địa phương; đối chiếu danh sách "
    "người quản lý kỹ thuật, vận hành và chứng chỉ của họ; kiểm tra hợp đồng mua buôn điện, sơ đồ lưới điện "
    "đang quản lý và tài liệu chứng minh quyền sử dụng hợp pháp lưới điện; tổ chức kiểm tra thực tế tại cơ sở "
    "khi cần thiết và lập biên bản kiểm tra; trường hợp hồ sơ chưa đầy đủ, dự thảo văn bản đề nghị bổ sung "
    "gửi tổ chức, cá nhân; trường hợp hồ sơ đầy đủ, dự thảo báo cáo thẩm định và dự thảo giấy phép trình lãnh "
    "đạo phòng xem xét"
)


def _steps_table(doc, rows: list[list[str] | str]):
    """A ruled steps table with the widths a department gives it (the work column the widest); a row
    given as a text is a title merged across the table."""
    from docx.shared import Cm

    table = header(doc, PROCESS_STEPS)
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    for row in rows:
        if isinstance(row, str):
            span_row(table, row)
        else:
            add_row(table, row)
    for column, width in zip(table.columns, _WIDTHS_CM, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
    return table


def process_annex_file(filler: int = 8) -> bytes:
    """A process annex sent apart from its decision, as a department prints it: a title, then per
    procedure the paragraph naming it with its code, its process symbol and a ruled steps table (B3 long),
    the second table with stage titles without a label across it. `filler` paragraphs before the first
    table set where LibreOffice breaks the pages: with 8, B1 and its time run over the first page break
    and the second heading stands at the foot of the second page (tests/fixtures/process-annex.pdf)."""
    doc = Document()
    doc.add_paragraph("PHỤ LỤC")
    doc.add_paragraph(
        "QUY TRÌNH NỘI BỘ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH LĨNH VỰC ĐIỆN "
        "THUỘC PHẠM VI CHỨC NĂNG QUẢN LÝ CỦA SỞ CÔNG THƯƠNG"
    )
    doc.add_paragraph("(Kèm theo Quyết định số 1120/QĐ-UBND ngày 28 tháng 10 năm 2025 của Chủ tịch UBND tỉnh Lào Cai)")
    for k in range(filler):
        doc.add_paragraph(
            f"Căn cứ thứ {k + 1}: quy trình này áp dụng cho cán bộ, công chức của Sở Công Thương và Trung tâm "
            "Phục vụ hành chính công tỉnh khi tiếp nhận và giải quyết hồ sơ."
        )
    centre, unit, head = "Trung tâm Phục vụ hành chính công tỉnh", "Phòng Quản lý năng lượng", "Lãnh đạo Sở Công Thương"
    code, name = RETAIL_LICENCE
    doc.add_paragraph(f"1. Quy trình nội bộ giải quyết thủ tục {name} (Mã TTHC: {code})")
    doc.add_paragraph("Ký hiệu quy trình: QT.SCT.01")
    _steps_table(
        doc,
        [
            ["B1", "Tiếp nhận, kiểm tra hồ sơ, chuyển phòng chuyên môn", centre, "0,5 ngày", "Phiếu tiếp nhận"],
            ["B2", "Phân công thụ lý hồ sơ", f"Lãnh đạo {unit}", "0,5 ngày", "Phiếu phân công"],
            ["B3", _LONG_CHECK, unit, "8 ngày", "Báo cáo thẩm định"],
            ["B4", "Xem xét, trình ký giấy phép", f"Lãnh đạo {unit}", "2 ngày", "Tờ trình"],
            ["B5", "Ký giấy phép", head, "3 ngày", "Giấy phép"],
            ["B6", "Trả kết quả cho tổ chức, cá nhân", centre, "1 ngày", "Giấy phép"],
            ["Tổng thời gian giải quyết", "", "", "15 ngày làm việc", ""],
        ],
    )
    code, name = LICENCE_AMENDMENT
    doc.add_paragraph(f"2. Quy trình nội bộ giải quyết thủ tục {name} (Mã TTHC: {code})")
    doc.add_paragraph("Ký hiệu quy trình: QT.SCT.02")
    _steps_table(
        doc,
        [
            "Tiếp nhận hồ sơ",
            ["Bước 1", "Tiếp nhận, kiểm tra hồ sơ", centre, "0,5 ngày", "Phiếu tiếp nhận"],
            "Giải quyết hồ sơ",
            ["Bước 2", "Thẩm định hồ sơ sửa đổi, bổ sung", unit, "5 ngày", "Báo cáo thẩm định"],
            ["Bước 3", "Ký giấy phép sửa đổi, bổ sung", head, "1,5 ngày", "Giấy phép"],
            "Trả kết quả",
            ["Bước 4", "Trả kết quả cho tổ chức, cá nhân", centre, "1 ngày", "Giấy phép"],
            ["Tổng thời gian giải quyết", "", "", "8 ngày làm việc", ""],
        ],
    )
    return save(doc)


# one entry read right: the rows a self-check must leave alone
GOOD_ROWS = [("1.001193", "Đăng ký khai sinh có yếu tố nước ngoài", "Sở Tư pháp")]


def one_table_decision(
    rows, *, headers=("STT", "Mã TTHC", "Tên thủ tục hành chính", "Cơ quan thực hiện"), **page
) -> bytes:
    """A first page (its fields as `page` says) and one annex table of `rows` under `headers`."""
    doc = Document()
    first_page(doc, **page)
    doc.add_paragraph("PHỤ LỤC")
    doc.add_paragraph("DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH")
    table = header(doc, list(headers))
    for number, row in enumerate(rows, start=1):
        add_row(table, [str(number), *row])
    return save(doc)
