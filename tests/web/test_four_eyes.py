"""Issue 25, item 10: four eyes on every decision. The one who approves never signs the same decision,
administrators included; an authority with truly one person for both says so in its settings, and each
such signature is marked in the audit log and on the review page."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests.support.review import load, make_draft, user
from tthc.app import configure_core
from tthc.db import transaction
from tthc.decisions import policy, workflow
from tthc.models.accounts import AuditLog

SIGNATURE = {
    "number": "2715/QĐ-UBND",
    "signed_date": dt.date.today(),
    "signer": "Nguyễn Văn Hùng",
    "effective_date": dt.date.today() + dt.timedelta(days=1),
}


@pytest.fixture
def approved(demo, make_user):
    """A draft of Sở Tư pháp, submitted by its drafter and approved by the administrator «quan-tri»."""
    make_user("soan", "drafter", agency="Sở Tư pháp")
    make_user("quan-tri", "admin")
    make_user("ky", "signer")
    did = make_draft(demo, [{"action": "amended", "code": "2.000587", "applicants": "Luật sư"}], created_by="soan")
    act(demo, did, workflow.submit, "soan")
    act(demo, did, workflow.approve, "quan-tri")
    return demo, did


def act(factory, decision_id, fn, username, *args, **kwargs):
    with transaction(factory) as session:
        return fn(session, load(session, decision_id), user(session, username), *args, **kwargs)


def sign_events(factory, decision_id):
    with factory() as session:
        return session.scalars(
            select(AuditLog).where(AuditLog.action == "decision.sign", AuditLog.object_id == str(decision_id))
        ).all()


def test_the_administrator_who_approved_may_not_sign(approved):
    factory, did = approved
    with factory() as session:
        decision, admin = load(session, did), user(session, "quan-tri")
        assert decision.approved_by_id == admin.id
        assert not policy.can(admin, "sign", decision) and "sign" not in policy.allowed_actions(admin, decision)
        assert policy.can(user(session, "ky"), "sign", decision)
    with pytest.raises(policy.NotPermitted, match="hai người"):
        act(factory, did, workflow.sign, "quan-tri", **SIGNATURE)
    act(factory, did, workflow.sign, "ky", **SIGNATURE)  # another person signs
    (event,) = sign_events(factory, did)
    assert "signed_by_approver" not in event.detail


def test_one_person_for_both_only_when_the_authority_says_so_and_marked(app, approved, auth):
    factory, did = approved
    app.config["ONE_PERSON_APPROVES_AND_SIGNS"] = True
    configure_core(app.config)  # as at start-up with TTHC_ONE_PERSON_APPROVES_AND_SIGNS=true
    try:
        act(factory, did, workflow.sign, "quan-tri", **SIGNATURE)
    finally:
        app.config["ONE_PERSON_APPROVES_AND_SIGNS"] = False
        configure_core(app.config)
    (event,) = sign_events(factory, did)
    assert event.detail["signed_by_approver"] is True
    auth.login("quan-tri")
    page = auth.client.get(f"/tham-dinh/{did}").get_data(as_text=True)
    assert 'id="mot-nguoi-ky"' in page and "người thông qua cũng là người ký" in page
