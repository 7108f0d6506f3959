"""Authorisation proved over the whole url_map: every endpoint declares a policy, anonymous users never
reach a staff endpoint, and each role reaches exactly the endpoints its policy allows (all methods).
Every route that takes a decision id asks tthc.decisions.policy, so changing an id in a URL reveals
nothing (tests/unit/test_policy.py pins the policy's own rules)."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Blueprint
from sqlalchemy import select

from tests.support.route_walk import build_url, client_as, goes_to_login, rules_and_methods
from tthc.decisions import policy
from tthc.models.accounts import User
from tthc.models.catalogue import Agency
from tthc.models.decisions import Attachment, Comment, Decision, DecisionEntry
from tthc.models.import_jobs import ImportJob
from tthc.text import sort_key
from tthc.web.access import PUBLIC, policy_for, role_required

pytestmark = pytest.mark.app_config(WTF_CSRF_ENABLED=False)  # CSRF has its own tests; here we test who gets through

ROLES = ("drafter", "reviewer", "signer", "admin", "counter")


@pytest.fixture
def staff(make_user, session_factory):
    """One account per role: {role: user id}."""
    for role in ROLES:
        make_user(f"tk-{role}", role, agency="Sở Tư pháp" if role == "drafter" else None)
    with session_factory() as session:
        return {u.role: u.id for u in session.scalars(select(User))}


def authorization_failures(app, staff, blueprint: str | None = None) -> list[str]:
    """Every (endpoint, method, identity) whose answer contradicts the declared policy; only the rules of
    `blueprint` when given (the whole url_map is walked once, by the first test)."""
    failures = []
    for rule, method in rules_and_methods(app):
        if blueprint is not None and rule.endpoint.rpartition(".")[0] != blueprint:
            continue
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

    failures = authorization_failures(app, staff, blueprint="leaky")
    assert "GET /ro-ri (leaky.undeclared): no access policy declared" in failures
    assert any("/chi-ky/" in f and "as drafter: refused" in f for f in failures)
    # Deny by default at run time too: the undeclared endpoint is refused even to the administrator.
    assert client_as(app, staff["admin"]).get("/ro-ri").status_code == 403
    assert client_as(app, None).post("/ro-ri").status_code == 403


def test_anonymous_staff_request_goes_to_login_and_comes_back(app, staff):
    response = app.test_client().get("/quan-tri/tai-khoan")
    assert goes_to_login(response)
    assert "next=/quan-tri/tai-khoan" in response.headers["Location"]


# --- Decisions: every door asks tthc.decisions.policy ---------------------------------------------------
def _agency(session, name):
    agency = session.scalar(select(Agency).where(Agency.name == name))
    if agency is None:
        agency = Agency(name=name, sort_key=sort_key(name))
        session.add(agency)
        session.flush()
    return agency


@pytest.fixture
def two_agencies(session_factory, make_user):
    """A draft of Sở Tư pháp (with one entry, one comment, one attachment, one process annex read for it)
    and of Sở Y tế, a signed decision of Sở Y tế, the baseline; a drafter of each agency, a reviewer and a
    deactivated reviewer."""
    make_user("soan-tu-phap", "drafter", agency="Sở Tư pháp")
    make_user("soan-y-te", "drafter", agency="Sở Y tế")
    make_user("kiem-soat", "reviewer")
    make_user("nghi-viec", "reviewer")
    with session_factory() as session:
        session.scalar(select(User).where(User.username == "nghi-viec")).active = False
        ids = {}
        for key, name, status, kind in (
            ("own", "Sở Tư pháp", "draft", "cong_bo"),
            ("other", "Sở Y tế", "draft", "cong_bo"),
            ("signed", "Sở Y tế", "signed", "cong_bo"),
            ("baseline", None, "in_force", "baseline"),
        ):
            decision = Decision(
                title=f"Quyết định {key}",
                status=status,
                kind=kind,
                drafting_agency=_agency(session, name) if name else None,
                effective_date=dt.date(2026, 1, 1),
            )
            session.add(decision)
            session.flush()
            ids[key] = decision.id
        own = session.get(Decision, ids["own"])
        author = session.scalar(select(User).where(User.username == "soan-tu-phap"))
        entry = DecisionEntry(decision_id=own.id, position=0, action="abolished", code="1.000001")
        session.add(entry)
        session.flush()
        comment = Comment(decision_id=own.id, author_id=author.id, body="Góp ý")
        attachment = Attachment(
            decision_id=own.id,
            filename="qd.pdf",
            content_type="application/pdf",
            sha256="0" * 64,
            content=b"%PDF-1.4\n%%EOF\n",
        )
        # a process annex its drafter uploaded for it, read and waiting for the confirmation
        job = ImportJob(
            kind="processes",
            status="kept",
            filename="quy-trinh.docx",
            result={"version": 1, "annex": [], "notices": []},
            decision_id=own.id,
            created_by_id=author.id,
        )
        session.add_all([comment, attachment, job])
        session.flush()
        ids.update(entry_id=entry.id, comment_id=comment.id, attachment_id=attachment.id, job_id=job.id)
        session.commit()
        users = {u.username: u.id for u in session.scalars(select(User))}
    return {**ids, "users": users}


def _decision_rules(app, public: bool):
    """(rule, method) of every route that takes a decision id, public or staff-only."""
    for rule, method in rules_and_methods(app):
        if "decision_id" in rule.arguments and (policy_for(app, rule.endpoint, method) == PUBLIC) is public:
            yield rule, method


def _url(rule, decisions, decision_id):
    """The rule's URL for `decision_id`, with the entry/comment/attachment ids of the stored draft."""
    return build_url(
        rule,
        {
            "decision_id": decision_id,
            "entry_id": decisions["entry_id"],
            "comment_id": decisions["comment_id"],
            "attachment_id": decisions["attachment_id"],
            "job_id": decisions["job_id"],
        },
    )


@pytest.fixture
def asked(monkeypatch):
    """The decisions policy.can was asked to let someone see, during one request."""
    seen = []
    real_can = policy.can

    def spy(user, action, decision):
        if str(action) == "see" and decision is not None:
            seen.append(decision.id)
        return real_can(user, action, decision)

    monkeypatch.setattr(policy, "can", spy)
    return seen


def test_every_staff_route_with_a_decision_id_hides_what_the_user_may_not_see(app, two_agencies, asked):
    """Another agency's drafter and a deactivated reviewer get exactly what a missing id gets: a 404 where
    their role may use the route (the policy said no), the role's 403 or the login page where it may not.
    The users who may see the draft are let through the same routes, and the policy was asked every time."""
    users, checked = two_agencies["users"], set()
    hidden, missing = two_agencies["own"], 987654
    for rule, method in _decision_rules(app, public=False):
        roles = policy_for(app, rule.endpoint, method)
        where = f"{method} {rule.rule}"
        for username in ("soan-y-te", "nghi-viec"):
            client = client_as(app, users[username])
            asked.clear()
            answer = client.open(_url(rule, two_agencies, hidden), method=method)
            as_if_missing = client.open(_url(rule, two_agencies, missing), method=method)
            assert answer.status_code == as_if_missing.status_code, where
            if username == "soan-y-te" and "drafter" in roles:
                assert answer.status_code == 404, f"{where} as another agency's drafter: {answer.status_code}"
                assert hidden in asked, f"{where} answered without asking tthc.decisions.policy"
            elif username == "nghi-viec":
                assert goes_to_login(answer), f"{where} as a deactivated reviewer: {answer.status_code}"
        for username in ("soan-tu-phap", "kiem-soat"):
            role = "drafter" if username == "soan-tu-phap" else "reviewer"
            if role not in roles:
                continue
            asked.clear()
            answer = client_as(app, users[username]).open(_url(rule, two_agencies, hidden), method=method)
            assert answer.status_code not in (403, 404), f"{where} as {username}: {answer.status_code}"
            assert hidden in asked, f"{where} answered {username} without asking tthc.decisions.policy"
        checked.add(rule.endpoint)
    # Staff pages, the review actions, the draft Excel, the decision PDF and the signed-PDF download.
    assert {
        "review.show",
        "review.approve",
        "review.submit",
        "review.attachment",
        "review.resolve",
        "drafting.decision",
        "drafting.download",
        "drafting.save_entry",
        "printing.decision_document",
    } <= checked


def test_staff_see_a_published_decision_of_another_agency(app, two_agencies):
    client = client_as(app, two_agencies["users"]["soan-tu-phap"])
    assert client.get(f"/tham-dinh/{two_agencies['signed']}").status_code == 200
    assert client.get(f"/soan-thao/{two_agencies['signed']}").status_code == 200  # read-only: nothing to edit
    # It sees the decision but may not act on it: the action is refused, the decision unchanged.
    client.post(f"/tham-dinh/{two_agencies['signed']}/rut", data={"note": "Thử rút"})
    with app.extensions["tthc"].session_factory() as session:
        assert session.get(Decision, two_agencies["signed"]).status == "signed"


def test_public_routes_with_a_decision_id_show_published_ones_and_the_baseline_only(app, two_agencies, asked):
    users = two_agencies["users"]
    for rule, method in _decision_rules(app, public=True):
        if method != "GET" or "attachment_id" in rule.arguments:
            continue
        for user_id in (None, users["soan-tu-phap"], users["kiem-soat"]):  # the public record whoever asks
            client = client_as(app, user_id)
            assert client.get(_url(rule, two_agencies, two_agencies["own"])).status_code == 404, rule.rule
            asked.clear()
            for key in ("signed", "baseline"):
                assert client.get(_url(rule, two_agencies, two_agencies[key])).status_code == 200, (rule.rule, key)
                assert two_agencies[key] in asked
    # The draft's attachment is not public either.
    url = f"/quyet-dinh/{two_agencies['own']}/tep/{two_agencies['attachment_id']}"
    assert app.test_client().get(url).status_code == 404


def test_public_list_and_api_list_the_same_public_record(app, two_agencies):
    client = client_as(app, two_agencies["users"]["kiem-soat"])  # signed in as staff: still the public record
    listed = {d["id"] for d in client.get("/api/v1/decisions").json["items"]}
    assert listed == {two_agencies["signed"], two_agencies["baseline"]}
    page = client.get("/quyet-dinh/").get_data(as_text=True)
    assert "Quyết định signed" in page and "Quyết định baseline" in page and "Quyết định own" not in page
    assert client.get("/api/v1/decisions?status=draft").json["items"] == []


def test_api_reads_are_public_writes_need_a_role_and_machines_get_401(app, staff):
    app.add_url_rule("/api/v1/thu-nghiem", "api.sample_read", lambda: {"ok": True})
    app.add_url_rule("/api/v1/thu-nghiem", "api.sample_undeclared_write", lambda: {"ok": True}, methods=["POST"])
    app.add_url_rule(
        "/api/v1/thu-nghiem/ghi", "api.sample_write", role_required("drafter")(lambda: {"ok": True}), methods=["POST"]
    )
    assert policy_for(app, "api.sample_read", "GET") == PUBLIC
    assert policy_for(app, "api.sample_undeclared_write", "POST") is None
    anonymous = app.test_client()
    assert anonymous.get("/api/v1/thu-nghiem").json == {"ok": True}
    assert anonymous.post("/api/v1/thu-nghiem").status_code == 403
    refused = anonymous.post("/api/v1/thu-nghiem/ghi")
    assert refused.status_code == 401 and refused.json == {"error": "Cần đăng nhập."}
    assert client_as(app, staff["reviewer"]).post("/api/v1/thu-nghiem/ghi").status_code == 403
    assert client_as(app, staff["drafter"]).post("/api/v1/thu-nghiem/ghi").json == {"ok": True}
