"""Signing a decision whose effective date has come makes it take effect in the same transaction,
whatever door signs (tthc.decisions.workflow.sign); the web page only says so."""

import datetime as dt

from sqlalchemy import select

from tests.support.review import load, make_draft, signed_decision, user
from tthc.catalogue.queries import version_in_force
from tthc.db import transaction
from tthc.decisions import workflow
from tthc.decisions.effect import apply_due
from tthc.models.accounts import AuditLog

AMENDED = [{"action": "amended", "code": "2.000587", "applicants": "Cộng tác viên mới"}]


def test_a_decision_signed_on_its_effective_date_is_in_force_at_once(people):
    today = dt.date.today()
    did = signed_decision(people, AMENDED, number="2715/QĐ-UBND", effective_date=today)
    with people() as session:
        decision = load(session, did)
        assert decision.status == "in_force"
        assert version_in_force(session, "2.000587", today).record["applicants"] == "Cộng tác viên mới"
        applied = session.scalar(
            select(AuditLog).where(AuditLog.action == "decision.apply", AuditLog.object_id == str(did))
        )
        assert applied is not None and applied.actor == "ky"  # the signer made it take effect
    assert apply_due(people) == []  # nothing left for the scheduled run


def test_a_decision_signed_for_a_later_date_waits_for_apply_due(people):
    later = dt.date.today() + dt.timedelta(days=5)
    did = signed_decision(people, AMENDED, number="2716/QĐ-UBND", effective_date=later)
    with people() as session:
        assert load(session, did).status == "signed"
    assert [o.status for o in apply_due(people, later)] == ["applied"]


def test_an_earlier_decision_still_waiting_keeps_the_order_of_apply_due(people):
    """A decision signed for today but left waiting (take_effect=False, as when apply-due has not run
    yet) is not overtaken: the next one signed for today waits too, and apply-due applies both in order."""
    today = dt.date.today()
    first = _signed(people, AMENDED, "2717/QĐ-UBND", take_effect=False)
    second = _signed(people, [{"action": "amended", "code": "2.000840", "fee": "Không"}], "2718/QĐ-UBND")
    with people() as session:
        assert [load(session, did).status for did in (first, second)] == ["signed", "signed"]
    outcomes = apply_due(people, today)
    assert [(o.decision_id, o.status) for o in outcomes] == [(first, "applied"), (second, "applied")]


def _signed(factory, entries, number, **options):
    did = make_draft(factory, entries, created_by="soan")
    with transaction(factory) as session:
        workflow.submit(session, load(session, did), user(session, "soan"))
    with transaction(factory) as session:
        workflow.approve(session, load(session, did), user(session, "tham"))
    with transaction(factory) as session:
        workflow.sign(
            session,
            load(session, did),
            user(session, "ky"),
            number=number,
            signed_date=dt.date.today(),
            signer="Lê Văn C",
            effective_date=dt.date.today(),
            **options,
        )
    return did


def test_take_effect_false_leaves_it_signed(people):
    did = _signed(people, AMENDED, "2719/QĐ-UBND", take_effect=False)
    with people() as session:
        assert load(session, did).status == "signed"
    assert [o.status for o in apply_due(people)] == ["applied"]
