"""Smaller things found when officials and citizens used the site (issue 24, item 10), each its own test.
The ones with a page are in tests/browser/test_browser_use_fixes.py."""

from __future__ import annotations

import datetime as dt
import json
import re

import pandas as pd
from sqlalchemy import select

from tests.support.review import signed_decision
from tthc.catalogue.agencies import load_register, split_agency_text
from tthc.catalogue.io import ensure_reference_data
from tthc.decisions.checks import field_label
from tthc.models.catalogue import Agency
from tthc.models.decisions import Decision
from tthc.records.process import check_case_time
from tthc.stats.compute import _agency_groups

COMMUNES = "Ủy ban nhân dân xã, phường, thị trấn"


# --- a. apply-due refuses a day that has not come -------------------------------------------------
def test_apply_due_refuses_a_future_today_and_applies_nothing(demo, make_user, runner):
    make_user("soan", "drafter", "Sở Tư pháp")
    make_user("tham", "reviewer")
    make_user("ky", "signer")
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    did = signed_decision(
        demo,
        [{"action": "amended", "code": "2.000587", "applicants": "Cộng tác viên mới"}],
        number="2716/QĐ-UBND",
        effective_date=tomorrow,
    )
    result = runner.invoke(args=["decision", "apply-due", "--today", tomorrow.isoformat(), "--json"])
    assert result.exit_code == 1
    assert "là ngày trong tương lai" in result.output
    with demo() as session:
        assert session.get(Decision, did).status == "signed"
    # Today (or a day already past, to catch up) is still accepted.
    result = runner.invoke(args=["decision", "apply-due", "--today", dt.date.today().isoformat(), "--json"])
    assert result.exit_code == 0 and json.loads(result.output) == []


# --- b. a list of administrative units after a head noun is one agency ---------------------------
def test_a_commune_level_peoples_committee_is_one_agency_not_three(session):
    assert split_agency_text(COMMUNES) == [COMMUNES]
    assert split_agency_text(f"{COMMUNES} nơi cư trú; Sở Tư pháp") == [f"{COMMUNES} nơi cư trú", "Sở Tư pháp"]
    assert split_agency_text("UBND huyện, thị xã và thành phố, Công an tỉnh") == [
        "UBND huyện, thị xã và thành phố",
        "Công an tỉnh",
    ]
    assert split_agency_text("Sở Tư pháp, Trung tâm Trợ giúp pháp lý nhà nước") == [
        "Sở Tư pháp",
        "Trung tâm Trợ giúp pháp lý nhà nước",
    ]
    record = {"agencies": {"executing": [COMMUNES]}, "sector": "Hộ tịch"}
    ensure_reference_data(session, [record])
    names = set(session.scalars(select(Agency.name)))
    assert COMMUNES in names and not names & {"phường", "thị trấn", "Ủy ban nhân dân xã"}
    # The statistics by agency count it once, under its own name.
    register = load_register(session)
    current = pd.DataFrame({"code": ["1.001233"], "agencies": [record["agencies"]]})
    groups, ids = _agency_groups(current, register)
    assert list(groups) == [COMMUNES] and ids[COMMUNES] is not None


# --- c. an upper-case Word title keeps its proper names -----------------------------------------
def test_an_upper_case_word_title_keeps_the_province_and_the_peoples_committee():
    from docx import Document

    from tests.support.word import add_row, first_page, header, save
    from tthc.annex.word import read_decision_docx

    doc = Document()
    first_page(
        doc,
        number="2715/QĐ-UBND",
        date_line="Hà Tĩnh, ngày 05 tháng 12 năm 2025",
        title="VỀ VIỆC CÔNG BỐ DANH MỤC TTHC THUỘC THẨM QUYỀN GIẢI QUYẾT CỦA ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH",
    )
    doc.tables[0].cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH\n-------"
    doc.add_paragraph("PHỤ LỤC")
    table = header(doc, ["STT", "Mã TTHC", "Tên thủ tục hành chính", "Địa điểm thực hiện", "Căn cứ pháp lý"])
    add_row(table, ["1", "1.888001", "Đăng ký khai sinh", "Ủy ban nhân dân cấp xã", "Luật Hộ tịch 2014"])
    title = read_decision_docx(save(doc)).heading["title"]
    assert title == ("Về việc công bố danh mục TTHC thuộc thẩm quyền giải quyết của Ủy ban nhân dân tỉnh Hà Tĩnh"), (
        title
    )


# --- d. the feed: the address it is served at, and signed decisions --------------------------------
def test_the_feed_links_to_where_the_site_is_served_and_lists_signed_decisions(app, demo, make_user, client):
    make_user("soan", "drafter", "Sở Tư pháp")
    make_user("tham", "reviewer")
    make_user("ky", "signer")
    signed_decision(
        demo,
        [{"action": "amended", "code": "2.000587", "applicants": "Cộng tác viên mới"}],
        number="2716/QĐ-UBND",
        effective_date=dt.date.today() + dt.timedelta(days=10),
    )
    app.config["PUBLIC_BASE_URL"] = "http://127.0.0.1:5000"  # left at the default
    services = app.extensions["tthc"]
    services.settings = services.settings.replace(public_base_url="http://127.0.0.1:5000")
    feed = client.get("/thay-doi/atom.xml", base_url="http://tthc.hatinh.test:8080").get_data(as_text=True)
    links = re.findall(r'href="([^"]+)"', feed)
    assert links and all(link.startswith("http://tthc.hatinh.test:8080/") for link in links), links
    assert "127.0.0.1:5000" not in feed
    assert "2716/QĐ-UBND: đã ký, hiệu lực từ" in feed and "2715/QĐ-UBND" in feed
    # Another address gets its own links, never the answer built for the first one.
    other = client.get("/thay-doi/atom.xml", base_url="http://10.0.0.5").get_data(as_text=True)
    assert "tthc.hatinh.test" not in other and 'href="http://10.0.0.5/thay-doi/' in other
    # A public base URL that is set wins over the request's address.
    app.config["PUBLIC_BASE_URL"] = "https://dichvucong.hatinh.gov.vn"
    services = app.extensions["tthc"]
    services.settings = services.settings.replace(public_base_url="https://dichvucong.hatinh.gov.vn")
    feed = client.get("/thay-doi/atom.xml", base_url="http://tthc.hatinh.test:8080").get_data(as_text=True)
    assert all(link.startswith("https://dichvucong.hatinh.gov.vn/") for link in re.findall(r'href="([^"]+)"', feed))


# --- i. db upgrade says what it did ----------------------------------------------------------------
def test_db_upgrade_on_a_new_database_says_it_created_the_schema(tmp_path):
    from tthc import create_app

    url = f"sqlite:///{tmp_path / 'moi.sqlite3'}"
    settings = {"DATABASE_URL": url, "SECRET_KEY": "x", "APPLY_DUE_ON_START": False}
    runner = create_app({**settings, "INDEX_DIR": str(tmp_path / "i"), "EXPORT_DIR": str(tmp_path / "e")})
    first = runner.test_cli_runner().invoke(args=["db", "upgrade"])
    assert first.exit_code == 0 and "Đã tạo lược đồ cơ sở dữ liệu" in first.output, first.output
    assert "đã ở phiên bản mới nhất" not in first.output
    again = runner.test_cli_runner().invoke(args=["db", "upgrade"])
    assert again.exit_code == 0 and "đã ở phiên bản mới nhất (" in again.output, again.output
    runner.extensions["tthc"].engine.dispose()


# --- j. the process-time message: one unit, Vietnamese words -------------------------------------
def test_the_process_time_message_counts_in_days_and_speaks_vietnamese():
    record = {"methods": [{"channel": "truc_tiep", "time_limit_value": 5, "time_limit_unit": "ngay_lam_viec"}]}
    case = {
        "case": "",
        "channel": "truc_tiep",
        "total": "",
        "steps": [
            {"order": "Bước 1", "time": "4 giờ", "time_value": 4, "time_unit": "gio"},
            {"order": "Bước 2", "time": "5 ngày", "time_value": 5, "time_unit": "ngay_lam_viec"},
        ],
    }
    check = check_case_time(record, {"code": "QT.STP.01"}, case)
    assert "4 giờ (0,5 ngày) + 5 ngày = 5,5 ngày làm việc" in check.message, check.message
    assert "giờ = " not in check.message
    assert field_label("process.cases.0") == "Quy trình nội bộ › trường hợp 1"
    assert "cases" not in field_label("process.cases.1.steps.2.time_unit")
    assert "steps" not in field_label("process.cases.1.steps.2.time_unit")
