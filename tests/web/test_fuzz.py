"""Property-based fuzzing of every route in the url_map (whatever area added it): random path values,
query strings and form bodies, as anonymous and as an administrator. Nothing may answer 5xx.
Fixed budget and derandomized, so CI runs the same examples every time."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.routing.converters import IntegerConverter

from tests.support.route_walk import build_url, client_as, rules_and_methods
from tthc.models.accounts import User

FUZZ = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60) | st.sampled_from(
    [
        "1.001193",
        "3.000527",
        "../../etc/passwd",
        "%00",
        "<script>alert(1)</script>",
        "2025-11-20",
        "0000-00-00",
        'name:"x" AND y*',
        "a" * 3000,
        "9" * 40,
        "-1",
        "Ðăng ký",
        "đăng\u0300 ký",
        "\x00\x1f\x7f",
    ]
)
numbers = st.integers(min_value=-(2**63), max_value=2**63) | st.sampled_from([0, 1, 2, 3])
numeric_texts = st.sampled_from(["9" * 25, "2147483648", "99999999", "-1", "0", "1", "٣", "²", "1e9", " 7 ", "0x10"])
query_keys = (
    st.sampled_from(
        ["q", "ngay", "trang", "cap", "linh-vuc", "co-quan", "next", "format", "page", "noi", "tu", "den", "per_page"]
    )
    | texts
)
queries = st.dictionaries(query_keys, texts | numeric_texts, max_size=4)
# Form fields the views read as numbers or paths: ids, revision numbers, row counts, redirect targets.
FORM_KEYS = [
    "username",
    "password",
    "role",
    "agency",
    "full_name",
    "active",
    "title",
    "number",
    "q",
    "tu_phien_ban",
    "entry_id",
    "parent_id",
    "agency_id",
    "methods-count",
    "dossier-count",
    "dossier-0-count",
    "methods-0-time_limit_value",
    "dossier-0-0-originals",
    "lock_version",
    "effective_date",
    "signed_date",
    "action",
    "code",
    "body",
    "field",
    "direction",
]


@pytest.fixture
def fuzz_app(app, demo, make_user):
    app.config["WTF_CSRF_ENABLED"] = False  # reach the views; CSRF is tested on its own
    make_user("fuzz-admin", "admin")
    with demo() as session:
        admin_id = session.scalar(select(User.id).where(User.username == "fuzz-admin"))
    return app, admin_id


def _rules(app, methods):
    return [rule for rule, method in rules_and_methods(app) if method in methods and rule.endpoint != "static"]


def _is_int(rule, name) -> bool:
    return isinstance(rule._converters[name], IntegerConverter)


@FUZZ
@given(data=st.data())
def test_every_get_route_survives_random_paths_and_queries(fuzz_app, data):
    app, admin_id = fuzz_app
    rule = data.draw(st.sampled_from(_rules(app, {"GET"})), label="rule")
    overrides = {name: data.draw(numbers if _is_int(rule, name) else texts, label=name) for name in rule.arguments}
    try:
        url = build_url(rule, overrides)
    except (ValueError, AssertionError):
        return  # the converter itself refuses the value (e.g. a negative id)
    query = data.draw(queries, label="query")
    user = data.draw(st.sampled_from([None, admin_id]), label="user")
    response = client_as(app, user).get(url, query_string=query)
    response.close()
    assert response.status_code < 500, (url, query, response.status_code)


@FUZZ
@given(path=texts, query=queries)
def test_random_paths_never_give_5xx(fuzz_app, path, query):
    app, _ = fuzz_app
    response = app.test_client().get("/" + quote(path, safe="/%;,=+@"), query_string=query)
    response.close()
    assert response.status_code < 500, (path, response.status_code)


@FUZZ
@given(data=st.data())
def test_every_write_route_survives_random_form_bodies(fuzz_app, data):
    app, admin_id = fuzz_app
    writes = _rules(app, {"POST", "PUT", "PATCH", "DELETE"})
    rule = data.draw(st.sampled_from(writes), label="rule")
    method = data.draw(st.sampled_from(sorted((rule.methods or set()) & {"POST", "PUT", "PATCH", "DELETE"})))
    try:
        url = build_url(rule, {n: data.draw(numbers, label=n) for n in rule.arguments if _is_int(rule, n)})
    except (ValueError, AssertionError):
        return
    form = data.draw(
        st.dictionaries(st.sampled_from(FORM_KEYS) | texts, texts | numeric_texts, max_size=8), label="form"
    )
    user = data.draw(st.sampled_from([None, admin_id]), label="user")
    query = data.draw(
        st.dictionaries(st.sampled_from(["next", "noi", "tu"]), texts | numeric_texts, max_size=2), label="query"
    )
    response = client_as(app, user).open(url, method=method, data=form, query_string=query)
    assert response.status_code < 500, (method, url, form, response.status_code)
