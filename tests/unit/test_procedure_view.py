"""tthc.procedure_view on the demo catalogue: one procedure on a date as plain data, without Flask."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
from pathlib import Path

from tthc.catalogue.queries import history
from tthc.procedure_view import DecisionRef, procedure_view, read_now
from tthc.records.presence import presence_summary
from tthc.search.events import Event, Step, shipped_events

ROOT = Path(__file__).resolve().parents[2]


def _orm_inside(value) -> list[str]:
    """The ORM instances held anywhere in `value` (dataclasses, containers)."""
    found, stack = [], [value]
    while stack:
        item = stack.pop()
        if hasattr(item, "_sa_instance_state"):
            found.append(type(item).__name__)
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            stack += [getattr(item, f.name) for f in dataclasses.fields(item)]
        elif isinstance(item, dict):
            stack += [*item.keys(), *item.values()]
        elif isinstance(item, (list, tuple, set, frozenset)):
            stack += list(item)
    return found


def test_an_abolished_procedure_today_and_in_force_on_a_past_date(demo):
    with demo() as session:
        today = procedure_view(session, "2.001561")
        past = procedure_view(session, "2.001561", dt.date(2025, 6, 1))
        rows = history(session, "2.001561")
        in_force_record = rows[0].record
    assert today is not None and past is not None
    assert today.on_date is None and today.day == dt.date.today()
    assert [v.state for v in today.versions] == ["in_force", "abolished"]
    assert today.version == today.versions[1] and today.version.state == "abolished"
    assert today.version.entry.action == "abolished"
    assert today.version.entry.decision.number == "2715/QĐ-UBND"
    assert today.form_files == () and today.designations == ()  # nothing listed for an abolished procedure
    assert past.day == past.on_date == dt.date(2025, 6, 1)
    assert past.version == past.versions[0] and past.version.state == "in_force"
    assert past.record == in_force_record == past.version_record
    assert past.facts is not None and past.facts.presence == presence_summary(in_force_record, "")
    assert past.announced is None and past.pending == ()


def test_a_procedure_in_force_names_its_decision_agencies_and_online_availability(demo):
    with demo() as session:
        view = procedure_view(session, "2.000840")
    assert view is not None and view.version is not None and view.record is not None
    assert view.version.state == "in_force" and view.record["code"] == "2.000840"
    assert isinstance(view.version.entry.decision, DecisionRef)
    assert view.facts is not None
    assert view.facts.online.key in {"toan_trinh", "mot_phan", "truc_tuyen", "chua_cung_cap"}
    assert view.facts.not_recorded_text.startswith("Chưa cập nhật — ")
    roles = {a.role for a in view.facts.agencies} | {u.role for u in view.facts.agencies_unmapped}
    assert "executing" in roles  # the record's executing agency, read by the register or not


def test_an_unknown_code_has_no_view(demo):
    with demo() as session:
        assert procedure_view(session, "9.999999") is None
        assert procedure_view(session, "1.001233", dt.date(2020, 1, 1)) is not None  # known, not yet in force
        before = procedure_view(session, "1.001233", dt.date(2020, 1, 1))
    assert before is not None and before.version is None and before.record is None and before.facts is None


def test_the_view_is_plain_data(demo):
    with demo() as session:
        views = [procedure_view(session, code) for code in ("1.001233", "2.000840", "2.001561")]
    assert all(view is not None for view in views)
    assert [_orm_inside(view) for view in views] == [[], [], []]
    for view in views:  # usable once the session is closed
        assert view is not None and [v.entry.decision.number for v in view.versions]


def test_what_the_catalogue_shares_is_read_through_the_memo(demo):
    asked: list[tuple[str, tuple]] = []

    def memo(name, compute, *key):
        asked.append((name, key))
        return read_now(name, compute, *key)

    with demo() as session:
        kept = procedure_view(session, "2.000840", dt.date(2025, 6, 1), memo=memo)
        direct = procedure_view(session, "2.000840", dt.date(2025, 6, 1))
    assert kept == direct
    assert sorted(name for name, _ in asked) == ["agency register", "designations", "form_entries", "groups"]
    assert dict(asked)["designations"] == (dt.date(2025, 6, 1),)


def test_life_events_of_the_national_code(demo):
    step = Step(codes=("2.000840",), title="Đăng ký hoạt động điện lực", condition="", logic="", style="required")
    event = Event("thu-nghiem", "Kinh doanh", "Mở cơ sở điện lực", "", "", ("điện lực",), (step,))
    other = dataclasses.replace(event, slug="khac", steps=(dataclasses.replace(step, codes=("1.001233",)),))
    with demo() as session:
        view = procedure_view(session, "2.000840", events=[event, other, *shipped_events()])
        local = procedure_view(session, "2.000840.000.00.00.H01", events=[event])
    # the events given that list it, in their order (the shipped legal-aid event lists it too)
    assert view is not None and [e.slug for e in view.life_events] == ["thu-nghiem", "tham-gia-tro-giup-phap-ly"]
    assert local is None  # no such procedure in the demo: no view, whatever the events


def test_the_view_model_loads_no_web_framework():
    code = (
        "import sys, tthc.procedure_view; print(sorted(m for m in sys.modules if m.startswith(('flask', 'tthc.web'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "[]"
