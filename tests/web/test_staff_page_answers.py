"""The staff pages made fast at 3,000 procedures give the answers they gave before (benchmarks/staff_pages.py
times them): light rows without the records where the points' rules read only a few parts, the re-post
plan from version ids, the catalogue indexed for sources once per state, the overdue panel kept per state
and per `sources_key`, so that a change to a source is seen at the next request."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from tests.support.designations import import_and_apply
from tests.support.sources import ministry_source
from tthc.catalogue.designations import (
    DESIGNATIONS,
    designation_state,
    filter_by_designation,
    procedures_received,
    rows_received,
)
from tthc.catalogue.queries import catalogue_on, current_revision, version_rows
from tthc.catalogue.service_points import create_service_point, list_service_points, receives
from tthc.models.catalogue import ServicePoint, VersionState
from tthc.models.sources import Source
from tthc.printing.postings import repost_plan
from tthc.sources.matching import Catalogue
from tthc.sources.service import get_source, meaning_of
from tthc.text import sort_key

CHANGES = {
    "number": "2716/QĐ-UBND",
    "date": "2026-02-01",
    "issuer": "UBND tỉnh Quảng Trị",
    "title": "Công bố thủ tục hành chính được sửa đổi, thay thế, bãi bỏ",
    "entries": [
        {"action": "amended", "code": "2.000587", "fee": "60.000 đồng/thẻ"},
        {"action": "abolished", "code": "1.003179"},
        {
            "action": "replaced",
            "code": "1.013600",
            "replaces": "2.000596",
            "name": "Thủ tục cấp thẻ trợ giúp viên pháp lý (thay thế)",
            "level": "tinh",
            "sector": "Trợ giúp pháp lý",
        },
    ],
}


@pytest.fixture
def amended_catalogue(stats_catalogue, session_factory):
    """The sample with its list decisions, then a decision amending, abolishing and replacing procedures;
    a third point receiving by agency and non-territorial procedures, with one included and one excluded."""
    with session_factory() as session:
        create_service_point(
            session,
            "Quầy Sở Tư pháp tại Trung tâm (ví dụ)",
            kind="tinh",
            rules={
                "agencies": ["Sở Tư pháp"],
                "non_territorial": True,
                "include": ["1.003005"],
                "exclude": ["2.000518"],
            },
        )
        session.commit()
    import_and_apply(session_factory, CHANGES, today="2026-02-01")
    return session_factory


def _plan_the_old_way(session, since: int, points, until: int) -> list[dict]:
    """The re-post plan as it was computed before light rows: whole versions, their records read, the
    points' rules asked of each."""
    before, after = catalogue_on(session, None, since), catalogue_on(session, None, until)
    latest = {v.code: v for v in catalogue_on(session, None, until, include_abolished=True)}
    states = designation_state(session, None, since), designation_state(session, None, until)

    def received(point, versions, state):
        own = {(code, name): listed for (scope, code, name), listed in state.items() if scope == ("point", point.id)}
        kind = {(code, name): listed for (scope, code, name), listed in state.items() if scope == ("kind", point.kind)}
        merged = {**kind, **own}
        return {
            v.code: v
            for v in versions
            if merged.get((v.code, "received")) is not False
            and (merged.get((v.code, "received")) or receives(point.rules, v))
        }

    plans = []
    for point in points:
        old, new = received(point, before, states[0]), received(point, after, states[1])
        take_down, put_up = [], []
        for code, version in old.items():
            if code not in new:
                gone = latest.get(code)
                reason = (
                    "Bãi bỏ"
                    if gone is not None and gone.state == VersionState.ABOLISHED
                    else "Không còn tiếp nhận tại đây"
                )
                if gone is not None and gone.replaced_by_code:
                    reason = f"Thay thế bởi {gone.replaced_by_code}"
                take_down.append((version, reason))
            elif new[code].id != version.id:
                take_down.append((version, "Nội dung đã được sửa đổi, bổ sung"))
        for code, version in new.items():
            if code not in old:
                put_up.append((version, "Mới tiếp nhận tại đây"))
            elif old[code].id != version.id:
                put_up.append((version, "Nội dung mới"))
        plans.append(
            {
                part: [(v.code, v.id, reason) for v, reason in sorted(items, key=lambda item: sort_key(item[0].name))]
                for part, items in (("take_down", take_down), ("put_up", put_up))
            }
        )
    return plans


def test_the_repost_plan_from_light_rows_is_the_plan_of_whole_versions(amended_catalogue):
    with amended_catalogue() as session:
        points = list_service_points(session, include_inactive=True)
        until = current_revision(session)
        assert len(points) == 3 and until >= 5
        seen = set()
        for since in range(until + 1):
            plan = repost_plan(session, since, points)
            got = [
                {
                    part: [(i["code"], i["version_id"], i["reason"]) for i in entry[part]]
                    for part in ("take_down", "put_up")
                }
                for entry in plan["service_points"]
            ]
            assert got == _plan_the_old_way(session, since, points, until), since
            seen |= {reason for entry in got for part in entry.values() for *_, reason in part}
    # Every kind of change occurred: amended, abolished, replaced, listed and no longer received.
    assert {"Nội dung mới", "Bãi bỏ", "Thay thế bởi 1.013600", "Mới tiếp nhận tại đây"} <= seen


def test_light_rows_receive_and_carry_designations_as_whole_versions_do(amended_catalogue):
    with amended_catalogue() as session:
        for revision in range(1, current_revision(session) + 1):
            rows, versions = version_rows(session, None, revision), catalogue_on(session, None, revision)
            assert [(r.id, r.code, r.name, r.state) for r in rows] == [
                (v.id, v.code, v.name, v.state) for v in versions
            ]
        points = session.scalars(select(ServicePoint).order_by(ServicePoint.id)).all()
        for point in points:
            whole = [v.code for v in procedures_received(session, point)]
            assert [r.code for r in rows_received(session, point)] == whole and whole
        today = None
        for point in [None, *points]:
            for designation in ["", *DESIGNATIONS]:
                by_rows = filter_by_designation(session, version_rows(session), today, point, designation)
                by_versions = filter_by_designation(session, catalogue_on(session), today, point, designation)
                assert [r.code for r in by_rows] == [v.code for v in by_versions], (point, designation)


@pytest.fixture
def staff(app, demo, make_user):
    app.config["WTF_CSRF_ENABLED"] = False
    make_user("tham", "reviewer")
    return demo


def _upload(client, number: str, effective: str) -> None:
    data = {"file": (io.BytesIO(ministry_source(number=number, effective=effective)), f"{number}.docx")}
    assert client.post("/nguon/", data=data, content_type="multipart/form-data").status_code == 302


def _overdue_panel(client) -> dict[str, int]:
    """{source number: entries still to announce} as the landing page lists them."""
    page = client.get("/tham-dinh/").get_data(as_text=True)
    return {
        number: int(count)
        for number, count in re.findall(
            r">([^<]+/QĐ-BTP)</a>\s*<span class=\"meta\">[^<]*· (\d+) mục chưa công bố", page
        )
    }


def test_a_change_to_a_source_is_seen_on_the_landing_page_at_once(client, staff, auth, session_factory):
    auth.login("tham")
    _upload(client, "3122/QĐ-BTP", "ngày 01 tháng 12 năm 2025")
    assert _overdue_panel(client) == {"3122/QĐ-BTP": 4}
    assert _overdue_panel(client) == {"3122/QĐ-BTP": 4}  # kept: the same answer
    with staff() as session:
        source = session.scalars(select(Source)).one()
        entry = next(e for e in source.entries if e.code == "1.013500")
    client.post(f"/nguon/{source.id}/muc/{entry.id}/khong-ap-dung", data={"reason": "Tỉnh chưa có trợ giúp viên"})
    assert _overdue_panel(client) == {"3122/QĐ-BTP": 3}  # an entry not applied: one fewer to announce
    _upload(client, "3125/QĐ-BTP", "ngày 01 tháng 11 năm 2025")
    assert _overdue_panel(client) == {"3122/QĐ-BTP": 3, "3125/QĐ-BTP": 4}
    # The catalogue moves on: the procedure both sources abolish is abolished by the province.
    abolish = {
        "number": "2801/QĐ-UBND",
        "date": "2025-12-20",
        "issuer": "UBND tỉnh Quảng Trị",
        "title": "Công bố thủ tục hành chính bị bãi bỏ",
        "entries": [{"action": "abolished", "code": "2.000840"}],
    }
    import_and_apply(session_factory, abolish, today="2025-12-20")
    assert _overdue_panel(client) == {"3122/QĐ-BTP": 2, "3125/QĐ-BTP": 3}


def test_a_shared_catalogue_index_is_never_filled_with_one_sources_records(staff, app):
    """One catalogue state's index serves every request: the records an entry is compared with go to that
    entry's meaning, never into the shared index."""
    from tthc.sources.reading import import_source, read_source_bytes

    flat, doubts = read_source_bytes(ministry_source(), "3120_QĐ-BTP.docx")
    settings = {"AUTHORITY_LEVELS": "tinh,xa"}
    with staff() as session:
        source = import_source(session, flat, doubts=doubts, actor="test")
        catalogue = Catalogue.load(session)
        first = meaning_of(session, get_source(session, source.id), settings, catalogue=catalogue).as_dict()
        amended = next(
            m for m in meaning_of(session, source, settings, catalogue=catalogue).entries if m.for_us == "amend"
        )
        assert amended.procedure is not None and amended.procedure.record.get("fee")
        assert all(not held.record for held in catalogue.by_code.values())
        again = meaning_of(session, source, settings, catalogue=catalogue).as_dict()
        fresh = meaning_of(session, source, settings).as_dict()
    assert first == again == fresh
    assert any(e["doubts"] for e in fresh["entries"])  # the near name found, and found again from the index
