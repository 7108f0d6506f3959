"""Every route of the url_map (whatever area added it), every method, as anonymous and as staff, with the
inputs that gave 500s (issue 25, item 6): a NUL byte is a 400 at the door wherever it is (path, query,
form, file name), and numbers that are not plain ASCII digits («²», «٣», 5,000 digits, past a database
integer) never give a 5xx. Deterministic (no random draw), real ids from a demo with a draft, an entry
and a form file, so the views are reached, not only their 404s. Runs on SQLite and PostgreSQL alike."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.routing.converters import IntegerConverter

from tests.support.form_files import CODE, docx_bytes, draft_with_entry, upload
from tests.support.route_walk import build_url, client_as, rules_and_methods
from tthc.config import PROJECT_ROOT
from tthc.models.accounts import User
from tthc.models.catalogue import ServicePoint
from tthc.models.decisions import FormFile
from tthc.web.access import PUBLIC, policy_for

NUL = "\x00"
# Numbers as a hand-edited link or a hostile form sends them, one of each way they broke: isdigit() true
# but int() fails («²»), int() fails on length, past what the database holds.
NUMBERS = ["²", "9" * 5000, "9" * 25]
# Dates stay valid: a bad date is a 400 (tests/web/test_fuzz.py) that would hide every other parameter.
DATES = {
    "ngay": "2025-06-01",
    "tu": "01/01/2025",
    "den": "31/12/2026",
    "effective_date": "2027-03-01",
    "signed_date": "2026-12-01",
}
# The names the views read (request.args / request.form / files .get("…")), found in their source so a
# parameter added later is fuzzed too, plus the entry form's counts and the public filters.
_READ = re.compile(r"""(?:args|form|files)\.(?:get|getlist)\(\s*"([^"]+)\"""")
EXTRA_KEYS = [
    "cap",
    "linh-vuc",
    "co-quan",
    "page",
    "per_page",
    "limit",
    "methods-count",
    "dossier-count",
    "dossier-0-count",
    "methods-0-time_limit_value",
    "dossier-0-0-originals",
    "group_id",
    "tk",
]
REAL_TEXT = {"code": CODE, "filename": "to-khai.docx", "fmt": "csv", "token": "khong-co-1"}


def _keys() -> list[str]:
    found = set(EXTRA_KEYS)
    for path in Path(PROJECT_ROOT / "tthc" / "web").glob("*.py"):
        found.update(_READ.findall(path.read_text(encoding="utf-8")))
    return sorted(found - set(DATES) - {"file", "pdf"})


KEYS = _keys()


@pytest.fixture
def walk(app, demo, make_user, client, auth):
    """The app with CSRF off (reach the views; CSRF is tested on its own), a draft with an entry and a
    form file, and the ids every rule's arguments take."""
    app.config["WTF_CSRF_ENABLED"] = False
    make_user("soan", "drafter", "Sở Tư pháp")
    make_user("quantri", "admin")
    auth.login("soan")
    decision_id, entry_id = draft_with_entry(client)
    upload(client, decision_id, entry_id, "to-khai.docx", docx_bytes())
    with demo() as session:
        admin_id = session.scalar(select(User.id).where(User.username == "quantri"))
        form_id = session.scalar(select(FormFile.id).where(FormFile.entry_id == entry_id))
        point_id = session.scalar(select(ServicePoint.id).order_by(ServicePoint.id).limit(1))
    ids = {"decision_id": decision_id, "entry_id": entry_id, "form_id": form_id, "point_id": point_id}
    return app, admin_id, ids


def _routes(app):
    return [(rule, method) for rule, method in rules_and_methods(app) if rule.endpoint != "static"]


def _url(rule, ids: dict, text: str | None) -> str:
    """The rule's URL: real ids, and `text` for its text arguments (None: real values)."""
    values = {
        name: ids.get(name, 1)
        if isinstance(rule._converters[name], IntegerConverter)
        else (REAL_TEXT.get(name, "x") if text is None else text)
        for name in rule.arguments
    }
    return build_url(rule, values)


def test_a_nul_byte_is_a_400_on_every_route_for_everyone(walk):
    app, admin_id, ids = walk
    wrong = []
    for number, (rule, method) in enumerate(_routes(app)):
        key = KEYS[number % len(KEYS)]
        texts = [n for n in rule.arguments if not isinstance(rule._converters[n], IntegerConverter)]
        places = [("path", _url(rule, ids, f"a{NUL}b"), {}, None)] if texts else []
        places.append(("query", _url(rule, ids, None), {key: f"1{NUL}"}, None))
        if method != "GET":
            places.append(("form name", _url(rule, ids, None), {}, {f"{key}{NUL}": "1"}))
            places.append(("form value", _url(rule, ids, None), {}, {key: f"{NUL}1"}))
        for user in (None, admin_id):
            for place, url, query, form in places:
                response = client_as(app, user).open(url, method=method, query_string=query, data=form)
                if response.status_code != 400:
                    wrong.append((method, rule.rule, place, user, response.status_code))
    assert not wrong


def test_numbers_that_are_not_ascii_digits_never_give_a_5xx(walk):
    """Each request gives every name the views read one of NUMBERS (dates stay valid), so a view meets
    the value in whatever parameter it reads; text path arguments get it too, once. (A staff route only
    sends the anonymous to the login page, before reading anything: tests/web/test_authorization.py.)"""
    app, admin_id, ids = walk
    failures = []
    for rule, method in _routes(app):
        texts = any(not isinstance(rule._converters[n], IntegerConverter) for n in rule.arguments)
        tries = [(value, _url(rule, ids, None)) for value in NUMBERS]
        tries += [(NUMBERS[0], _url(rule, ids, NUMBERS[0]))] if texts else []
        # anonymous where the route is public (elsewhere it only goes to the login page), staff everywhere
        users = (None, admin_id) if policy_for(app, rule.endpoint, method) == PUBLIC else (admin_id,)
        for value, url in tries:
            values = {**dict.fromkeys(KEYS, value), **DATES}
            for user in users:
                if method == "GET":
                    response = client_as(app, user).get(url, query_string=values)
                else:
                    upload = (io.BytesIO(b"%PDF-1.4 hostile"), f"{value}.pdf")
                    response = client_as(app, user).open(
                        url, method=method, data={**values, "file": upload}, query_string={"next": "/"}
                    )
                response.close()
                if response.status_code >= 500:
                    failures.append((method, url[:80], value[:12], user, response.status_code))
    assert not failures
