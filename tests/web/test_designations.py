"""Designations per service point (list-type decisions) and linked procedure groups (liên thông)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from tests.support.designations import COMMUNE, GROUP, PROVINCE, group_decision, import_and_apply, list_decision
from tthc.catalogue.apply import DecisionConflict, apply_decision
from tthc.catalogue.designations import (
    designation_state,
    groups_of,
    point_designations,
    procedure_designations,
    procedures_received,
)
from tthc.catalogue.queries import current_revision
from tthc.db import transaction
from tthc.decisions.importing import import_decisions
from tthc.models.catalogue import Designation, ServicePoint
from tthc.printing.postings import repost_plan
from tthc.problems import ImportProblem

ON_THE_SPOT = [
    {"action": "listed", "code": "1.001233", "designation": "received", "service_point": COMMUNE},
    {"action": "listed", "code": "2.000840", "designations": ["on_the_spot", "online_full"], "service_point": PROVINCE},
    {"action": "listed", "code": "2.001255", "designation": "on_the_spot", "service_point": COMMUNE},
    {"action": "listed", "code": "2.000954", "designation": "online_partial", "point_kind": "tinh"},
]


def test_list_decision_designates_and_history_is_queryable_by_date(demo, session_factory):
    with session_factory() as session:
        before_revision = current_revision(session)
    [outcome] = import_and_apply(
        session_factory, list_decision("101/QĐ-UBND", "2025-12-01", ON_THE_SPOT), today="2025-12-01"
    )
    assert outcome.status == "applied"
    import_and_apply(
        session_factory,
        list_decision(
            "102/QĐ-UBND",
            "2026-01-10",
            [{"action": "delisted", "code": "2.000840", "designation": "on_the_spot", "service_point": PROVINCE}],
        ),
        today="2026-01-10",
    )
    with session_factory() as session:
        province = session.scalar(select(ServicePoint).where(ServicePoint.name == PROVINCE))
        commune = session.scalar(select(ServicePoint).where(ServicePoint.name == COMMUNE))
        december = point_designations(session, province, dt.date(2025, 12, 15))
        january = point_designations(session, province, dt.date(2026, 1, 15))
        november = point_designations(session, province, dt.date(2025, 11, 30))
        assert december.has("on_the_spot", "2.000840") and not january.has("on_the_spot", "2.000840")
        assert not november.has("on_the_spot", "2.000840")
        assert january.has("online_full", "2.000840") and january.has("online_partial", "2.000954")
        assert not point_designations(session, commune, dt.date(2026, 1, 15)).has("online_partial", "2.000954")
        # Received at the commune centre from the decision's date: a provincial procedure, received lower.
        assert "1.001233" in {v.code for v in procedures_received(session, commune, dt.date(2025, 12, 1))}
        assert "1.001233" not in {v.code for v in procedures_received(session, commune, dt.date(2025, 11, 30))}
        labels = {(d["label"], d["where"]) for d in procedure_designations(session, "2.000840", dt.date(2025, 12, 2))}
        assert labels == {("Giải quyết tại chỗ", PROVINCE), ("Trực tuyến toàn trình", PROVINCE)}
        # The re-post list of the commune centre puts the newly received procedure up.
        plan = repost_plan(session, before_revision, [commune])["service_points"][0]
        assert [(i["code"], i["reason"]) for i in plan["put_up"]] == [("1.001233", "Mới tiếp nhận tại đây")]
        assert len(designation_state(session)) == 5  # one per (scope, code, designation)


def test_designations_are_append_only(demo, session_factory):
    import_and_apply(session_factory, list_decision("103/QĐ-UBND", "2025-12-01", ON_THE_SPOT), today="2025-12-01")
    with session_factory() as session:
        row = session.scalars(select(Designation)).first()
        row.action = "delisted"
        with pytest.raises(ValueError, match="chỉ được ghi thêm"):
            session.flush()
        session.rollback()
        with pytest.raises(DBAPIError):  # the database's own trigger refuses it
            session.execute(text("UPDATE designation SET action = 'delisted'"))
            session.flush()
        session.rollback()


def test_bad_list_entries_are_refused_with_the_reason(demo, session_factory):
    with session_factory() as session:
        with pytest.raises(ImportProblem, match="danh mục «tai_cho» không hợp lệ"):
            import_decisions(
                session,
                [
                    (
                        1,
                        list_decision(
                            "104/QĐ-UBND",
                            "2025-12-01",
                            [
                                {
                                    "action": "listed",
                                    "code": "1.001233",
                                    "designation": "tai_cho",
                                    "service_point": PROVINCE,
                                }
                            ],
                        ),
                    )
                ],
                signed=True,
            )
        session.rollback()
        [decision] = import_decisions(
            session,
            [
                (
                    1,
                    list_decision(
                        "105/QĐ-UBND",
                        "2025-12-01",
                        [
                            {
                                "action": "listed",
                                "code": "1.001233",
                                "designation": "received",
                                "service_point": "Không có",
                            }
                        ],
                    ),
                )
            ],
            signed=True,
        )
        with pytest.raises(DecisionConflict, match="không có nơi tiếp nhận «Không có»"):
            apply_decision(session, decision)
        session.rollback()


def test_linked_group_by_decision_shows_on_each_member_and_changes_by_decision(demo, session_factory, client):
    import_and_apply(session_factory, group_decision("106/QĐ-UBND", "2025-12-01", [GROUP]), today="2025-12-01")
    changed = {**GROUP, "action": "amended", "time_limit": "4 ngày làm việc"}
    import_and_apply(session_factory, group_decision("107/QĐ-UBND", "2026-02-01", [changed]), today="2026-02-01")
    with session_factory() as session:
        [group] = groups_of(session, "2.001255", dt.date(2025, 12, 2))
        assert group.record["time_limit"] == "5 ngày làm việc" and group.record["time_limit_value"] == 5
        assert [m["code"] for m in group.record["members"]] == ["1.003005", "2.001255", "2.002349"]
        assert groups_of(session, "2.001255", dt.date(2026, 2, 2))[0].record["time_limit"] == "4 ngày làm việc"
        assert groups_of(session, "2.001255", dt.date(2025, 11, 30)) == []
    for code in ("1.003005", "2.001255", "2.002349"):
        page = client.get(f"/thu-tuc/{code}").get_data(as_text=True)
        assert "Thủ tục liên thông: Liên thông đăng ký khai tử" in page and "4 ngày làm việc" in page
    with transaction(session_factory) as session, pytest.raises(ImportProblem):
        import_decisions(session, [(1, group_decision("106/QĐ-UBND", "2026-03-01", [GROUP]))], signed=True)


def test_a_group_of_one_procedure_is_refused(demo, session_factory):
    (outcome,) = import_and_apply(
        session_factory,
        group_decision("108/QĐ-UBND", "2025-12-01", [{**GROUP, "members": GROUP["members"][:1]}]),
        today="2025-12-01",
    )
    assert outcome.status == "conflict" and "ít nhất hai thủ tục" in outcome.problems[0]


def test_public_catalogue_filters_by_point_and_designation(demo, session_factory, client):
    import_and_apply(session_factory, list_decision("109/QĐ-UBND", "2025-12-01", ON_THE_SPOT), today="2025-12-01")
    with session_factory() as session:
        province = session.scalar(select(ServicePoint).where(ServicePoint.name == PROVINCE))
    page = client.get(f"/?noi={province.id}&danh_muc=on_the_spot", follow_redirects=True).get_data(as_text=True)
    assert "/thu-tuc/2.000840" in page and page.count('href="/thu-tuc/') == 1
    page = client.get("/danh-muc?danh_muc=on_the_spot").get_data(as_text=True)
    assert "/thu-tuc/2.000840" in page and "/thu-tuc/2.001255" in page and page.count('href="/thu-tuc/') == 2


def test_search_finds_the_members_of_a_linked_group_by_its_name(demo, session_factory, client):
    import_and_apply(session_factory, group_decision("110/QĐ-UBND", "2025-12-01", [GROUP]), today="2025-12-01")
    page = client.get("/tim-kiem?q=lien thong tro cap mai tang").get_data(as_text=True)
    for code in ("1.003005", "2.001255", "2.002349"):
        assert f"/thu-tuc/{code}" in page, code


def test_the_public_page_of_a_list_decision_shows_its_entries(demo, session_factory, client):
    import_and_apply(session_factory, list_decision("111/QĐ-UBND", "2025-12-01", ON_THE_SPOT), today="2025-12-01")
    with session_factory() as session:
        from tthc.models.decisions import Decision

        decision_id = session.scalar(select(Decision.id).where(Decision.number == "111/QĐ-UBND"))
    page = client.get(f"/quyet-dinh/{decision_id}").get_data(as_text=True)
    assert "Danh mục ban hành (4 mục)" in page
    assert "Giải quyết tại chỗ; Trực tuyến toàn trình" in page and "Các trung tâm cấp tỉnh" in page
