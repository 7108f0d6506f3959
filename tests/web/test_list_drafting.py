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


def test_long_list_decisions_are_paged_on_the_drafting_review_and_public_pages(demo, make_user, client, auth, session):
    """Issue 24, item 2: a list decision of 2,555 listings was 1.8 MB as a draft, 600 KB in review and 480 KB
    on its public page. Here 250 listings: the drafting page a hundred a page, the others two hundred."""
    from tthc.decisions.importing import import_decisions
    from tthc.models.catalogue import ProcedureVersion

    codes = session.scalars(select(ProcedureVersion.code).order_by(ProcedureVersion.code)).all()
    designations = [
        "on_the_spot",
        "online_full",
        "postal",
        "received",
        "non_territorial",
        "online_partial",
        "on_the_spot",
    ]
    rows = [
        {"action": "listed", "code": code, "designation": designation, "point_kind": kind}
        for designation in designations
        for kind in ("tinh", "xa")
        for code in codes
    ][:250]
    make_user("soan", "drafter", "Sở Tư pháp")
    title = "Danh mục thủ tục hành chính giải quyết tại chỗ, trực tuyến, bưu chính công ích"
    flat = {"kind": "danh_muc", "issuer": "UBND tỉnh Quảng Trị", "title": title, "entries": rows}
    session.rollback()
    with session.begin():
        [draft] = import_decisions(session, [(1, {**flat, "number": "", "effective_date": EFFECTIVE})], signed=False)
        [signed] = import_decisions(
            session, [(2, {**flat, "number": "322/QĐ-UBND", "date": "2026-01-10"})], signed=True
        )
        drafter = user(session, "soan")
        draft.created_by_id, draft.drafting_agency_id = drafter.id, drafter.agency_id
        draft_id, signed_id = draft.id, signed.id
    auth.login("soan")
    first = client.get(f"/soan-thao/{draft_id}").get_data(as_text=True)
    assert "Danh mục (250 mục)" in first and "Mục 1–100 trong 250 mục." in first
    third = client.get(f"/soan-thao/{draft_id}?trang=3").get_data(as_text=True)
    assert "Mục 201–250 trong 250 mục." in third and 'aria-label="Xóa mục danh mục 250"' in third
    removed = client.post(f"/soan-thao/{draft_id}/danh-muc/249/xoa", data={"trang": "3"})
    assert removed.headers["Location"].endswith(f"/soan-thao/{draft_id}?trang=3#danh-muc")
    session.expire_all()
    assert len(session.get(Decision, draft_id).extra["designations"]) == 249

    public = client.get(f"/quyet-dinh/{signed_id}").get_data(as_text=True)
    assert "Danh mục ban hành (250 mục)" in public and "Mục 1–200 trong 250 mục." in public
    last = client.get(f"/quyet-dinh/{signed_id}?trang_danh_muc=2").get_data(as_text=True)
    assert "<tr><td>250</td>" in last and "<tr><td>200</td>" not in last
    review = client.get(f"/tham-dinh/{draft_id}").get_data(as_text=True)
    assert "Mục 1–200 trong 212 thay đổi của danh mục." in review  # what the points gain (a few rows repeat)
    assert "Mục 201–212 trong 212" in client.get(f"/tham-dinh/{draft_id}?trang_danh_muc=2").get_data(as_text=True)
