"""Walking every rule of an app's url_map: URLs built with dummy values, requests as any identity.

Shared by the authorization matrix and the fuzz tests, so both cover routes added by any area.
"""

from __future__ import annotations

from werkzeug.routing import Rule
from werkzeug.routing.converters import AnyConverter, FloatConverter, IntegerConverter, UUIDConverter

SKIPPED_METHODS = {"HEAD", "OPTIONS"}
DUMMY_ID = 987654


def dummy_value(rule: Rule, name: str, overrides: dict | None = None):
    if overrides and name in overrides:
        return overrides[name]
    converter = rule._converters.get(name)
    if isinstance(converter, IntegerConverter):
        return DUMMY_ID
    if isinstance(converter, FloatConverter):
        return 1.5
    if isinstance(converter, UUIDConverter):
        return "00000000-0000-4000-8000-000000000000"
    if isinstance(converter, AnyConverter):
        return next(iter(converter.items)) if hasattr(converter, "items") else "x"
    return "khong-co-1"


def build_url(rule: Rule, overrides: dict | None = None) -> str:
    values = {name: dummy_value(rule, name, overrides) for name in rule.arguments}
    values.update({k: v for k, v in (rule.defaults or {}).items() if k not in values})
    built = rule.build(values, append_unknown=False)
    assert built is not None, f"cannot build a URL for {rule.rule}"
    return built[1]


def rules_and_methods(app):
    """(rule, method) for every rule of the app and every method it answers (HEAD/OPTIONS aside)."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        for method in sorted((rule.methods or set()) - SKIPPED_METHODS):
            yield rule, method


def client_as(app, user_id: int | None):
    """A test client logged in as `user_id` (Flask-Login's session keys), or anonymous."""
    import time

    from tthc.models.accounts import User
    from tthc.web.sessions import AUTH_TIME_KEY

    client = app.test_client()
    if user_id is not None:
        with app.extensions["tthc"].session_factory() as db:
            user = db.get(User, user_id)
            user_key = user.get_id() if user is not None else f"{user_id}.1"
        with client.session_transaction() as session:
            session["_user_id"] = user_key  # the id and session version, as a real login stores them
            session[AUTH_TIME_KEY] = time.time()
            session["_fresh"] = True
    return client


def goes_to_login(response) -> bool:
    return response.status_code in (301, 302, 303, 307, 308) and "/dang-nhap" in response.headers.get("Location", "")
