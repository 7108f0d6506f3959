"""Drafting pages through the Flask test client: scope by agency, the record form, autosave, Excel."""

import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.support.review import AMENDING_ACT
from tthc.annex import SHEET_DOSSIER, SHEET_LIST, template_workbook
from tthc.models.decisions import Decision, DecisionEntry

pytestmark = pytest.mark.app_config(WTF_CSRF_ENABLED=False)  # the browser test covers the real CSRF tokens

AGENCY = "Sở Tư pháp"


@pytest.fixture
def drafter_client(demo, make_user, client, auth):
    make_user("soan", "drafter", AGENCY)
    auth.login("soan")
    return client


def _create(client, title="Công bố sửa đổi thủ tục nuôi con nuôi"):
    response = client.post(
        "/soan-thao/moi", data={"title": title, "issuer": "UBND tỉnh Quảng Trị", "effective_date": "2027-03-01"}
    )
    assert response.status_code == 302
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def _entry_id(response):
    return int(re.search(r"/muc/(\d+)$", response.headers["Location"]).group(1))


def test_anonymous_and_other_roles_are_kept_out(demo, make_user, client, auth):
    assert client.get("/soan-thao/").status_code == 302  # to the login page
    make_user("kiemsoat", "reviewer")
    auth.login("kiemsoat")
    assert client.get("/soan-thao/").status_code == 403


def test_other_agency_gets_404_even_by_changing_ids(drafter_client, make_user, app, session, auth):
    decision_id = _create(drafter_client)
    entry = drafter_client.post(f"/soan-thao/{decision_id}/muc", data={"action": "amended", "code": "1.001233"})
    entry_id = _entry_id(entry)
    make_user("khac", "drafter", "Sở Công Thương")
    other = app.test_client()
    auth.login("khac", client=other)
    assert other.get(f"/soan-thao/{decision_id}").status_code == 404
    assert other.get(f"/soan-thao/{decision_id}/muc/{entry_id}").status_code == 404
    assert other.post(f"/soan-thao/{decision_id}/muc/{entry_id}/xoa").status_code == 404
    assert other.post(f"/tham-dinh/{decision_id}/gui").status_code == 404
    assert "Công bố sửa đổi" not in other.get("/soan-thao/").get_data(as_text=True)
    # Nor may the first drafter reach an entry through another decision's URL.
    second = _create(other, "Quyết định của Sở Công Thương")
    assert drafter_client.get(f"/soan-thao/{second}/muc/{entry_id}").status_code == 404


def test_record_form_saves_only_the_changed_fee(drafter_client, session):
    decision_id = _create(drafter_client)
    page = drafter_client.post(
        f"/soan-thao/{decision_id}/muc", data={"action": "amended", "code": "1.001233", "basis": AMENDING_ACT}
    )
    entry_id = _entry_id(page)
    html = drafter_client.get(f"/soan-thao/{decision_id}/muc/{entry_id}").get_data(as_text=True)
    assert 'id="f-methods-0-fee"' in html and "Miễn phí" in html
    form = _form_values(html)
    drafter_client.post(f"/soan-thao/{decision_id}/muc/{entry_id}", data=form)
    assert session.get(DecisionEntry, entry_id).record == {}  # an untouched form changes nothing
    session.expire_all()
    form["methods-0-fee"] = "50.000 đồng/hồ sơ"
    response = drafter_client.post(f"/soan-thao/{decision_id}/muc/{entry_id}", data=form)
    assert response.status_code == 302
    entry = session.get(DecisionEntry, entry_id)
    assert set(entry.record) == {"methods"}
    assert entry.record["methods"][0]["fee"] == "50.000 đồng/hồ sơ"
    assert entry.record["methods"][1]["fee"] == "Miễn phí"
    # Autosave answers JSON with the remaining problems.
    form["methods-0-time_limit_value"] = "abc"
    bad = drafter_client.post(f"/soan-thao/{decision_id}/muc/{entry_id}", data=form, headers={"X-Autosave": "1"})
    assert bad.status_code == 400 and "phải là một số" in bad.get_json()["message"]
    form["methods-0-time_limit_value"] = ""
    ok = drafter_client.post(f"/soan-thao/{decision_id}/muc/{entry_id}", data=form, headers={"X-Autosave": "1"})
    assert ok.get_json()["saved"] is True and ok.get_json()["errors"] == 0


def test_new_entry_shows_missing_parts_beside_fields_and_blocks_submission(drafter_client):
    decision_id = _create(drafter_client)
    page = drafter_client.post(f"/soan-thao/{decision_id}/muc", data={"action": "new", "name": "Thủ tục thử"})
    html = drafter_client.get(page.headers["Location"]).get_data(as_text=True)
    assert 'id="f-steps-problems"' in html and 'id="f-dossier-problems"' in html
    # Tied to their fields in the page itself (no script needed): the missing steps are an error.
    steps = re.search(r'<textarea id="f-steps"[^>]*>', html).group(0)
    assert 'aria-describedby="f-steps-problems"' in steps and 'aria-invalid="true"' in steps
    name = re.search(r'<(?:input|textarea) id="f-name"[^>]*>', html).group(0)
    assert "aria-invalid" not in name and "aria-describedby" not in name
    decision_page = drafter_client.get(f"/soan-thao/{decision_id}").get_data(as_text=True)
    assert re.search(r'id="nop-tham-dinh"\s+disabled', decision_page)
    # The page's form posts to the one submit route, with the lock version it showed.
    form = re.search(
        r'<form method="post" action="([^"]+)" class="submit-form">.*?name="lock_version" value="(\d+)"',
        decision_page,
        re.S,
    )
    assert form.group(1) == f"/tham-dinh/{decision_id}/gui"
    refused = drafter_client.post(form.group(1), data={"lock_version": form.group(2)}, follow_redirects=True)
    assert "lỗi phải sửa trước khi nộp" in refused.get_data(as_text=True)


def test_template_download_and_broken_upload_writes_nothing(drafter_client, session):
    template = drafter_client.get("/soan-thao/mau-phu-luc.xlsx")
    assert template.status_code == 200 and template.data[:2] == b"PK"
    book = load_workbook(io.BytesIO(template_workbook()))
    book[SHEET_LIST].append(["1", "Mới ban hành", "1.777001", "", "Thủ tục thử", "", "", "", "", ""])
    book[SHEET_DOSSIER].append(["1", "", "", "Tờ khai", "một", "", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    before = session.scalar(select(func.count(Decision.id)))
    response = drafter_client.post(
        "/soan-thao/nhap-excel",
        data={"file": (io.BytesIO(buffer.getvalue()), "x.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Hồ sơ" in html and "Bản chính" in html and "«một» không phải số nguyên" in html
    assert session.scalar(select(func.count(Decision.id))) == before


def test_upload_creates_a_draft_of_the_drafters_agency(drafter_client, session):
    book = load_workbook(io.BytesIO(template_workbook()))
    book[SHEET_LIST].append(["1", "Sửa đổi, bổ sung", "1.001233", "", "", "", "", "", "", ""])
    book[SHEET_LIST].append(["2", "Bãi bỏ", "2.000596", "", "", "", "", "", "Nghị định số 1/2027/NĐ-CP", ""])
    book["Phần II - Nội dung"].append(
        ["1", "1.001233", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "30.000 đồng"]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    response = drafter_client.post(
        "/soan-thao/nhap-excel",
        data={"file": (io.BytesIO(buffer.getvalue()), "x.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    decision = session.scalars(select(Decision).order_by(Decision.id.desc())).first()
    assert decision.status == "draft" and decision.drafting_agency.name == AGENCY
    assert [(e.action, e.code) for e in decision.entries] == [("amended", "1.001233"), ("abolished", "2.000596")]
    assert decision.entries[0].record == {"fee": "30.000 đồng"}
    download = drafter_client.get(f"/soan-thao/{decision.id}/excel")
    assert download.status_code == 200
    listing = load_workbook(io.BytesIO(download.data))[SHEET_LIST]
    assert listing["E2"].value.startswith("Thủ tục thay đổi nội dung")  # Phần I shows the full name


def _form_values(html: str) -> dict:
    """What a browser would send for the entry form (inputs, selected options, textareas, checked boxes)."""
    form_html = html[html.index('class="form record-form') :]
    form_html = form_html[: form_html.index("</form>")]
    values: dict = {}
    for match in re.finditer(r'<input ([^>]*)>', form_html):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', match.group(1)))
        if "name" not in attrs or attrs.get("type") in ("submit",):
            continue
        if attrs.get("type") == "checkbox" and "checked" not in match.group(1):
            continue
        values[attrs["name"]] = _unescape(attrs.get("value", ""))
    for match in re.finditer(r'<textarea [^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form_html, re.S):
        values[match.group(1)] = _unescape(match.group(2)).removeprefix("\n")  # as browsers read it
    for match in re.finditer(r'<select [^>]*name="([^"]+)"[^>]*>(.*?)</select>', form_html, re.S):
        selected = re.search(r'<option value="([^"]*)" selected', match.group(2))
        values[match.group(1)] = selected.group(1) if selected else ""
    return values


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def test_mojibake_is_offered_and_converted_only_on_request(drafter_client, session):
    decision_id = _create(drafter_client)
    page = drafter_client.post(
        f"/soan-thao/{decision_id}/muc", data={"action": "new", "name": "Thñ tôc ®¨ng ký khai sinh"}
    )
    entry_id = _entry_id(page)
    html = drafter_client.get(f"/soan-thao/{decision_id}/muc/{entry_id}").get_data(as_text=True)
    assert "bảng mã TCVN3" in html and "«Thủ tục đăng ký khai sinh»" in html and "Chuyển mã" in html
    assert session.get(DecisionEntry, entry_id).record["name"] == "Thñ tôc ®¨ng ký khai sinh"  # not silently
    bad = drafter_client.post(
        f"/soan-thao/{decision_id}/muc/{entry_id}/chuyen-ma", data={"field": "methods.9.fee"}, follow_redirects=True
    )
    assert bad.status_code == 200 and "Không tìm thấy trường" in bad.get_data(as_text=True)
    drafter_client.post(f"/soan-thao/{decision_id}/muc/{entry_id}/chuyen-ma", data={"field": "name"})
    session.expire_all()
    assert session.get(DecisionEntry, entry_id).record["name"] == "Thủ tục đăng ký khai sinh"


def test_a_long_draft_shows_its_entries_fifty_a_page_and_a_move_comes_back_to_its_page(drafter_client, demo):
    """Issue 24, item 2: a draft of a few hundred entries was one page of 540 KB (three forms an entry)."""
    from tests.support.review import make_draft

    entries = [{"action": "new", "code": f"2.9{i:05d}", "name": f"Thủ tục thử nghiệm số {i + 1}"} for i in range(60)]
    decision_id = make_draft(demo, entries, title="Công bố 60 thủ tục mới lĩnh vực Tư pháp", created_by="soan")
    first = drafter_client.get(f"/soan-thao/{decision_id}").get_data(as_text=True)
    assert "Mục 1–50 trong 60 mục." in first and "Thủ tục thử nghiệm số 50<" in first
    assert "Thủ tục thử nghiệm số 51<" not in first and 'rel="last"' in first
    second = drafter_client.get(f"/soan-thao/{decision_id}?trang=2").get_data(as_text=True)
    assert '<ol class="entries" start="51">' in second and "Thủ tục thử nghiệm số 60<" in second
    assert 'aria-label="Đưa mục 55 lên"' in second
    with demo() as session:
        fifty_fifth = sorted(session.get(Decision, decision_id).entries, key=lambda e: e.position)[54].id
    moved = drafter_client.post(
        f"/soan-thao/{decision_id}/muc/{fifty_fifth}/di-chuyen", data={"direction": "up", "trang": "2"}
    )
    assert moved.status_code == 302 and moved.headers["Location"].endswith(f"/soan-thao/{decision_id}?trang=2#cac-muc")
    with demo() as session:
        order = [e.id for e in sorted(session.get(Decision, decision_id).entries, key=lambda e: e.position)]
    assert order.index(fifty_fifth) == 53
