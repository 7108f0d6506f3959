"""Authorisation proved over the whole url_map: every endpoint declares a policy, anonymous users never
reach a staff endpoint, and each role reaches exactly the endpoints its policy allows (all methods).
A drafter cannot reach another agency's decision by changing an id in a URL."""
from __future__ import annotations

import datetime as dt

import pytest
from flask import Blueprint
from route_walk import build_url, client_as, goes_to_login, rules_and_methods
from sqlalchemy import select

from tthc.accounts.models import User
from tthc.catalogue.models import Agency
from tthc.decisions.models import Decision
from tthc.security import AccessDenied, can_access_decision, decisions_visible_to, ensure_can_access_decision
from tthc.text import sort_key
from tthc.web.auth import PUBLIC, policy_for, role_required

ROLES = ("drafter", "reviewer", "signer", "admin")


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False  # CSRF has its own tests; here we test who gets through
    return app


@pytest.fixture
def staff(make_user, session_factory):
    """One account per role: {role: user id}."""
    for role in ROLES:
        make_user(f"tk-{role}", role, agency="Sở Tư pháp" if role == "drafter" else None)
    with session_factory() as session:
        return {u.role: u.id for u in session.scalars(select(User))}


def authorization_failures(app, staff) -> list[str]:
    """Every (endpoint, method, identity) whose answer contradicts the declared policy."""
    failures = []
    for rule, method in rules_and_methods(app):
        policy = policy_for(app, rule.endpoint, method)
        where = f"{method} {rule.rule} ({rule.endpoint})"
        if policy is None:
            failures.append(f"{where}: no access policy declared")
            continue
        url = build_url(rule)
        for identity in (None, *ROLES):
            response = client_as(app, staff.get(identity)).open(url, method=method)
            code = response.status_code
            who = identity or "anonymous"
            if code >= 500:
                failures.append(f"{where} as {who}: {code}")
            elif policy == PUBLIC or (identity in policy):
                # 401 stays possible on a public form (wrong password); 403 or the login page never.
                if code == 403 or goes_to_login(response) or (code == 401 and policy != PUBLIC):
                    failures.append(f"{where} as {who}: refused ({code}) but the policy allows it")
            elif identity is None:
                if not (goes_to_login(response) or code in (401, 403)):
                    failures.append(f"{where} as anonymous: {code}, expected login redirect/401/403")
            elif code != 403:
                failures.append(f"{where} as {who}: {code}, expected 403")
    return failures


def test_every_endpoint_matches_its_declared_policy_for_every_role(app, staff):
    assert authorization_failures(app, staff) == []


def test_the_matrix_catches_an_undeclared_or_leaky_endpoint(app, staff):
    leaky = Blueprint("leaky", __name__)
    leaky.add_url_rule("/ro-ri", "undeclared", lambda: "bí mật", methods=["GET", "POST"])

    @leaky.route("/chi-ky/<int:decision_id>")
    @role_required("signer")
    def signer_only(decision_id):
        return "ok"
    signer_only.tthc_roles = frozenset({"signer", "admin", "drafter"})  # a policy that lies
    app.register_blueprint(leaky)

    failures = authorization_failures(app, staff)
    assert "GET /ro-ri (leaky.undeclared): no access policy declared" in failures
    assert any("/chi-ky/" in f and "as drafter: refused" in f for f in failures)
    # Deny by default at run time too: the undeclared endpoint is refused even to the administrator.
    assert client_as(app, staff["admin"]).get("/ro-ri").status_code == 403
    assert client_as(app, None).post("/ro-ri").status_code == 403


def test_anonymous_staff_request_goes_to_login_and_comes_back(app, staff):
    response = app.test_client().get("/quan-tri/tai-khoan")
    assert goes_to_login(response)
    assert "next=/quan-tri/tai-khoan" in response.headers["Location"]


# --- Decisions by agency -----------------------------------------------------------------------------
def _agency(session, name):
    agency = session.scalar(select(Agency).where(Agency.name == name))
    if agency is None:
        agency = Agency(name=name, sort_key=sort_key(name))
        session.add(agency)
        session.flush()
    return agency


@pytest.fixture
def two_agencies(session_factory, make_user):
    """A drafter of Sở Tư pháp, and one draft decision from each of two agencies."""
    make_user("soan-tu-phap", "drafter", agency="Sở Tư pháp")
    make_user("soan-y-te", "drafter", agency="Sở Y tế")
    with session_factory() as session:
        drafts = {}
        for name in ("Sở Tư pháp", "Sở Y tế"):
            decision = Decision(title=f"Dự thảo của {name}", status="draft", drafting_agency=_agency(session, name),
                                effective_date=dt.date(2026, 1, 1))
            session.add(decision)
            session.flush()
            drafts[name] = decision.id
        session.commit()
        users = {u.username: u.id for u in session.scalars(select(User))}
    return {"own": drafts["Sở Tư pháp"], "other": drafts["Sở Y tế"], "drafter": users["soan-tu-phap"]}


def test_drafter_cannot_reach_another_agencys_decision_by_changing_the_id(app, two_agencies):
    client = client_as(app, two_agencies["drafter"])
    checked = []
    for rule, method in rules_and_methods(app):
        id_names = {"decision_id", "id"} & set(rule.arguments)
        policy = policy_for(app, rule.endpoint, method)
        if not id_names or policy in (None, PUBLIC):
            continue
        url = build_url(rule, {name: two_agencies["other"] for name in id_names})
        response = client.open(url, method=method)
        assert response.status_code in (403, 404), f"{method} {url}: {response.status_code}"
        checked.append(rule.endpoint)
    assert {"drafting.decision", "review.show"} <= set(checked)
    assert client.get(f"/soan-thao/{two_agencies['own']}").status_code == 200


def test_public_pages_never_show_a_draft_by_id(app, two_agencies):
    client = app.test_client()
    for rule, method in rules_and_methods(app):
        id_names = {"decision_id", "id"} & set(rule.arguments)
        if id_names and policy_for(app, rule.endpoint, method) == PUBLIC and method == "GET":
            url = build_url(rule, {name: two_agencies["own"] for name in id_names})
            assert client.get(url).status_code == 404, url


def test_access_rule_by_role_and_agency(session_factory, two_agencies, make_user):
    make_user("kiem-soat", "reviewer")
    with session_factory() as session:
        drafter = session.get(User, two_agencies["drafter"])
        reviewer = session.scalar(select(User).where(User.username == "kiem-soat"))
        own, other = session.get(Decision, two_agencies["own"]), session.get(Decision, two_agencies["other"])
        assert ensure_can_access_decision(drafter, own) is own
        with pytest.raises(AccessDenied):
            ensure_can_access_decision(drafter, other)
        with pytest.raises(AccessDenied):
            ensure_can_access_decision(drafter, None)
        assert can_access_decision(reviewer, other)
        other.status = "in_force"  # published: public record, every staff member sees it
        assert ensure_can_access_decision(drafter, other) is other
        assert sorted(session.scalars(select(Decision.id).where(decisions_visible_to(drafter)))) == [own.id, other.id]
        other.status = "draft"
        visible = session.scalars(select(Decision.id).where(decisions_visible_to(drafter))).all()
        assert visible == [own.id]
        assert len(session.scalars(select(Decision.id).where(decisions_visible_to(reviewer))).all()) == 2
        reviewer.active = False
        assert not can_access_decision(reviewer, other)


def test_api_reads_are_public_writes_need_a_role_and_machines_get_401(app, staff):
    app.add_url_rule("/api/v1/thu-nghiem", "api.sample_read", lambda: {"ok": True})
    app.add_url_rule("/api/v1/thu-nghiem", "api.sample_undeclared_write", lambda: {"ok": True}, methods=["POST"])
    app.add_url_rule("/api/v1/thu-nghiem/ghi", "api.sample_write",
                     role_required("drafter")(lambda: {"ok": True}), methods=["POST"])
    assert policy_for(app, "api.sample_read", "GET") == PUBLIC
    assert policy_for(app, "api.sample_undeclared_write", "POST") is None
    anonymous = app.test_client()
    assert anonymous.get("/api/v1/thu-nghiem").json == {"ok": True}
    assert anonymous.post("/api/v1/thu-nghiem").status_code == 403
    refused = anonymous.post("/api/v1/thu-nghiem/ghi")
    assert refused.status_code == 401 and refused.json == {"error": "Cần đăng nhập."}
    assert client_as(app, staff["reviewer"]).post("/api/v1/thu-nghiem/ghi").status_code == 403
    assert client_as(app, staff["drafter"]).post("/api/v1/thu-nghiem/ghi").json == {"ok": True}
