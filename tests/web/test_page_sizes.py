"""No page is a 53 MB page (issue 24, item 2): over the real 3,065-procedure catalogue, every public and
staff route, on its largest instance (the baseline decision, the biggest sector, the longest history, the
service point that receives everything and its counter account, the re-post list since the baseline, a
list decision of 2,555 listings, the list of all procedures behind a statistic, the changes between two
dates across the baseline, a draft of a hundred new procedures under review, a drafter's draft of three
hundred entries and a list draft, the preview of a Word decision of three hundred procedures with their
Phần II), answers under 300 KB of HTML; long lists are paginated
(tthc/web/paging.py), their full content in further pages or downloads, and the last page of every pager
is as small as the first.

The catalogue is imported once per run into a template database (conftest's `large_catalogue`); the test
works on a copy."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from tests.support.review import make_draft, signed_decision
from tests.support.route_walk import build_url, client_as
from tests.support.word import BIG_DOUBTED, big_annex_read
from tthc.db import transaction

LIMIT = 300 * 1024
STAFF_ROLES = ["drafter", "reviewer", "signer", "admin", "counter"]
# Who opens a staff route in the walk: the first allowed of these, the role that sees the most of it (the
# administrator sees every point and draft a counter clerk or a drafter sees a part of). The pages whose
# largest instance is another role's own (a drafter's draft, a clerk's point) are in _long_lists.
WIDEST_VIEW = ["admin", "reviewer", "signer", "drafter", "counter"]
PUBLIC_BLUEPRINTS = {"public", "history", "stats", "auth"}
# Files and data, not pages (their size is the content's: downloads are how the whole is given).
NOT_PAGES = re.compile(r"(\.[a-z<>]+$|^/api/|^/mau-don/|/tep/|/tai-ve$|/trang-thai$|/excel$)")


@pytest.fixture
def large_app(large_catalogue, app):
    """The app on a copy of the real 3,065-procedure catalogue (its template built once per run)."""
    return app


def _largest_instances(app) -> dict:
    """Accounts of every role and the largest instance of each kind of page."""
    from tthc.accounts.counters import set_points
    from tthc.accounts.service import create_user, find_user
    from tthc.catalogue.service_points import create_service_point
    from tthc.decisions import workflow
    from tthc.decisions.effect import apply_due
    from tthc.decisions.importing import import_decisions
    from tthc.models.accounts import User
    from tthc.models.catalogue import ProcedureVersion
    from tthc.models.decisions import Decision, DecisionKind
    from tthc.records import LEVELS, to_flat, validate_record

    factory = app.extensions["tthc"].session_factory
    with transaction(factory) as session:
        for role in STAFF_ROLES:
            create_user(session, role, role, "mat-khau-an-toan-1", agency="Sở Tư pháp" if role == "drafter" else None)
        create_user(session, "tham", "reviewer", "mat-khau-an-toan-1")
        create_user(session, "ky", "signer", "mat-khau-an-toan-1")
        # The centre that receives every procedure of every level, and the counter account that works there.
        point = create_service_point(
            session, "Trung tâm Phục vụ hành chính công tỉnh Hà Tĩnh", kind="tinh", rules={"levels": list(LEVELS)}
        )
        set_points(session, find_user(session, "counter"), [point.id], actor="test")
        baseline = session.scalar(select(Decision).where(Decision.kind == DecisionKind.BASELINE))
        by_sector = func.count(ProcedureVersion.id)
        sector = session.execute(
            select(ProcedureVersion.sector, by_sector).group_by(ProcedureVersion.sector).order_by(by_sector.desc())
        ).first()[0]
        valid = (
            e.record for e in baseline.entries if not any(p.severity == 'error' for p in validate_record(e.record))
        )
        records = [record for _, record in zip(range(100), valid, strict=False)]
        code = records[0]["code"]  # amended twice below: the longest history
        ids = {"point_id": point.id, "decision_id": baseline.id, "code": code, "sector": sector}
        codes = session.scalars(select(ProcedureVersion.code).order_by(ProcedureVersion.code)).all()
    # A list decision as the benchmarks make it: a third of the catalogue resolved on the spot and half of it
    # online at the provincial centres (2,555 listings), signed and in force; and a list draft.
    listings = [
        {"action": "listed", "code": c, "designation": designation, "point_kind": "tinh"}
        for i, c in enumerate(codes)
        for designation, every in (("on_the_spot", 3), ("online_full" if i % 4 == 0 else "online_partial", 2))
        if i % every == 0
    ]
    list_decision = {"kind": "danh_muc", "issuer": "UBND tỉnh Hà Tĩnh", "entries": listings}
    with transaction(factory) as session:
        title = "Danh mục thủ tục hành chính giải quyết tại chỗ, trực tuyến"
        [signed] = import_decisions(
            session,
            [(1, {**list_decision, "number": "1020/QĐ-UBND", "date": "2025-06-01", "title": title})],
            signed=True,
        )
        # The draft: its first 600 listings (six pages; 420 KB on one page before they were paged).
        draft_flat = {**list_decision, "entries": listings[:600], "number": "", "title": title}
        [draft] = import_decisions(session, [(1, draft_flat)], signed=False)
        drafter = find_user(session, "drafter")
        draft.created_by_id, draft.drafting_agency_id = drafter.id, drafter.agency_id
        ids.update(list_id=signed.id, list_draft_id=draft.id)
    apply_due(factory)
    # The longest history: the procedure amended twice after the baseline.
    for number, applicants in (("1021/QĐ-UBND", "Tổ chức, cá nhân"), ("2715/QĐ-UBND", "Công dân Việt Nam")):
        signed_decision(
            factory,
            [{"action": "amended", "code": code, "applicants": applicants}],
            number=number,
            effective_date=dt.date.today(),
            drafter="drafter",
        )
        apply_due(factory)
    # A draft of a hundred new procedures, real content, under review: the staff diff.
    entries = [{**to_flat(r), "action": "new", "code": f"2.9{i:05d}"} for i, r in enumerate(records)]
    draft_id = make_draft(factory, entries, title="Công bố 100 thủ tục mới", created_by="drafter")
    with transaction(factory) as session:
        draft = session.get(Decision, draft_id)
        workflow.submit(session, draft, session.scalar(select(User).where(User.username == "drafter")))
        ids.update(review_id=draft_id, entry_id=draft.entries[0].id)
    # A drafter's own draft of three hundred amended procedures, still editable: each entry has its forms.
    amended = [{"action": "amended", "code": c, "applicants": "Công dân Việt Nam"} for c in codes[:300]]
    ids["editable_id"] = make_draft(
        factory, amended, title="Công bố lại thủ tục lĩnh vực Tư pháp", created_by="drafter"
    )
    with transaction(factory) as session:
        ids["source_id"] = _ministry_source(session, records)
        ids["users"] = {u.username: u.id for u in session.scalars(select(User))}
        ids["word_job_id"] = _word_preview(session, find_user(session, "drafter"))
    return ids


def _word_preview(session, drafter) -> int:
    """A Word decision of 300 new procedures, each with its Phần II (about 25 paragraphs), three rows of them
    doubted, read and waiting for its drafter's confirmation (2.2 MB of HTML on one page before it was
    paged). The same file as tests/web/test_word_preview_pages.py, built once per process."""
    from tthc.decisions.word_preview import keep_document

    return keep_document(session, "2715_QĐ-UBND.docx", 49_000, big_annex_read(300, True, BIG_DOUBTED), drafter).id


def _ministry_source(session, records: list[dict]) -> int:
    """A ministry's decision recorded as a source: 300 entries of real content (amending what we hold)."""
    import json

    from tthc.records import to_flat
    from tthc.sources.reading import import_source, read_source_bytes

    entries = [{**to_flat(r), "action": "amended", "level": "tinh"} for r in records] * 3
    for i, entry in enumerate(entries[len(records) :]):
        entry["code"] = f"1.9{i:05d}"  # the copies are procedures we do not hold: new to us
    decision = {"number": "1378/QĐ-BNV", "date": "2025-11-25", "issuer": "Bộ Nội vụ", "entries": entries}
    flat, doubts = read_source_bytes(json.dumps(decision, ensure_ascii=False).encode(), "1378_QĐ-BNV.jsonl")
    return import_source(session, flat, doubts=doubts, actor="test").id


def _visits(app, ids: dict) -> list[tuple[str | None, str]]:
    """(who, URL): every GET page rule once, its arguments filled with the largest instances, asked by anyone
    (public pages) or by the staff role that sees the most of it (WIDEST_VIEW); then the further largest
    instances, each by one who sees it."""
    from tthc.web.access import PUBLIC, policy_for

    values = {
        "code": ids["code"],
        "decision_id": ids["decision_id"],
        "point_id": ids["point_id"],
        "entry_id": ids["entry_id"],
        # The Word decision read for its preview: the import job pages show it (a status); no print job has
        # its id (asked as 404).
        "job_id": ids["word_job_id"],
        "token": "khong-co-1",
        "user_id": 1,
        "source_id": ids["source_id"],
        "slug": "khai-sinh",
    }
    visits: list[tuple[str | None, str]] = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in (rule.methods or ()) or rule.endpoint == "static" or NOT_PAGES.search(rule.rule):
            continue
        blueprint = rule.endpoint.rpartition(".")[0]
        own = {"decision_id": ids["review_id"]} if blueprint in ("review", "drafting") else {}
        missing = [name for name in rule.arguments if name not in {**values, **own}]
        assert not missing, f"{rule.rule}: no largest instance for {missing}"
        url = build_url(rule, {**values, **own})
        policy = policy_for(app, rule.endpoint, "GET")
        if policy == PUBLIC or blueprint in PUBLIC_BLUEPRINTS:
            visits.append((None, url))
        else:
            assert policy, f"{rule.rule}: no access policy"
            visits.append((next(role for role in WIDEST_VIEW if role in policy), url))
    visits += [
        (None, f"/danh-muc?linh_vuc={ids['sector']}"),
        (None, f"/tim-kiem?linh_vuc={ids['sector']}"),
        (None, f"/danh-muc?noi={ids['point_id']}"),
        (None, f"/thu-tuc/{ids['code']}/so-sanh"),
        ("admin", "/can-bo/niem-yet/thay-doi?tu=0"),
        ("drafter", f"/soan-thao/word/viec/{ids['word_job_id']}?loc=nghi-van"),
        *((who, url) for url, who in _long_lists(ids).items()),
    ]
    return list(dict.fromkeys(visits))


# Across the baseline (01/01/2025): all 3,065 procedures are new between these dates.
BETWEEN_DATES = "/thay-doi/giua-hai-ngay?tu=2024-12-01&den=2026-12-31"


def _long_lists(ids: dict) -> dict[str, str | None]:
    """Pages whose lists run to thousands at this size, and who sees them (None: anyone): each must be paged."""
    return {
        f"/quyet-dinh/{ids['decision_id']}": None,
        f"/quyet-dinh/{ids['list_id']}": None,
        BETWEEN_DATES: None,
        "/thong-ke/danh-sach?chi_so=total": None,
        "/danh-muc": None,
        f"/tham-dinh/{ids['list_id']}": "reviewer",
        f"/soan-thao/{ids['editable_id']}": "drafter",
        f"/soan-thao/{ids['list_draft_id']}": "drafter",
        f"/can-bo/niem-yet/noi-tiep-nhan/{ids['point_id']}": "counter",
        f"/can-bo/niem-yet/thay-doi?tu=0&noi={ids['point_id']}": "counter",
        f"/soan-thao/word/viec/{ids['word_job_id']}": "drafter",
    }


LAST_PAGE = re.compile(r'<a rel="last" href="([^"]+)"')


@pytest.mark.slow
@pytest.mark.rendering  # the size of what is rendered; the PostgreSQL pass reads the large catalogue elsewhere
def test_every_page_stays_under_300_kb_at_3000_procedures(large_app):
    ids = _largest_instances(large_app)
    too_big, answered, pages, followed = [], 0, {}, set()
    clients = {who: client_as(large_app, ids["users"][who] if who else None) for who in [None, *STAFF_ROLES]}
    for who, url in _visits(large_app, ids):
        response = clients[who].get(url)
        assert response.status_code < 500, f"{who or 'anonymous'} {url}: {response.status_code}"
        if "text/html" not in response.content_type:
            continue
        pages[who, url] = response.get_data(as_text=True)
        answered += response.status_code == 200
        # The last page of each of its pagers, as small as the first (once, whoever sees it first).
        for last in sorted(set(LAST_PAGE.findall(pages[who, url])) - followed):
            followed.add(last)
            size = len(clients[who].get(last.replace("&amp;", "&")).get_data())
            if size > LIMIT:
                too_big.append(f"{who or 'anonymous'} {last}: {size // 1024} KB")
        size = len(response.get_data())
        if size > LIMIT:
            too_big.append(f"{who or 'anonymous'} {url}: {size // 1024} KB")
    assert answered >= 25
    assert not too_big, "\n".join(too_big)
    unpaged = [url for url, who in _long_lists(ids).items() if not LAST_PAGE.search(pages[who, url])]
    assert not unpaged, unpaged
    _every_entry_is_reachable(large_app, pages[None, f"/quyet-dinh/{ids['decision_id']}"])


def _every_entry_is_reachable(app, first: str) -> None:
    """The baseline decision's summary counts all 3,065 entries; its pager's last link reaches the last one,
    on a page as small as the first."""
    client = app.test_client()
    assert "3065 thủ tục" in first and "Mục 1." in first and "Mục 3065." not in first
    last_link = re.search(r'<a rel="last" href="([^"]+)"', first)
    assert last_link is not None
    last = client.get(last_link.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert len(last.encode()) <= LIMIT and "Mục 3065." in last
    pages = int(re.search(r"Trang (\d+)/(\d+)", last).group(2))
    assert f"Trang {pages}/{pages}" in last and pages > 100


def test_entries_of_very_different_sizes_are_paged_by_weight_and_every_one_is_reachable():
    """The pager cuts by weight (a 70 KB procedure alone, small amendments twenty to a page) and knows which
    page shows any entry (a comment's link to an entry on another page)."""
    from flask import Flask

    from tthc.web.paging import paginate, paginate_by_weight

    app = Flask(__name__)
    weights = [500] * 45 + [70_000] + [500] * 3
    with app.test_request_context("/quyet-dinh/1?xem=song-song&trang=3"):
        page = paginate_by_weight(weights, 60_000, 20)
        assert page.bounds == (0, 20, 40, 45, 46, 49) and (page.start, page.stop) == (40, 45)
        assert [page.page_of(i) for i in (0, 39, 40, 45, 48)] == [1, 2, 3, 4, 5]
        assert page.url(1) == "/quyet-dinh/1?xem=song-song" and page.url(4) == "/quyet-dinh/1?xem=song-song&trang=4"
    with app.test_request_context("/danh-muc?trang=99999999"):
        listing = paginate(3065, 50)
        assert (listing.number, listing.pages, listing.first, listing.last) == (62, 62, 3051, 3065)
    with app.test_request_context("/danh-muc?trang=abc"):
        assert paginate(0, 50).number == 1 and not paginate(0, 50).several
