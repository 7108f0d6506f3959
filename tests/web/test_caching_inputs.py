"""A cached answer's ETag names every request input its view reads (tthc.web.caching.conditional).

The mechanism: each cached view declares the query arguments it reads (`@conditional(args=...)`, the date
parameter included) and its ETag is made of those values and nothing else. Under tests the view runs
with a request.args that records each argument read (RecordingArgs); a 200 answer that read an argument
its tag does not name raises UndeclaredInput, so every test of the suite that renders a cached page
checks it. This file proves the mechanism fails when it should, and walks every cached route of the
url_map with the demo catalogue: each declared argument changes the tag, an argument the view does not
read (a tracker's ?utm_source=) changes neither the tag nor the answer, and the view reads nothing else.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from flask import request
from sqlalchemy import select

from tests.support.route_walk import build_url
from tthc.models.catalogue import ProcedureVersion
from tthc.models.decisions import Decision
from tthc.web.access import public_view
from tthc.web.caching import ALL_ARGS, UndeclaredInput, conditional

ADOPTION = "2.001263"  # Đăng ký việc nuôi con nuôi trong nước (baseline)
# A value for each argument a cached view may read; any value that differs from "absent" will do, as
# the question is only whether the tag changes (a 304 is decided before the view runs).
PROBES = {
    "ngay": "2025-08-01",
    "trang": "2",
    "q": "nuôi con nuôi",
    "tr": "1",
    "tk": "abc",
    "cap": "tinh",
    "linh_vuc": "Điện lực",
    "co_quan": "Sở Công Thương",
    "kenh": "truc_tuyen",
    "truc_tuyen": "toan_trinh",
    "trang_thai": "in_force",
    "noi": "1",
    "danh_muc": "on_the_spot",
    "sap_xep": "ma",
    "xem": "song-song",
    "tu": "2025-01-01",
    "den": "2025-12-01",
    "chi_so": "total",
    "page": "2",
    "per_page": "5",
    "facets": "0",
    "level": "tinh",
    "sector": "Điện lực",
    "agency": "Sở Công Thương",
    "channel": "truc_tuyen",
    "online_level": "toan_trinh",
    "status": "signed",
}
FIRST_PAGE = {"chi_so": "total"}  # a figure list needs its figure to answer 200


def cached_rules(app):
    """(rule, the query arguments its ETag names) of every GET rule whose view is `conditional`."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        inputs = getattr(app.view_functions[rule.endpoint], "etag_inputs", None)
        if inputs is not None and "GET" in (rule.methods or ()):
            yield rule, inputs


@pytest.fixture
def cached_urls(app, demo):
    with demo() as session:
        decision = session.scalar(select(Decision.id).where(Decision.number == "2715/QĐ-UBND"))
        assert session.scalar(select(ProcedureVersion.id).where(ProcedureVersion.code == ADOPTION))
    ids = {"decision_id": decision, "code": ADOPTION}
    return [(rule.endpoint, build_url(rule, ids), inputs) for rule, inputs in cached_rules(app)]


def test_every_public_cached_route_is_walked(cached_urls):
    walked = {endpoint for endpoint, _, _ in cached_urls}
    assert {
        "public.index",
        "public.catalogue",
        "public.search",
        "public.procedure",
        "history.decision",
        "history.compare_versions",
        "stats.figure_list",
        "api.procedures",
        "api.decisions",
    } <= walked
    assert all(inputs[0] == "ngay" for _, _, inputs in cached_urls)


def test_each_named_input_changes_the_etag_and_nothing_else_does(app, cached_urls):
    client = app.test_client()
    for endpoint, url, inputs in cached_urls:
        base = {k: v for k, v in FIRST_PAGE.items() if k in inputs}
        address = f"{url}?{urlencode(base)}" if base else url
        first = client.get(address)
        assert first.status_code == 200, endpoint
        tag = first.headers["ETag"]
        joiner = "&" if base else "?"
        # An argument no view reads shares the answer: 304 for the tag held, the same tag and body without.
        junk = f"{address}{joiner}utm_source=zalo"
        assert client.get(junk, headers={"If-None-Match": tag}).status_code == 304, endpoint
        again = client.get(junk)
        assert again.headers["ETag"] == tag and again.data == first.data, endpoint
        for name in inputs:
            if name in base:
                continue
            changed = f"{address}{joiner}{urlencode({name: PROBES.get(name, '1')})}"
            answer = client.get(changed, headers={"If-None-Match": tag})
            assert answer.status_code != 304, f"{endpoint}: ?{name}= does not change the ETag"
        # Every named argument at once: the view's widest reading stays within what the tag names
        # (an argument read outside it raises UndeclaredInput out of the test client).
        everything = {name: PROBES.get(name, "1") for name in inputs}
        client.get(f"{url}?{urlencode(everything)}")


def test_a_cached_view_that_reads_an_argument_its_etag_does_not_name_fails(app, demo):
    @public_view
    @conditional(args=("trang",))
    def sorted_list():
        return f"trang {request.args.get('trang', '1')}, xếp theo {request.args.get('sap_xep', 'tên')}"

    @public_view
    @conditional(args=("trang",))
    def every_argument():
        return f"{sorted(request.args.to_dict())}"

    @public_view
    @conditional(args=("trang",))
    def only_its_page():
        return f"trang {request.args.get('trang', '1')}"

    app.add_url_rule("/thu-nghiem/sap-xep", view_func=sorted_list)
    app.add_url_rule("/thu-nghiem/moi-tham-so", view_func=every_argument)
    app.add_url_rule("/thu-nghiem/trang", view_func=only_its_page)
    client = app.test_client()
    with pytest.raises(UndeclaredInput, match="sap_xep"):
        client.get("/thu-nghiem/sap-xep?trang=2")
    with pytest.raises(UndeclaredInput, match=f"\\{ALL_ARGS}"):
        client.get("/thu-nghiem/moi-tham-so")
    answer = client.get("/thu-nghiem/trang?trang=2&sap_xep=ma")
    assert answer.status_code == 200 and answer.get_data(as_text=True) == "trang 2"
    # The tag names the page: another page is another tag, another order (not read) the same one.
    other = client.get("/thu-nghiem/trang?trang=3", headers={"If-None-Match": answer.headers["ETag"]})
    same = client.get("/thu-nghiem/trang?trang=2", headers={"If-None-Match": answer.headers["ETag"]})
    assert other.status_code == 200 and same.status_code == 304
