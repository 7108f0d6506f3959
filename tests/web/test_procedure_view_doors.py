"""The public page `/thu-tuc/<code>` and the API's `/api/v1/procedures/<code>` render one view-model
(tthc.procedure_view): the API answers as it did before the view-model (its assembly of the time is
kept below as the reference), and the page and the API say the same facts for one code and date."""

from __future__ import annotations

import datetime as dt
import html

import pytest

from tests.support.designations import GROUP, PROVINCE, group_decision, import_and_apply, list_decision
from tests.support.review import signed_decision
from tthc.catalogue.agencies import agencies_by_role, load_register
from tthc.catalogue.designations import procedure_designations
from tthc.catalogue.queries import history, latest_version, source_decision_number
from tthc.db import transaction
from tthc.decisions.effect import announced_version
from tthc.models.decisions import Decision, DecisionEntry
from tthc.procedure_view import procedure_view
from tthc.records.presence import online_availability, presence_summary
from tthc.web import public_url
from tthc.web.caching import plain

CODES = ("1.001233", "2.000840", "2.001561", "2.000587")
PAST = "2025-06-01"  # between the baseline (2025-01-01) and the decisions applied after it


def api_before(session, code: str, on_date: dt.date | None) -> dict | None:
    """The API's procedure answer as tthc/web/api.py assembled it before the view-model (commit 438bab2)."""
    versions = history(session, code)
    announced = None if on_date else announced_version(session, code, dt.date.today())
    if not versions and announced is None:
        return None
    version = latest_version(session, code, on_date or dt.date.today())

    def facts(record, number):
        listed = {d["designation"] for d in procedure_designations(session, code, on_date or dt.date.today())}
        online = online_availability(record, listed)
        named, unmapped = agencies_by_role(load_register(session), record)
        return {
            "presence": presence_summary(record, number),
            "online": {"key": online.key, "label": online.label},
            "agencies": [
                {
                    "id": a.agency.id,
                    "name": a.agency.name,
                    "short_name": a.agency.short_name,
                    "level": a.agency.level,
                    "role": a.role,
                }
                for a in named
            ],
            "agencies_unmapped": [{"role": u.role, "text": u.text} for u in unmapped],
        }

    def summary(v):
        decision = v.entry.decision
        return {
            "valid_from": v.valid_from.isoformat(),
            "state": v.state,
            "revision": v.revision_id,
            "action": v.entry.action,
            "replaced_by_code": v.replaced_by_code,
            "decision": {"id": decision.id, "number": decision.number, "title": decision.title},
            "url": public_url("api.procedure", code=v.code, ngay=v.valid_from.isoformat()),
        }

    body = {
        "code": code,
        "date": (on_date or dt.date.today()).isoformat(),
        "state": version.state if version else "not_yet_in_force",
        "valid_from": version.valid_from.isoformat() if version else None,
        "replaced_by_code": version.replaced_by_code if version else None,
        "record": version.record if version else None,
        "versions": [summary(v) for v in versions],
    }
    if version is not None:
        body.update(facts(version.record, source_decision_number(version)))
    if announced is not None:
        decision, planned = announced
        body["announced"] = {
            "valid_from": decision.effective_date.isoformat(),
            "record": planned.record,
            "decision": {"id": decision.id, "number": decision.number, "title": decision.title},
            **facts(planned.record, decision.number),
        }
    return body


def assert_api_as_before(app, client, factory, code: str, on_date: dt.date | None) -> dict:
    address = f"/api/v1/procedures/{code}" + (f"?ngay={on_date.isoformat()}" if on_date else "")
    answer = client.get(address).get_json()
    with app.test_request_context(), factory() as session:
        before = api_before(session, code, on_date)
    assert before is not None, code
    assert {key: answer[key] for key in before} == before
    return answer


@pytest.mark.parametrize("on_date", [None, dt.date.fromisoformat(PAST)])
def test_the_api_answers_as_before_on_the_demo(app, client, demo, on_date):
    for code in CODES:
        assert_api_as_before(app, client, demo, code, on_date)
    abolished = client.get(f"/api/v1/procedures/2.001561?ngay={PAST}").get_json()
    assert abolished["state"] == "in_force"  # abolished by 2715/QĐ-UBND later


def test_the_api_answers_as_before_with_decisions_announced(app, client, demo, make_user):
    make_user("soan", "drafter", agency="Sở Tư pháp")
    make_user("tham", "reviewer")
    make_user("ky", "signer")
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    signed_decision(
        demo,
        [{"action": "amended", "code": "2.000587", "applicants": "Người được trợ giúp pháp lý"}],
        number="7/QĐ-UBND",
        effective_date=tomorrow,
    )
    with transaction(demo) as session:
        decision = Decision(
            number="15/QĐ-UBND",
            title="Công bố thủ tục mới",
            issuer="UBND tỉnh",
            status="signed",
            signed_date=dt.date.today(),
            effective_date=tomorrow,
        )
        decision.entries = [
            DecisionEntry(position=0, action="new", code="1.999777", record={"name": "Thủ tục cấp phép thử nghiệm"})
        ]
        session.add(decision)
    amended = assert_api_as_before(app, client, demo, "2.000587", None)
    assert amended["announced"]["decision"]["number"] == "7/QĐ-UBND"
    assert amended["announced"]["record"]["applicants"] == "Người được trợ giúp pháp lý"
    assert [(p["action"], p["valid_from"], p["decision"]["number"]) for p in amended["pending_changes"]] == [
        ("amended", tomorrow.isoformat(), "7/QĐ-UBND")
    ]
    new = assert_api_as_before(app, client, demo, "1.999777", None)
    assert new["state"] == "not_yet_in_force" and new["announced"]["decision"]["number"] == "15/QĐ-UBND"
    # On a past date nothing is announced: the same answer as before, without "announced".
    assert "announced" not in assert_api_as_before(app, client, demo, "2.000587", dt.date.fromisoformat(PAST))
    # The page says the same: the amendment is announced above the content in force, the new one alone.
    page = html.unescape(client.get("/thu-tuc/2.000587").get_data(as_text=True))
    assert "Sắp thay đổi" in page and "7/QĐ-UBND" in page and "Người được trợ giúp pháp lý" not in page
    page = html.unescape(client.get("/thu-tuc/1.999777").get_data(as_text=True))
    assert "<h1>Thủ tục cấp phép thử nghiệm</h1>" in page and "15/QĐ-UBND" in page
    assert new["announced"]["presence"]["not_recorded_text"] in page


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("ngay", ["", PAST])
def test_page_and_api_say_the_same_facts(client, demo, code, ngay):
    query = f"?ngay={ngay}" if ngay else ""
    answer = client.get(f"/api/v1/procedures/{code}{query}").get_json()
    page = html.unescape(client.get(f"/thu-tuc/{code}{query}").get_data(as_text=True))
    record = answer["record"]
    assert f"<h1>{record['name']}</h1>" in page
    assert answer["online"]["label"] in page
    if "not_recorded" in answer["presence"]["parts"].values():
        assert answer["presence"]["not_recorded_text"] in page
    for version in answer["versions"]:  # the history: every version, its date and decision
        assert f"?ngay={version['valid_from']}" in page and version["decision"]["number"] in page
    if answer["state"] == "abolished":
        assert "Thủ tục đã bị bãi bỏ" in page
    else:
        assert "Thủ tục đã bị bãi bỏ" not in page


def test_the_view_model_is_what_both_doors_render(app, demo):
    """Plain data (nothing of the session that read it), the same whichever door's memo reads it."""
    with app.test_request_context(), demo() as session:
        from tthc.web.caching import per_state

        for code in CODES:
            kept = procedure_view(session, code, memo=per_state)
            plain(kept, code)
            assert kept == procedure_view(session, code)


def test_designations_and_linked_groups_are_in_the_api_as_on_the_page(client, demo):
    listed = [
        {
            "action": "listed",
            "code": "2.000840",
            "designations": ["on_the_spot", "online_full"],
            "service_point": PROVINCE,
        }
    ]
    import_and_apply(demo, list_decision("101/QĐ-UBND", "2025-12-01", listed), today="2025-12-01")
    import_and_apply(demo, group_decision("106/QĐ-UBND", "2025-12-01", [GROUP]), today="2025-12-01")
    answer = client.get("/api/v1/procedures/2.000840").get_json()
    assert {(d["label"], d["where"]) for d in answer["designations"]} == {
        ("Giải quyết tại chỗ", PROVINCE),
        ("Trực tuyến toàn trình", PROVINCE),
    }
    assert answer["online"]["key"] == "toan_trinh" and answer["linked_groups"] == []
    page = html.unescape(client.get("/thu-tuc/2.000840").get_data(as_text=True))
    for designation in answer["designations"]:
        assert f"<strong>{designation['label']}</strong>: {designation['where']}" in page
    member = client.get("/api/v1/procedures/2.001255").get_json()
    [group] = member["linked_groups"]
    assert (group["key"], group["name"], group["time_limit"]) == ("LT.01", GROUP["name"], "5 ngày làm việc")
    assert [(m["code"], m["agency"]) for m in group["members"]] == [
        ("1.003005", "UBND cấp xã"),
        ("2.001255", "Công an cấp xã"),
        ("2.002349", "UBND cấp xã"),
    ]
    page = html.unescape(client.get("/thu-tuc/2.001255").get_data(as_text=True))
    assert f"Thủ tục liên thông: {group['name']}" in page
    for m in group["members"]:
        assert m["name"] and m["name"] in page  # the members in force, named as on the page
    before = client.get("/api/v1/procedures/2.001255?ngay=2025-11-30").get_json()
    assert before["linked_groups"] == [] and before["designations"] == [] and before["pending_changes"] == []
    assert before["form_files"] == []
    # the life events are the shipped set's, on any date: the re-registration of an adoption
    assert [e["slug"] for e in before["life_events"]] == ["nhan-con-nuoi"]
