"""Ministry decisions as sources, built with python-docx in the layout of the ministry-form sample
(catalogue_sample/annex/2715_QĐ-UBND_ministry-form.docx: Phần I tables "TT | Mã số TTHC | Tên thủ tục
hành chính | Tên VBQPPL … | Lĩnh vực | Cơ quan thực hiện" under group rows by level, then Phần II), with
entries chosen so that every class occurs against the demo catalogue."""

from __future__ import annotations

from docx import Document

from tests.support.word import add_row, header, save, span_row

COLUMNS = [
    "TT",
    "Mã số TTHC",
    "Tên thủ tục hành chính",
    "Tên VBQPPL quy định nội dung",
    "Lĩnh vực",
    "Cơ quan thực hiện",
]
LAW = "Nghị định số 144/2017/NĐ-CP ngày 15/12/2017 của Chính phủ"
# code in the source → (expected class, procedure in the demo catalogue it matches)
EXPECTED = {
    "1.013500": ("new", None),  # a procedure the province does not hold
    "2.000587": ("amend", "2.000587"),  # held; the ministry changes its fee
    "2.000596": ("in_step", "2.000596"),  # held with the same fee
    "2.000840": ("abolish", "2.000840"),  # held; abolished
    "1.013501": ("not_our_level", None),  # central level
    "": ("new", None),  # no code, a near name of 2.000518: a doubt, never a match
}
NEAR_NAME = "Thủ tục cấp lại thẻ cộng tác viên trợ giúp pháp lý cho người bị mất thẻ"


def _first_page(doc, number: str, effective: str) -> None:
    motto = doc.add_table(rows=2, cols=2)
    motto.cell(0, 0).text = "BỘ TƯ PHÁP\n-------"
    motto.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------"
    motto.cell(1, 0).text = f"Số: {number}"
    motto.cell(1, 1).text = "Hà Nội, ngày 10 tháng 11 năm 2025"
    doc.add_paragraph("QUYẾT ĐỊNH")
    doc.add_paragraph(
        "VỀ VIỆC CÔNG BỐ THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH, ĐƯỢC SỬA ĐỔI, BỔ SUNG VÀ BỊ BÃI BỎ TRONG LĨNH VỰC "
        "TRỢ GIÚP PHÁP LÝ THUỘC PHẠM VI CHỨC NĂNG QUẢN LÝ CỦA BỘ TƯ PHÁP"
    )
    doc.add_paragraph("BỘ TRƯỞNG BỘ TƯ PHÁP")
    doc.add_paragraph("Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ về kiểm soát thủ tục hành chính;")
    doc.add_paragraph("QUYẾT ĐỊNH:")
    doc.add_paragraph("Điều 1. Công bố kèm theo Quyết định này thủ tục hành chính trong lĩnh vực trợ giúp pháp lý.")
    doc.add_paragraph(f"Điều 2. Quyết định này có hiệu lực thi hành kể từ {effective}.")
    block = doc.add_table(rows=1, cols=2)
    block.cell(0, 0).text = "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT, Cục PBGDPL."
    block.cell(0, 1).text = "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n\n\nNguyễn Thanh Tịnh"


def _table(doc, heading: str, groups: list[tuple[str, list[list[str]]]], code_header: str = "Mã số TTHC") -> None:
    doc.add_paragraph(heading)
    table = header(doc, [COLUMNS[0], code_header, *COLUMNS[2:]])
    number = 0
    for group, rows in groups:
        span_row(table, group)
        for row in rows:
            number += 1
            add_row(table, [f"{number}.", *row])


def ministry_source(
    number: str = "3120/QĐ-BTP", effective: str = "ngày 01 tháng 01 năm 2026", fee: str = "50.000 đồng/thẻ"
) -> bytes:
    doc = Document()
    _first_page(doc, number, effective)
    doc.add_paragraph("PHỤ LỤC")
    doc.add_paragraph(
        "THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH, ĐƯỢC SỬA ĐỔI, BỔ SUNG VÀ BỊ BÃI BỎ TRONG LĨNH VỰC TRỢ GIÚP PHÁP LÝ"
    )
    doc.add_paragraph(f"(Kèm theo Quyết định số {number} ngày 10 tháng 11 năm 2025 của Bộ trưởng Bộ Tư pháp)")
    doc.add_paragraph("PHẦN I. DANH MỤC THỦ TỤC HÀNH CHÍNH")
    _table(
        doc,
        "1. Danh mục thủ tục hành chính mới ban hành",
        [
            (
                "A. Thủ tục hành chính cấp tỉnh",
                [
                    ["1.013500", "Thủ tục cấp thẻ trợ giúp viên pháp lý tập sự", LAW, "Trợ giúp pháp lý", "Sở Tư pháp"],
                    ["", NEAR_NAME, LAW, "Trợ giúp pháp lý", "Sở Tư pháp"],
                ],
            ),
            (
                "B. Thủ tục hành chính cấp trung ương",
                [["1.013501", "Thủ tục cấp thẻ trợ giúp viên pháp lý", LAW, "Trợ giúp pháp lý", "Bộ Tư pháp"]],
            ),
        ],
    )
    _table(
        doc,
        "2. Danh mục thủ tục hành chính được sửa đổi, bổ sung",
        [
            (
                "A. Thủ tục hành chính cấp tỉnh",
                [
                    [
                        "2.000587",
                        "Thủ tục cấp thẻ cộng tác viên trợ giúp pháp lý",
                        LAW,
                        "Trợ giúp pháp lý",
                        "Sở Tư pháp",
                    ],
                    ["2.000596", "Thủ tục đăng ký tham gia trợ giúp pháp lý", LAW, "Trợ giúp pháp lý", "Sở Tư pháp"],
                ],
            )
        ],
    )
    _table(
        doc,
        "3. Danh mục thủ tục hành chính bị bãi bỏ",
        [
            (
                "A. Thủ tục hành chính cấp tỉnh",
                [["2.000840", "Thủ tục chấm dứt tham gia trợ giúp pháp lý", LAW, "Trợ giúp pháp lý", "Sở Tư pháp"]],
            )
        ],
        code_header="Số hồ sơ TTHC",
    )
    doc.add_paragraph("PHẦN II. NỘI DUNG CỤ THỂ CỦA TỪNG THỦ TỤC HÀNH CHÍNH")
    doc.add_paragraph("A. Thủ tục hành chính cấp tỉnh")
    doc.add_paragraph("1. Thủ tục cấp thẻ trợ giúp viên pháp lý tập sự")
    doc.add_paragraph("a) Trình tự thực hiện:")
    doc.add_paragraph("- Bước 1: Người đề nghị nộp hồ sơ tại Sở Tư pháp.")
    doc.add_paragraph("- Bước 2: Sở Tư pháp cấp thẻ trong thời hạn 05 ngày làm việc.")
    doc.add_paragraph("b) Cách thức thực hiện: Nộp hồ sơ trực tiếp hoặc qua dịch vụ bưu chính công ích")
    doc.add_paragraph("c) Thành phần, số lượng hồ sơ:")
    doc.add_paragraph("+ Đơn đề nghị cấp thẻ (Mẫu số 01/TP-TGPL): 01 bản chính")
    doc.add_paragraph("d) Thời hạn giải quyết: 05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.")
    doc.add_paragraph("đ) Đối tượng thực hiện thủ tục hành chính: Cá nhân.")
    doc.add_paragraph("h) Phí, lệ phí: Không")
    doc.add_paragraph("2. Thủ tục cấp thẻ cộng tác viên trợ giúp pháp lý")
    doc.add_paragraph(f"h) Phí, lệ phí: {fee}")
    doc.add_paragraph("3. Thủ tục đăng ký tham gia trợ giúp pháp lý")
    doc.add_paragraph("h) Phí, lệ phí: Miễn phí")
    return save(doc)


# What the province fills in where a draft from a source marks a mandatory part the source did not give.
FILLED = {
    "steps": ["Bước 1: Nộp hồ sơ tại Trung tâm Phục vụ hành chính công tỉnh.", "Bước 2: Nhận thẻ."],
    "dossier": [{"case": "", "documents": [{"name": "Đơn đề nghị cấp thẻ (Mẫu số 01/TP-TGPL)", "originals": 1}]}],
    "applicants": "Cá nhân",
    "place": "Trung tâm Phục vụ hành chính công tỉnh",
}
# The accounts draft_whole_and_sign uses (the drafter of Sở Tư pháp, a reviewer, a signer).
USERS = (("soan", "drafter"), ("kiemsoat", "reviewer"), ("lanhdao", "signer"))


def draft_whole_and_sign(factory, source_id: int, signed_date, settings) -> int:
    """The draft made from the ministry-form source (every entry the province must act on: the new one, the
    near-named one the office decides is new, the amended fee, the abolished one), its marked fields filled,
    the checks passed, reviewed and signed on `signed_date`, in force on 01/01/2026. Returns its id."""
    import datetime as dt

    from sqlalchemy import select

    from tthc.decisions.checks import check_decision
    from tthc.decisions.drafting import save_entry
    from tthc.decisions.starting_point import full_record
    from tthc.decisions.workflow import approve, sign, submit
    from tthc.models.accounts import User
    from tthc.sources.drafting import draft_from_source, source_of
    from tthc.sources.service import get_source, meaning_of

    with factory() as session:
        users = {name: session.scalar(select(User).where(User.username == name)) for name, _ in USERS}
        source = get_source(session, source_id)
        meaning = meaning_of(session, source, settings, dt.date(2025, 12, 1))
        actionable = [m.entry.id for m in meaning.entries if m.for_us in ("new", "amend", "abolish")]
        assert len(actionable) == 4
        decision = draft_from_source(session, source, actionable, users["soan"], settings)
        to_fill = source_of(decision)["to_fill"]
        assert any("steps" in marks for marks in to_fill.values())  # the near-named entry: no Phần II
        for entry in decision.entries:
            marks = to_fill[str(entry.id)]
            if entry.action == "abolished" or not set(marks) - {"agencies.executing", "place"}:
                continue  # proposed agencies and place: the province confirms them as they stand
            record = full_record(session, decision, entry)
            record.update({k: v for k, v in FILLED.items() if k in marks})
            if "methods" in marks:
                record["methods"] = [{"channel": "truc_tiep", "time_limit": "05 ngày làm việc", "fee": "Không"}]
            save_entry(session, decision, entry, users["soan"], record=record)
        decision.number = "46/QĐ-UBND"
        problems = check_decision(session, decision, today=signed_date)
        assert not problems.errors, [(p.field, p.message) for p in problems.errors]
        submit(session, decision, users["soan"])
        approve(session, decision, users["kiemsoat"])
        sign(
            session,
            decision,
            users["lanhdao"],
            number="46/QĐ-UBND",
            signed_date=signed_date,
            signer="Lê Đức Tiến",
            effective_date=dt.date(2026, 1, 1),
            today=signed_date,
        )
        session.commit()
        return decision.id
