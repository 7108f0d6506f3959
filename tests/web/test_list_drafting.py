"""List-type decisions (danh mục) drafted in the browser: created, listed / delisted entries added and
removed, checked, submitted, shown in review as what each service point gains and loses, applied."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.support.designations import COMMUNE, PROVINCE, import_and_apply, list_decision
from tests.support.review import user
from tthc.catalogue.designations import designation_state
from tthc.decisions import listings
from tthc.decisions.checks import check_decision
from tthc.decisions.effect import apply_due
from tthc.diff.decision import diff_decision
from tthc.models.catalogue import ServicePoint
from tthc.models.decisions import Decision
from tthc.problems import DomainError

pytestmark = pytest.mark.app_config(WTF_CSRF_ENABLED=False)  # the browser test below covers the real tokens

EFFECTIVE = (dt.date.today() + dt.timedelta(days=20)).isoformat()


@pytest.fixture
def listed_before(demo):
    """In force already: 2.000840 online toàn trình at every commune centre."""
    import_and_apply(
        demo,
        list_decision(
            "201/QĐ-UBND",
            "2025-06-01",
            [{"action": "listed", "code": "2.000840", "designation": "online_full", "point_kind": "xa"}],
        ),
        today="2025-06-01",
    )
    return demo


def _decision(session, title: str) -> Decision:
    session.expire_all()
    return session.scalar(select(Decision).where(Decision.title == title))


def test_drafting_checks_and_review_diff_of_a_list_decision(listed_before, make_user, client, auth, session):
    make_user("soan", "drafter", "Sở Tư pháp")
    auth.login("soan")
    title = "Ban hành danh mục thủ tục hành chính giải quyết tại chỗ"
    response = client.post("/soan-thao/danh-muc/moi", data={"title": title, "effective_date": EFFECTIVE})
    decision = _decision(session, title)
    assert response.status_code == 302 and decision.extra["list_kind"] == "danh_muc"
    page = client.get(f"/soan-thao/{decision.id}").get_data(as_text=True)
    assert "Quyết định danh mục chưa có mục nào" in page and "Thêm mục danh mục" in page
    province = session.scalar(select(ServicePoint).where(ServicePoint.name == PROVINCE))
    for form in (
        {
            "action": "listed",
            "code": "2.000954",
            "designation": ["on_the_spot", "received"],
            "where": f"point:{province.id}",
        },
        {"action": "delisted", "code": "2.000840", "designation": "online_full", "where": "kind:xa"},
        {"action": "listed", "code": "9.999999", "designation": "on_the_spot", "where": "kind:tinh"},
        {"action": "listed", "code": "2.001255", "where": "kind:tinh"},
    ):
        client.post(f"/soan-thao/{decision.id}/danh-muc", data=form)
    decision = _decision(session, title)
    assert [(e["action"], e["code"]) for e in decision.extra["designations"]] == [
        ("listed", "2.000954"),
        ("delisted", "2.000840"),
    ]
    page = client.get(f"/soan-thao/{decision.id}").get_data(as_text=True)
    assert "Giải quyết tại chỗ, Tiếp nhận tại đây" in page and "Các Trung tâm cấp xã" in page
    assert not check_decision(session, decision).has_errors

    diff = diff_decision(session, decision)
    by_point = {p["point"]: p for p in diff["listings"]}
    assert [(g["code"], g["designation"]) for g in by_point[PROVINCE]["gains"]] == [
        ("2.000954", "received"),
        ("2.000954", "on_the_spot"),
    ]
    assert by_point[PROVINCE]["losses"] == []
    assert [(g["code"], g["designation"]) for g in by_point[COMMUNE]["losses"]] == [("2.000840", "online_full")]
    review = client.get(f"/tham-dinh/{decision.id}").get_data(as_text=True)
    assert "Danh mục ở từng nơi tiếp nhận" in review and "Bị đưa ra (1)" in review and "Được thêm (2)" in review

    client.post(f"/soan-thao/{decision.id}/danh-muc/1/xoa")
    assert len(_decision(session, title).extra["designations"]) == 1


def test_list_entries_are_refused_when_bad_and_applied_like_imported_ones(listed_before, make_user, session):
    make_user("soan", "drafter", "Sở Tư pháp")
    drafter = user(session, "soan")
    decision = listings.create_list_draft(
        session, drafter, title="Danh mục trực tuyến", effective_date=dt.date(2025, 12, 1)
    )
    with pytest.raises(DomainError, match="không hợp lệ"):
        listings.add_listing(
            session, decision, drafter, action="listed", code="2.000954", designations=["bogus"], point_kind="tinh"
        )
    with pytest.raises(DomainError, match="9.999999"):
        listings.add_listing(
            session,
            decision,
            drafter,
            action="listed",
            code="9.999999",
            designations=["online_full"],
            point_kind="tinh",
        )
    listings.add_listing(
        session, decision, drafter, action="listed", code="2.000954", designations=["online_full"], point_kind="tinh"
    )
    decision.status = "signed"  # the signing path is the workflow's; here only applying matters
    session.commit()
    apply_due(listed_before, dt.date(2025, 12, 1))
    session.expire_all()
    assert designation_state(session, dt.date(2025, 12, 1))[(("kind", "tinh"), "2.000954", "online_full")] is True


@pytest.mark.browser
def test_browser_drafter_creates_a_list_decision_and_reviewer_sees_gains_and_losses(
    page, live_server, listed_before, make_user, browser_auth
):
    make_user("soan", "drafter", agency="Sở Tư pháp")
    make_user("tham", "reviewer")
    browser_auth.login("soan")
    page.goto(f"{live_server}/soan-thao/")
    page.locator("#list-title").fill("Ban hành danh mục thủ tục hành chính giải quyết tại chỗ tại Trung tâm")
    page.locator("#list-effective").fill(EFFECTIVE)
    page.get_by_role("button", name="Lập quyết định danh mục").click()
    expect(page.get_by_role("heading", name="Danh mục (0 mục)")).to_be_visible()
    page.get_by_label("Mã thủ tục").fill("2.000954")
    page.get_by_label("Giải quyết tại chỗ").check()
    page.get_by_label("Nơi tiếp nhận").select_option(label=PROVINCE)
    page.get_by_role("button", name="Thêm mục danh mục").click()
    page.get_by_label("Hình thức").select_option(label="Đưa ra khỏi danh mục")
    page.get_by_label("Mã thủ tục").fill("2.000840")
    page.get_by_label("Trực tuyến toàn trình").check()
    page.get_by_label("Nơi tiếp nhận").select_option(label="Mọi Trung tâm cấp xã")
    page.get_by_role("button", name="Thêm mục danh mục").click()
    expect(page.get_by_role("heading", name="Danh mục (2 mục)")).to_be_visible()
    expect(page.locator("tr.listing-delisted")).to_contain_text("2.000840")
    page.get_by_role("button", name="Nộp thẩm định").click()
    expect(page.locator("#trang-thai")).to_have_text("Chờ thẩm định")

    browser_auth.login("tham")
    page.goto(f"{live_server}/tham-dinh/")
    page.get_by_role("link", name=re.compile(r"Dự thảo số \d+")).first.click()
    section = page.locator("section.rv-listings")
    expect(section.get_by_role("heading", name=PROVINCE)).to_be_visible()
    expect(section.locator("ul.rv-listing-gains").first).to_contain_text("Giải quyết tại chỗ: 2.000954")
    expect(section.locator("ul.rv-listing-losses").first).to_contain_text("Trực tuyến toàn trình: 2.000840")
    page.get_by_role("button", name="Thông qua").click()
    expect(page.locator("#trang-thai")).to_have_text("Đã thông qua")


LIST_ENTRIES = [
    {"action": "listed", "code": "2.000954", "designations": ["on_the_spot", "received"], "service_point": PROVINCE},
    {"action": "listed", "code": "2.001255", "designations": ["online_full"], "point_kind": "xa"},
    {"action": "listed", "code": "1.001233", "designations": ["postal", "non_territorial"], "point_kind": "tinh"},
    {"action": "delisted", "code": "2.000840", "designations": ["online_full"], "point_kind": "xa"},
    {"action": "delisted", "code": "2.000954", "designations": ["online_partial"], "service_point": COMMUNE},
]


def _as_listed(entries) -> list[tuple]:
    """(action, code, designation, where): one per designation, which is what each table row says."""
    return sorted(
        (e["action"], e["code"], d, e.get("service_point") or e.get("point_kind"))
        for e in entries
        for d in e["designations"]
    )


def test_a_list_decision_prints_its_tables_as_pdf_and_docx_and_the_docx_reads_back(demo, session):
    """Per designation a table (STT | Mã TTHC | Tên | Lĩnh vực | Cơ quan | Ghi chú), a group row per service
    point or centre level, listed tables first; the .docx reads back (tthc.annex.word_lists) to the same
    listed / delisted entries, which the importer accepts."""
    from tests.support.pdf import norm, pdf_text
    from tthc.annex.word import read_decision_docx
    from tthc.catalogue.designations import check_list_entry
    from tthc.printing.decision_doc import decision_pdf
    from tthc.printing.decision_docx import decision_docx

    decision = Decision(
        kind="cong_bo",
        number="301/QĐ-UBND",
        status="signed",
        issuer="UBND tỉnh Quảng Trị",
        title="Ban hành danh mục thủ tục hành chính giải quyết tại chỗ, trực tuyến, bưu chính",
        signer="Người ký thử",
        signed_date=dt.date(2025, 12, 1),
        effective_date=dt.date(2025, 12, 1),
        extra={"list_kind": "danh_muc", "designations": LIST_ENTRIES},
    )
    session.add(decision)
    session.flush()
    pdf = norm(" ".join(pdf_text(decision_pdf(session, decision))))
    data = decision_docx(session, decision)
    session.rollback()
    for expected in (
        "DANH MỤC THỦ TỤC HÀNH CHÍNH",
        "1. Danh mục thủ tục hành chính tiếp nhận hồ sơ tại Trung tâm",
        "2. Danh mục thủ tục hành chính giải quyết tại chỗ",
        f"A. {PROVINCE}",
        "Danh mục thủ tục hành chính đưa ra khỏi danh mục thực hiện trực tuyến toàn trình",
        "A. Các Trung tâm Phục vụ hành chính công cấp xã",
        "Đưa ra khỏi danh mục",
        "Ghi chú",
        "(03 thủ tục được đưa vào danh mục, 02 thủ tục đưa ra khỏi danh mục)",
    ):
        assert expected in pdf, expected
    assert "PHẦN I." not in pdf and "PHẦN II." not in pdf
    parsed = read_decision_docx(data)
    assert parsed.flat()["kind"] == "danh_muc"
    assert _as_listed(parsed.listings) == _as_listed(LIST_ENTRIES)
    assert not [n for n in parsed.notices if "không rõ" in n or "thiếu mã" in n]
    assert all(check_list_entry(e, "Mục") is None for e in parsed.flat()["entries"])
    assert {e["code"]: e["name"] for e in parsed.listings}["2.000840"]  # the name is the one in force
