"""The importer checks itself against what the decision says it contains (issue 22, item 2): one test per
kind of statement (title, Điều 1, section count, total row, summary table) where the reading disagrees;
the doubt is data, shown at the top of the preview and listed by `decision import --json`."""

import html
import io
import json

import pytest
from docx import Document

from tests.support.word import GOOD_ROWS, add_row, first_page, header, one_table_decision, save
from tthc.annex.selfcheck import article_one_counts, stated_count, summary_counts
from tthc.annex.word import read_decision_docx

pytestmark = pytest.mark.app_config(WTF_CSRF_ENABLED=False)


@pytest.fixture
def drafter_client(demo, make_user, client, auth):
    make_user("soan", "drafter", "Sở Tư pháp")
    auth.login("soan")
    return client


def _decision(title: str, article_one: str, build) -> bytes:
    doc = Document()
    first_page(doc, number="2715/QĐ-UBND", title=title)
    for paragraph in doc.paragraphs:
        if paragraph.text.startswith("Điều 1."):
            paragraph.text = article_one
    doc.add_paragraph("PHỤ LỤC")
    doc.add_paragraph("DANH MỤC THỦ TỤC HÀNH CHÍNH")
    build(doc)
    return save(doc)


def _table(doc, heading: str, rows: list[tuple[str, str]]):
    doc.add_paragraph(heading)
    table = header(doc, ["STT", "Mã TTHC", "Tên thủ tục hành chính", "Cơ quan thực hiện"])
    for number, (code, name) in enumerate(rows, start=1):
        add_row(table, [str(number), code, name, "Sở Tư pháp"])
    return table


NEW = [("1.001193", "Đăng ký khai sinh có yếu tố nước ngoài"), ("1.001695", "Đăng ký kết hôn có yếu tố nước ngoài")]
AMENDED = [
    ("1.000894", "Cấp phiếu lý lịch tư pháp"),
    ("1.000656", "Đăng ký khai tử có yếu tố nước ngoài"),
    ("2.000528", "Chứng thực bản sao từ bản chính"),
]
PLAIN_TITLE = "CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH LĨNH VỰC HỘ TỊCH"
PLAIN_ARTICLE = "Điều 1. Công bố kèm theo Quyết định này danh mục thủ tục hành chính."


def _title(doc):
    _table(doc, "DANH MỤC THỦ TỤC HÀNH CHÍNH ĐƯỢC SỬA ĐỔI, BỔ SUNG", AMENDED[:1])


def _article_one(doc):
    _table(doc, "I. DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH", NEW)
    _table(doc, "II. DANH MỤC THỦ TỤC HÀNH CHÍNH ĐƯỢC SỬA ĐỔI, BỔ SUNG", AMENDED)


def _section(doc):
    _table(doc, "I. DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH (03 TTHC)", NEW)


def _total(doc):
    table = _table(doc, "DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH", NEW)
    add_row(table, ["", "", "Tổng cộng: 04 TTHC", ""])


def _summary(doc):
    summary = header(doc, ["Hình thức", "Cấp tỉnh", "Cấp xã", "Tổng cộng"], repeat=False)
    add_row(summary, ["Mới ban hành", "2", "1", "3"])
    doc.add_paragraph("DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH")
    table = header(doc, ["STT", "Mã TTHC", "Tên thủ tục hành chính", "Cơ quan thực hiện"])
    from tests.support.word import span_row

    span_row(table, "A. THỦ TỤC HÀNH CHÍNH CẤP TỈNH")
    for number, (code, name) in enumerate(NEW, start=1):
        add_row(table, [str(number), code, name, "Sở Tư pháp"])


CASES = {
    "title": (
        "CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH LĨNH VỰC HỘ TỊCH",
        PLAIN_ARTICLE,
        _title,
        ["Trích yếu nói thủ tục mới ban hành; đọc được 1 sửa đổi, bổ sung."],
    ),
    "article_one": (
        PLAIN_TITLE,
        "Điều 1. Công bố kèm theo Quyết định này danh mục thủ tục hành chính, gồm: 05 thủ tục mới ban hành.",
        _article_one,
        ["Điều 1 nói 05 mới ban hành; đọc được 3 sửa đổi, bổ sung, 2 mới ban hành."],
    ),
    "section_count": (
        PLAIN_TITLE,
        PLAIN_ARTICLE,
        _section,
        ["Mục «I. DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH (03 TTHC)» nói 03 TTHC; đọc được 2 (2 mới ban hành)."],
    ),
    "total_row": (PLAIN_TITLE, PLAIN_ARTICLE, _total, ["Dòng tổng cộng của bảng 3 nói 04 TTHC; đọc được 2."]),
    "summary_table": (
        PLAIN_TITLE,
        PLAIN_ARTICLE,
        _summary,
        [
            "Bảng tổng hợp (bảng 3) nói 01 TTHC mới ban hành cấp xã; đọc được 0.",
            "Bảng tổng hợp (bảng 3) nói 03 TTHC mới ban hành; đọc được 2.",
        ],
    ),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_each_kind_of_statement_that_disagrees_is_a_doubt_at_the_top_of_the_preview(kind, drafter_client):
    title, article_one, build, messages = CASES[kind]
    data = _decision(title, article_one, build)
    parsed = read_decision_docx(data)
    assert [p.message for p in parsed.checks] == messages
    assert all(p.severity == "warning" and p.code in ("count_mismatch", "title_mismatch") for p in parsed.checks)
    response = drafter_client.post(
        "/soan-thao/word/",
        data={"file": (io.BytesIO(data), "qd.docx")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    page = html.unescape(response.get_data(as_text=True))
    top = page[page.index('class="self-check"') : page.index('class="form word-preview"')]
    assert all(message in top for message in messages)
    assert page.index('class="self-check"') < page.index("<h2>Các mục")


@pytest.mark.parametrize(
    ("title", "article_one", "build"),
    [
        ("CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH ĐƯỢC SỬA ĐỔI, BỔ SUNG", PLAIN_ARTICLE, _title),
        (
            PLAIN_TITLE,
            "Điều 1. Công bố … gồm: 02 thủ tục mới ban hành và 03 thủ tục được sửa đổi, bổ sung.",
            _article_one,
        ),
    ],
    ids=["title", "article_one"],
)
def test_a_decision_whose_statements_agree_has_no_doubt(title, article_one, build):
    assert read_decision_docx(_decision(title, article_one, build)).checks == []


def test_decision_import_json_lists_the_doubts_of_each_decision(runner, session_factory, tmp_path):
    title, article_one, build, messages = CASES["article_one"]
    path = tmp_path / "2715_QĐ-UBND.docx"
    path.write_bytes(_decision(title, article_one, build))
    result = runner.invoke(args=["decision", "import", str(path), "--json"])
    assert result.exit_code == 0, result.output
    (created,) = json.loads(result.stdout)
    counted = [d for d in created["doubts"] if d["code"] == "count_mismatch"]
    assert [d["message"] for d in counted] == messages and counted[0]["severity"] == "warning"


def test_statement_parsers():
    assert stated_count("II. DANH MỤC TTHC ĐƯỢC SỬA ĐỔI, BỔ SUNG (09 TTHC)") == 9
    assert stated_count("I. Lĩnh vực Việc làm: 07 TTHC") == 7
    assert stated_count("B. Thủ tục hành chính cấp xã: Không") == 0
    assert stated_count("A. THỦ TỤC HÀNH CHÍNH CẤP TỈNH") is None
    total, per_action = article_one_counts("Điều 1. … gồm: 05 thủ tục mới ban hành và 03 thủ tục bị bãi bỏ.")
    assert total is None and dict(per_action) == {"new": 5, "abolished": 3}
    assert article_one_counts("Điều 1. Phê duyệt 64 quy trình nội bộ … và 04 quy trình nội bộ của UBND cấp xã")[0] == 68
    assert summary_counts([["Cấp", "Mới ban hành", "Bị bãi bỏ"], ["Cấp tỉnh", "3", "1"]]) == {
        ("new", "tinh"): 3,
        ("abolished", "tinh"): 1,
    }
    assert summary_counts([["STT", "Tên thủ tục hành chính"], ["1", "Đăng ký khai sinh"]]) is None


def test_a_misread_name_and_a_misread_heading_are_shown_in_the_preview(drafter_client):
    """Issue 22: a name cell holding a citation and a number without a decision's shape are doubts the
    drafter sees, the heading's atop the preview in its own section, the name's on its entry."""
    doc = Document()
    first_page(doc, number="2715/UBND-KSTT")
    doc.add_paragraph("PHỤ LỤC")
    doc.add_paragraph("DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH")
    table = header(doc, ["STT", "Mã TTHC", "Tên thủ tục hành chính", "Cơ quan thực hiện"])
    add_row(table, ["1", "1.001193", "Đăng ký khai sinh có yếu tố nước ngoài", "Sở Tư pháp"])
    add_row(table, ["2", "1.001695", "Nghị định số 87/2020/NĐ-CP ngày 28/7/2020 của Chính phủ", "Sở Tư pháp"])
    response = drafter_client.post(
        "/soan-thao/word/",
        data={"file": (io.BytesIO(save(doc)), "qd.docx")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    page = html.unescape(response.get_data(as_text=True))
    top = page[page.index('class="heading-check"') : page.index('class="form word-preview"')]
    assert "Số quyết định đọc được «2715/UBND-KSTT» không có dạng số quyết định" in top
    assert "1 chỗ ở thông tin quyết định" in page and 'class="self-check"' not in page  # the counts agree
    assert "Mục có nghi vấn" in page
    assert "Tên đọc được «Nghị định số 87/2020/NĐ-CP ngày…» không giống tên thủ tục" in page


def test_decision_import_json_lists_a_misread_issuer_and_name(runner, tmp_path):
    """Issue 22: the heading's and the entries' self-checks reach `decision import --json` as doubts: a
    People's Committee heading under a ministry's number, a name cell holding a citation."""
    rows = [*GOOD_ROWS, ("1.001695", "Nghị định số 87/2020/NĐ-CP ngày 28/7/2020 của Chính phủ", "Sở Tư pháp")]
    path = tmp_path / "310_QĐ-BYT.docx"
    path.write_bytes(one_table_decision(rows, number="310/QĐ-BYT"))
    result = runner.invoke(args=["decision", "import", str(path), "--json"])
    assert result.exit_code == 0, result.output
    (created,) = json.loads(result.stdout)
    doubts = {(d["code"], d["field"]): d["message"] for d in created["doubts"]}
    assert "không khớp ký hiệu «BYT»" in doubts[("heading_doubt", "issuer")]
    assert "giống trích dẫn văn bản pháp luật" in doubts[("entry_doubt", "entries.1.name")]
