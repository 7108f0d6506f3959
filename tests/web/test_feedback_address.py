"""Where to complain (issue 24, item 7): the phản ánh, kiến nghị section of every procedure page and posting
sheet names an address: the configured one, else the executing agency's address in the agency register,
else the authority's; an authority with none is told at start-up and on the administration page."""

from __future__ import annotations

import logging

import pytest

from tthc.catalogue.agencies import find_agency, set_address
from tthc.db import transaction

CODE = "1.001233"  # executed by Sở Tư pháp in the sample
SO_TU_PHAP = "Số 58 Phan Đình Phùng, phường Thành Sen, tỉnh Hà Tĩnh"
UBND_TINH = "Số 01 Nguyễn Tất Thành, phường Thành Sen, tỉnh Hà Tĩnh"


def _set_agency_address(session_factory, name: str, address: str) -> None:
    with transaction(session_factory) as session:
        set_address(session, find_agency(session, name).id, address, actor="test")


def _sheet_html(app, session_factory, code: str, point=None) -> str:
    from tthc.catalogue.queries import version_in_force
    from tthc.printing import postings, render

    settings = postings.PrintSettings.from_settings(app.config)
    with session_factory() as session:
        sheet = postings.make_sheet(version_in_force(session, code), settings)
        return render.render_html("sheet.html", s=sheet, **postings._point_context(point, settings))


def _feedback_panel(html: str) -> str:
    return html.split('<div class="feedback">')[1].split("</div>")[0]


@pytest.mark.browser
def test_the_executing_agencys_address_is_named_on_the_page_and_the_sheet(demo, app, live_server, phone_page):
    _set_agency_address(demo, "Sở Tư pháp", SO_TU_PHAP)
    phone_page.goto(f"{live_server}/thu-tuc/{CODE}")
    section = phone_page.locator("p.feedback-address")
    section.scroll_into_view_if_needed()
    assert f"Sở Tư pháp, {SO_TU_PHAP}" in section.inner_text()
    panel = _feedback_panel(_sheet_html(app, demo, CODE))
    assert "Sở Tư pháp" in panel and f"Địa chỉ: {SO_TU_PHAP}" in panel


@pytest.fixture
def app_with(app):
    """Another app on the same database with some settings changed (settings are fixed while a process runs)."""
    from tthc import create_app

    made = []

    def make(**settings):
        made.append(create_app(dict(app.config, **settings)))
        return made[-1]

    yield make
    for other in made:
        other.extensions["tthc"].engine.dispose()


def test_the_configured_address_comes_first_and_the_authoritys_last(demo, app_with):
    _set_agency_address(demo, "Sở Tư pháp", SO_TU_PHAP)
    configured = app_with(FEEDBACK_ADDRESS="Phòng Kiểm soát thủ tục hành chính, Văn phòng UBND tỉnh Hà Tĩnh")
    page = configured.test_client().get(f"/thu-tuc/{CODE}").get_data(as_text=True)
    assert "<strong>Phòng Kiểm soát thủ tục hành chính, Văn phòng UBND tỉnh Hà Tĩnh</strong>" in page
    factory = configured.extensions["tthc"].session_factory
    assert "Phòng Kiểm soát thủ tục hành chính" in _feedback_panel(_sheet_html(configured, factory, CODE))

    _set_agency_address(demo, "Sở Tư pháp", "")  # the agency has none: the authority's
    authority = app_with(AUTHORITY_NAME="Ủy ban nhân dân tỉnh Hà Tĩnh", AUTHORITY_ADDRESS=UBND_TINH)
    page = authority.test_client().get(f"/thu-tuc/{CODE}").get_data(as_text=True)
    assert f"<strong>Ủy ban nhân dân tỉnh Hà Tĩnh, {UBND_TINH}</strong>" in page
    panel = _feedback_panel(_sheet_html(authority, authority.extensions["tthc"].session_factory, CODE))
    assert "Ủy ban nhân dân tỉnh Hà Tĩnh" in panel and f"Địa chỉ: {UBND_TINH}" in panel


def test_no_address_anywhere_never_prints_an_empty_panel(demo, app, client):
    panel = _feedback_panel(_sheet_html(app, demo, CODE))
    assert "Chưa cấu hình" not in panel
    assert "bộ phận một cửa nơi nộp hồ sơ" in panel  # somewhere a citizen can go
    # The page names the executing agency and the counter, never an empty sentence.
    page = client.get(f"/thu-tuc/{CODE}").get_data(as_text=True)
    sentence = page.split('<p class="feedback-address">')[1].split("</p>")[0]
    assert "Sở Tư pháp hoặc bộ phận một cửa nơi nộp hồ sơ." in " ".join(sentence.split())


def test_an_authority_without_any_address_is_told_at_start_and_on_the_admin_page(
    demo, app, caplog, make_user, auth, client
):
    from tthc import create_app

    with caplog.at_level(logging.WARNING, logger="tthc.app"):
        create_app(dict(app.config, FEEDBACK_ADDRESS="", AUTHORITY_ADDRESS="")).extensions["tthc"].engine.dispose()
    assert any("TTHC_FEEDBACK_ADDRESS" in r.getMessage() for r in caplog.records)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="tthc.app"):
        create_app(dict(app.config, AUTHORITY_ADDRESS=UBND_TINH)).extensions["tthc"].engine.dispose()
    assert not any("TTHC_FEEDBACK_ADDRESS" in r.getMessage() for r in caplog.records)

    make_user("quantri", "admin")
    auth.login("quantri")
    page = client.get("/quan-tri/co-quan").get_data(as_text=True)
    assert "Chưa cấu hình địa chỉ tiếp nhận phản ánh, kiến nghị" in page and "chưa có địa chỉ" in page
    with demo() as session:
        agency_id = find_agency(session, "Sở Tư pháp").id
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    answer = client.post(
        "/quan-tri/co-quan/dia-chi", data={"agency_id": agency_id, "address": SO_TU_PHAP, "csrf_token": token}
    )
    assert answer.status_code == 302
    assert f"<td data-label=\"Địa chỉ\">{SO_TU_PHAP}</td>" in client.get("/quan-tri/co-quan").get_data(as_text=True)
