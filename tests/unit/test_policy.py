"""The decision policy pinned in a table: who (role, agency, creator or submitter, active) may do which
action to a decision in each state. The expected answers are written out below, never computed from the
policy, so changing a rule means changing a line of this table on purpose."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tthc.decisions import policy
from tthc.models.accounts import User
from tthc.models.catalogue import Agency
from tthc.models.decisions import Decision
from tthc.text import sort_key

OWN, OTHER = 1, 2  # agency ids: the decision's drafting agency, and another one
CREATOR_ID = 50  # the account that created and submitted the decision (persona "…_creator")

# persona: (role, agency id, user id, active). User ids are what make an account the creator/submitter.
PERSONAS = {
    "anonymous": None,
    "drafter_own": ("drafter", OWN, 11, True),
    "drafter_own_creator": ("drafter", OWN, CREATOR_ID, True),
    "drafter_own_inactive": ("drafter", OWN, 12, False),
    "drafter_other": ("drafter", OTHER, 13, True),
    "drafter_no_agency": ("drafter", None, 14, True),
    "reviewer": ("reviewer", None, 21, True),
    "reviewer_inactive": ("reviewer", None, 22, False),
    "signer": ("signer", None, 31, True),
    "signer_creator": ("signer", None, CREATOR_ID, True),
    "admin": ("admin", None, 41, True),
    "admin_creator": ("admin", None, CREATOR_ID, True),
    "admin_inactive": ("admin", None, 42, False),
    "counter": ("counter", OWN, 61, True),
    "counter_inactive": ("counter", OWN, 62, False),
}

# state: (kind, status, withdrawn_from)
STATES = {
    "draft": ("cong_bo", "draft", None),
    "submitted": ("cong_bo", "submitted", None),
    "changes_requested": ("cong_bo", "changes_requested", None),
    "approved": ("cong_bo", "approved", None),
    "signed": ("cong_bo", "signed", None),
    "in_force": ("cong_bo", "in_force", None),
    "withdrawn_draft": ("cong_bo", "withdrawn", "draft"),
    "withdrawn_signed": ("cong_bo", "withdrawn", "signed"),
    "baseline": ("baseline", "in_force", None),
}

# S see · E edit · U submit · R request changes · A approve · G sign · W withdraw · C comment · X resolve comment
LETTERS = {
    "S": "see",
    "E": "edit",
    "U": "submit",
    "R": "request_changes",
    "A": "approve",
    "G": "sign",
    "W": "withdraw",
    "C": "comment",
    "X": "resolve_comment",
}
PUBLIC_ONLY = {
    "draft": "",
    "submitted": "",
    "changes_requested": "",
    "approved": "",
    "signed": "S",
    "in_force": "S",
    "withdrawn_draft": "",
    "withdrawn_signed": "S",
    "baseline": "S",
}
DRAFTING_AGENCY = {
    "draft": "SEUWCX",
    "submitted": "SWCX",
    "changes_requested": "SEUWCX",
    "approved": "SWCX",
    "signed": "SCX",
    "in_force": "SCX",
    "withdrawn_draft": "SCX",
    "withdrawn_signed": "SCX",
    "baseline": "S",
}
TABLE = {
    "anonymous": PUBLIC_ONLY,
    "drafter_own": DRAFTING_AGENCY,
    "drafter_own_creator": DRAFTING_AGENCY,
    "drafter_own_inactive": PUBLIC_ONLY,
    "drafter_other": PUBLIC_ONLY,
    "drafter_no_agency": PUBLIC_ONLY,
    "reviewer": {
        "draft": "SWCX",
        "submitted": "SRAWCX",
        "changes_requested": "SWCX",
        "approved": "SWCX",
        "signed": "SWCX",
        "in_force": "SCX",
        "withdrawn_draft": "SCX",
        "withdrawn_signed": "SCX",
        "baseline": "S",
    },
    "reviewer_inactive": PUBLIC_ONLY,
    "signer": {
        "draft": "SWCX",
        "submitted": "SWCX",
        "changes_requested": "SWCX",
        "approved": "SGWCX",
        "signed": "SWCX",
        "in_force": "SCX",
        "withdrawn_draft": "SCX",
        "withdrawn_signed": "SCX",
        "baseline": "S",
    },
    "signer_creator": {
        "draft": "SWCX",
        "submitted": "SWCX",
        "changes_requested": "SWCX",
        "approved": "SWCX",
        "signed": "SWCX",
        "in_force": "SCX",
        "withdrawn_draft": "SCX",
        "withdrawn_signed": "SCX",
        "baseline": "S",
    },
    "admin": {
        "draft": "SEUWCX",
        "submitted": "SRAWCX",
        "changes_requested": "SEUWCX",
        "approved": "SGWCX",
        "signed": "SWCX",
        "in_force": "SCX",
        "withdrawn_draft": "SCX",
        "withdrawn_signed": "SCX",
        "baseline": "S",
    },
    "admin_creator": {
        "draft": "SEUWCX",
        "submitted": "SRWCX",
        "changes_requested": "SEUWCX",
        "approved": "SWCX",
        "signed": "SWCX",
        "in_force": "SCX",
        "withdrawn_draft": "SCX",
        "withdrawn_signed": "SCX",
        "baseline": "S",
    },
    "admin_inactive": PUBLIC_ONLY,
    "counter": PUBLIC_ONLY,  # counter staff print and re-post; decisions they see as the public does
    "counter_inactive": PUBLIC_ONLY,
}
CASES = [
    (who, state, letter, letter in TABLE[who][state]) for who in PERSONAS for state in STATES for letter in LETTERS
]


def _user(who: str) -> User | None:
    if PERSONAS[who] is None:
        return None
    role, agency_id, user_id, active = PERSONAS[who]
    return User(id=user_id, username=who, role=role, agency_id=agency_id, active=active)


def _decision(state: str, decision_id: int = 7) -> Decision:
    kind, status, withdrawn_from = STATES[state]
    return Decision(
        id=decision_id,
        kind=kind,
        status=status,
        title=state,
        drafting_agency_id=OWN,
        created_by_id=CREATOR_ID,
        submitted_by_id=CREATOR_ID,
        extra={"withdrawn_from": withdrawn_from} if withdrawn_from else {},
    )


def test_the_table_covers_every_action_of_the_policy():
    assert set(LETTERS.values()) == {str(a) for a in policy.Action}
    assert all(set(row) == set(STATES) for row in TABLE.values()) and set(TABLE) == set(PERSONAS)


@pytest.mark.parametrize("who,state,letter,allowed", CASES, ids=[f"{w}-{s}-{LETTERS[a]}" for w, s, a, _ in CASES])
def test_policy_table(who, state, letter, allowed):
    assert policy.can(_user(who), LETTERS[letter], _decision(state)) is allowed


def test_public_is_exactly_what_anonymous_sees():
    for state in STATES:
        assert policy.is_public(_decision(state)) is ("S" in PUBLIC_ONLY[state]), state


def test_ensure_tells_hidden_from_forbidden():
    drafter = _user("drafter_other")
    with pytest.raises(policy.NotVisible):
        policy.ensure(drafter, "see", _decision("draft"))
    with pytest.raises(policy.NotPermitted):
        policy.ensure(drafter, "edit", _decision("signed"))
    assert policy.ensure(_user("drafter_own"), "submit", _decision("draft")).status == "draft"


# --- the same table through the database: visible_to and visible_decision -------------------------------
@pytest.fixture
def stored(session):
    """Every state of the table as a stored decision; every persona as a stored account: {state: id}."""
    for agency_id, name in ((OWN, "Sở Tư pháp"), (OTHER, "Sở Y tế")):
        session.add(Agency(id=agency_id, name=name, sort_key=sort_key(name)))
    session.flush()
    for who in PERSONAS:
        if PERSONAS[who] is not None and session.get(User, PERSONAS[who][2]) is None:
            user = _user(who)
            user.password_hash = "!"
            session.add(user)
    session.flush()
    ids = {}
    for number, state in enumerate(STATES, start=100):
        decision = _decision(state, number)
        session.add(decision)
        ids[state] = number
    session.commit()
    return ids


@pytest.mark.parametrize("who", list(PERSONAS))
def test_visible_to_lists_what_the_table_lets_each_persona_see(session, stored, who):
    user = session.get(User, PERSONAS[who][2]) if PERSONAS[who] else None
    if user is not None and who.endswith("_creator"):  # several personas share the creator's id
        user = _user(who)
    expected = {stored[state] for state in STATES if "S" in TABLE[who][state]}
    assert set(session.scalars(select(Decision.id).where(policy.visible_to(user)))) == expected
    for decision_id in stored.values():
        if decision_id in expected:
            assert policy.visible_decision(session, user, decision_id).id == decision_id
        else:
            with pytest.raises(policy.NotVisible):
                policy.visible_decision(session, user, decision_id)
    with pytest.raises(policy.NotVisible):  # a missing id answers exactly like a hidden one
        policy.visible_decision(session, user, 987654)


# Printing per service point: M = every point (manages points), O = its own points only, "" = none.
PRINTING = {
    "anonymous": "",
    "drafter_own": "",
    "drafter_own_inactive": "",
    "reviewer": "M",
    "reviewer_inactive": "",
    "signer": "",
    "admin": "M",
    "admin_inactive": "",
    "counter": "O",
    "counter_inactive": "",
}


def test_printing_policy_table(session):
    from tthc.accounts.counters import set_points
    from tthc.accounts.service import create_user
    from tthc.catalogue.service_points import create_service_point

    own = create_service_point(session, "Quầy A (thử)", kind="quay", rules={"levels": ["xa"]})
    other = create_service_point(session, "Quầy B (thử)", kind="quay", rules={"levels": ["xa"]})
    counter = create_user(session, "motcua", "counter", "mat-khau-an-toan-1")
    set_points(session, counter, [own.id])
    session.flush()
    for who, expected in PRINTING.items():
        user = _user(who)
        if who == "counter":
            user = counter
        elif user is not None and who == "counter_inactive":
            user.id = counter.id
        allowed = {point.id for point in (own, other) if policy.can_print(session, user, point.id)}
        want = {"M": {own.id, other.id}, "O": {own.id}, "": set()}[expected]
        assert allowed == want, who
        assert policy.manages_points(user) is (expected == "M"), who
    assert policy.printable_point_ids(session, counter) == {own.id}
    assert not policy.can_print(session, counter, None)
