"""The decision document as Word (.docx), for the office to edit before signing: the same content as
the PDF (tthc.printing.decision_doc.build computes it once for both), Decree 30/2020 layout.

First page (issuer and national motto block, number, place and date, title, căn cứ, Điều 1–3, signature
block with the signing title), then the annex: Phần I one table per action with level group rows
("A. Thủ tục hành chính cấp tỉnh"), Phần II the content of each procedure as the labelled parts of
Circular 02/2017 ("a) Trình tự thực hiện:" …; a part not recorded says "Chưa cập nhật", never "Không").
Times New Roman 13 pt, A4, annex pages landscape, the header row of each table repeated on every page.
Reading this file back with tthc.annex.word gives the same entries with the same records (tested).
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from sqlalchemy.orm import Session

from ..models.decisions import Decision
from ..records import AGENCY_ROLE_LABELS, CHANNELS, LEVELS
from ..records.presence import NOT_RECORDED_LABEL, online_availability
from ..records.process import step_time_text
from ..text import fold
from .decision_doc import DecisionDoc, build
from .render import method_time

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Level group rows of Phần I, in the order the annex lists them.
LEVEL_ORDER = ("trung_uong", "tinh", "huyen", "xa", "khac", "")
GROUP_LETTERS = "ABCDĐEGHIK"


def _issuer_lines(issuer: str) -> list[str]:
    """ "UBND tỉnh Quảng Trị" → ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG TRỊ"] (how the block is printed)."""
    if issuer.upper().startswith("UBND "):
        return ["ỦY BAN NHÂN DÂN", issuer[5:].upper()]
    if issuer.upper().startswith("ỦY BAN NHÂN DÂN "):
        return ["ỦY BAN NHÂN DÂN", issuer[16:].upper()]
    return [issuer.upper()]


def _paragraph(
    container, text: str = "", *, bold=False, italic=False, center=False, size: int | None = None, indent=False
):
    paragraph = container.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif indent:
        paragraph.paragraph_format.first_line_indent = Cm(1)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
    return paragraph


def _cell_lines(cell, lines: list[str], *, bold=False, center=False) -> None:
    """One paragraph per line (how multi-line cells are written, and read back)."""
    cell.text = ""
    first = True
    for line in lines or [""]:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(line)
        run.bold = bold


def _repeat_header(row) -> None:
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _first_page(document, d: DecisionDoc) -> None:
    head = document.add_table(rows=2, cols=2)
    _no_borders(head)
    _cell_lines(head.cell(0, 0), [*_issuer_lines(d.issuer), "-------"], bold=True, center=True)
    _cell_lines(
        head.cell(0, 1),
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "---------------"],
        bold=True,
        center=True,
    )
    _cell_lines(head.cell(1, 0), [f"Số: {d.number or '      /QĐ-UBND'}"], center=True)
    _cell_lines(head.cell(1, 1), [d.place_date], center=True)
    head.cell(1, 1).paragraphs[0].runs[0].italic = True
    if d.draft:
        _paragraph(document, f"DỰ THẢO – {d.status_label}", bold=True, center=True)
    _paragraph(document, "QUYẾT ĐỊNH", bold=True, center=True)
    _paragraph(document, d.title, bold=True, center=True)
    _paragraph(document, d.authority.upper(), bold=True, center=True)
    for act in d.legal_acts:
        _paragraph(document, act, italic=True, indent=True)
    _paragraph(document, "QUYẾT ĐỊNH:", bold=True, center=True)
    for number, text in (
        (1, f"Công bố kèm theo Quyết định này {d.summary}."),
        (
            2,
            "Các cơ quan thực hiện thủ tục hành chính có trách nhiệm cập nhật nội dung thủ tục hành chính được "
            "công bố vào Cơ sở dữ liệu quốc gia về thủ tục hành chính, niêm yết công khai tại nơi tiếp nhận hồ sơ "
            "và xây dựng quy trình nội bộ giải quyết thủ tục hành chính theo quy định.",
        ),
        (
            3,
            f"Quyết định này có hiệu lực thi hành {d.effective_text}. Thủ trưởng các cơ quan, đơn vị và tổ "
            "chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này./.",
        ),
    ):
        paragraph = _paragraph(document, indent=True)
        paragraph.add_run(f"Điều {number}. ").bold = True
        paragraph.add_run(text)
    block = document.add_table(rows=1, cols=2)
    _no_borders(block)
    _cell_lines(
        block.cell(0, 0),
        [
            "Nơi nhận:",
            "- Như Điều 3;",
            "- Cục Kiểm soát thủ tục hành chính - Văn phòng Chính phủ;",
            "- Lưu: VT, KSTTHC.",
        ],
    )
    block.cell(0, 0).paragraphs[0].runs[0].bold = True
    _cell_lines(block.cell(0, 1), [*d.signer_title.split("\n"), "", "", "", d.signer or ""], bold=True, center=True)


def _landscape_section(document) -> None:
    section = document.add_section()
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width


def _level_groups(rows: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """[(group heading or "", rows)]: one group per level when any row states one."""
    if not any(row["level"] for row in rows):
        return [("", rows)]
    groups: list[tuple[str, list[dict[str, Any]]]] = []
    for level in LEVEL_ORDER:
        members = [row for row in rows if (row["level"] or "") == level]
        if members:
            label = LEVELS.get(level, level).lower() if level else "chưa xác định cấp thực hiện"
            groups.append((f"{GROUP_LETTERS[len(groups)]}. Thủ tục hành chính {label}", members))
    return groups


def _part_one(document, d: DecisionDoc) -> None:
    _paragraph(document, "PHẦN I. DANH MỤC THỦ TỤC HÀNH CHÍNH", bold=True, center=True)
    for number, group in enumerate(d.groups, start=1):
        _paragraph(document, f"{number}. Danh mục thủ tục hành chính {group['heading']}", bold=True)
        headers = ["STT", "Mã TTHC", "Tên thủ tục hành chính", "Lĩnh vực", "Cơ quan thực hiện", group["basis_heading"]]
        table = document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(table.rows[0].cells, headers, strict=False):
            _cell_lines(cell, [text], bold=True, center=True)
        _repeat_header(table.rows[0])
        for heading, rows in _level_groups(group["rows"]):
            if heading:
                cells = table.add_row().cells
                merged = cells[0].merge(cells[-1])
                _cell_lines(merged, [heading], bold=True)
            for index, row in enumerate(rows, start=1):
                cells = table.add_row().cells
                columns = (
                    [str(index)],
                    [row["code"]],
                    [row["name"]],
                    [row["sector"]],
                    [row["agency"]],
                    [f"- {line}" for line in row["basis_lines"]],
                )
                for cell, lines in zip(cells, columns, strict=False):
                    _cell_lines(cell, lines)


LIST_HEADERS = ("STT", "Mã TTHC", "Tên thủ tục hành chính", "Lĩnh vực", "Cơ quan thực hiện", "Ghi chú")


def _list_tables(document, d: DecisionDoc) -> None:
    """A list-type decision's annex: per designation a heading and a table, a group row per service
    point or centre level (tthc.annex.word_lists reads them back to the same listed / delisted entries)."""
    for table_data in d.listings:
        _paragraph(document, table_data["heading"], bold=True)
        table = document.add_table(rows=1, cols=len(LIST_HEADERS))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(table.rows[0].cells, LIST_HEADERS, strict=False):
            _cell_lines(cell, [text], bold=True, center=True)
        _repeat_header(table.rows[0])
        for place in table_data["places"]:
            _spanning_row(table, place["label"], bold=True)
            for index, row in enumerate(place["rows"], start=1):
                cells = table.add_row().cells
                for cell, text in zip(
                    cells,
                    (str(index), row["code"], row["name"], row["sector"], row["agency"], row["note"]),
                    strict=False,
                ):
                    _cell_lines(cell, [text])


NOT_RECORDED = NOT_RECORDED_LABEL  # a part not recorded is never printed as "Không"


def _method_line(method: dict[str, Any]) -> str:
    """ "- Trực tiếp: Thời hạn giải quyết: …; Phí, lệ phí: …" (tthc.annex.word_content reads it back)."""
    head = CHANNELS.get(method.get("channel") or "", "") if method.get("channel") else (method.get("note") or "")
    line = (f"{head}: " if head else "") + f"Thời hạn giải quyết: {method_time(method)}; "
    line += f"Phí, lệ phí: {method.get('fee') or ''}"
    if method.get("channel") and method.get("note"):
        line += f"; Ghi chú: {method['note']}"
    return f"- {line}"


def _document_line(doc: dict[str, Any]) -> str:
    counts = ", ".join(
        part
        for part in (
            f"{doc['originals']} bản chính" if doc.get("originals") is not None else "",
            f"{doc['copies']} bản sao" if doc.get("copies") is not None else "",
        )
        if part
    )
    return (
        f"- {doc.get('name', '')}"
        + (f" (Mẫu: {doc['form']})" if doc.get("form") else "")
        + (f": {counts}" if counts else "")
    )


def _record_parts(record: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """Phần II for one procedure, as the labelled parts of Circular 02/2017 ("a) Trình tự thực hiện:" …):
    (label, lines). A part not recorded says "Chưa cập nhật"."""
    agencies = record.get("agencies") or {}
    dossier = []
    for case in record.get("dossier") or []:
        if case.get("case"):
            dossier.append(case["case"] if case["case"].endswith(":") else f"{case['case']}:")
        dossier += [_document_line(doc) for doc in case.get("documents") or []]
    head = [
        ("Mã thủ tục", [record.get("code") or "Chưa có mã"]),
        ("Cấp thực hiện", [LEVELS.get(record.get("level") or "", "")]),
        ("Lĩnh vực", [record.get("sector") or NOT_RECORDED]),
        ("Dịch vụ công trực tuyến", [online_availability(record).label]),
    ]
    if record.get("postal"):
        head.append(("Tiếp nhận, trả kết quả qua bưu chính công ích", ["Có"]))
    if record.get("non_territorial"):
        head.append(("Phi địa giới hành chính", ["Có"]))
    methods = [_method_line(m) for m in record.get("methods") or []]
    steps = [f"- {s.strip()}" for s in record.get("steps") or [] if isinstance(s, str) and s.strip()]
    agency_lines = [
        f"- {label}: {name}" for role, label in AGENCY_ROLE_LABELS.items() for name in agencies.get(role) or []
    ]
    parts = [*head, ("a) Trình tự thực hiện", steps), ("b) Cách thức thực hiện", methods)]
    if record.get("place"):
        parts.append(("Địa điểm tiếp nhận", record["place"].split("\n")))
    parts += [
        ("c) Thành phần, số lượng hồ sơ", dossier),
        ("d) Thời hạn giải quyết", (record.get("time_limit") or "").split("\n")),
        ("đ) Đối tượng thực hiện", (record.get("applicants") or "").split("\n")),
        ("e) Cơ quan thực hiện", agency_lines),
        ("g) Kết quả thực hiện", [f"- {r}" for r in record.get("results") or []]),
        ("h) Phí, lệ phí", (record.get("fee") or "").split("\n")),
        ("i) Tên mẫu đơn, tờ khai", [f"- {f}" for f in record.get("forms") or []]),
        ("k) Yêu cầu, điều kiện", (record.get("requirements") or "").split("\n")),
        ("l) Căn cứ pháp lý", [f"- {b}" for b in record.get("legal_basis") or []]),
    ]
    if record.get("notes"):
        parts.append(("Ghi chú", record["notes"].split("\n")))
    return [(label, [line for line in lines if line.strip()] or [NOT_RECORDED]) for label, lines in parts]


PROCESS_HEADERS = ("TT", "Trình tự", "Trách nhiệm", "Thời gian", "Biểu mẫu/Kết quả")


def _spanning_row(table, text: str, *, bold=False) -> None:
    cells = table.add_row().cells
    _cell_lines(cells[0].merge(cells[-1]), text.split("\n"), bold=bold)


def _process_table(document, record: dict[str, Any]) -> None:
    """The internal process after the procedure's Phần II block, in the Hà Tĩnh form the Word importer
    reads (tthc.annex.word_processes): title rows naming the procedure and the process code (a code not
    recorded says "Chưa cập nhật"), the header "TT | Trình tự | Trách nhiệm | Thời gian | Biểu mẫu/Kết
    quả", a spanning row per case, the steps, the case's total row."""
    process = record["process"]
    code = record.get("code") or ""
    _paragraph(document, "m) Quy trình nội bộ giải quyết thủ tục hành chính:", bold=True, indent=True)
    table = document.add_table(rows=0, cols=len(PROCESS_HEADERS))
    table.style = "Table Grid"
    _spanning_row(
        table,
        f"Quy trình nội bộ giải quyết thủ tục {record.get('name', '')}"
        + (f" (Mã TTHC: {code})" if code and code != "Chưa có mã" else ""),
        bold=True,
    )
    _spanning_row(table, f"KÝ HIỆU QUY TRÌNH: {process.get('code') or NOT_RECORDED}", bold=True)
    header = table.add_row()
    for cell, text in zip(header.cells, PROCESS_HEADERS, strict=False):
        _cell_lines(cell, [text], bold=True, center=True)
    _repeat_header(header)
    for case in process.get("cases") or []:
        if case.get("case"):  # the importer knows a case row by "Trường hợp …"
            label = case["case"]
            _spanning_row(table, label if fold(label).startswith("truong hop") else f"Trường hợp: {label}", bold=True)
        for step in case.get("steps") or []:
            work = step.get("work") or ""
            if step.get("linked") and "lien thong" not in fold(f"{work} {step.get('unit') or ''}"):
                work = f"{work} (liên thông)"  # as the PDF prints it; read back as the step's link
            cells = table.add_row().cells
            for cell, text in zip(
                cells,
                (
                    step.get("order") or "",
                    work,
                    step.get("unit") or "",
                    step_time_text(step),
                    step.get("product") or "",
                ),
                strict=False,
            ):
                _cell_lines(cell, text.split("\n"))
        if case.get("total"):
            cells = table.add_row().cells
            _cell_lines(cells[1], ["Tổng thời gian giải quyết"], bold=True)
            _cell_lines(cells[3], case["total"].split("\n"), bold=True)


def _part_two(document, d: DecisionDoc) -> None:
    if not d.contents:
        return
    _paragraph(document, "PHẦN II. NỘI DUNG CỤ THỂ CỦA TỪNG THỦ TỤC HÀNH CHÍNH", bold=True, center=True)
    for part in d.contents:
        _paragraph(document, f"{part['letter']}. Thủ tục hành chính {part['heading']}", bold=True)
        for number, record in enumerate(part["records"], start=1):
            _paragraph(document, f"{number}. {record.get('name', '')}", bold=True)
            for label, lines in _record_parts(record):
                if len(lines) == 1 and label[1:2] != ")":
                    paragraph = _paragraph(document, indent=True)  # "Mã thủ tục: 1.013401" on one line
                    paragraph.add_run(f"{label}: ").bold = True
                    paragraph.add_run(lines[0])
                    continue
                _paragraph(document, f"{label}:", bold=True, indent=True)
                for line in lines:
                    _paragraph(document, line, indent=True)
            if record.get("process"):
                _process_table(document, record)


def render_docx(d: DecisionDoc) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin = section.bottom_margin = Cm(2)
    _first_page(document, d)
    _landscape_section(document)
    _paragraph(document, "PHỤ LỤC", bold=True, center=True)
    _paragraph(document, d.annex_title, bold=True, center=True)
    _paragraph(
        document,
        f"(Kèm theo Quyết định số {d.number or '      '} {d.long_date} của {d.issuer})",
        italic=True,
        center=True,
    )
    if d.listings:
        _list_tables(document, d)
    else:
        _part_one(document, d)
    if d.contents:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _part_two(document, d)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def decision_docx(session: Session, decision: Decision) -> bytes:
    """The decision as an editable .docx (never cached: it is made for editing before signing)."""
    return render_docx(build(session, decision))
