"""Missing is not "none" and the online label agrees with the channels: one derivation
(tthc.records.presence) behind the page, the posting sheet, the decision document, the API, search,
exports and statistics."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tests.support.pdf import body_text, pdf_text
from tthc.catalogue.apply import apply_decision
from tthc.catalogue.designations import procedure_designations
from tthc.catalogue.queries import catalogue_on, version_in_force
from tthc.db import transaction
from tthc.models.decisions import Decision, DecisionEntry
from tthc.printing import postings
from tthc.printing.decision_docx import _record_parts
from tthc.records import from_flat, merge_partial, normalize_record, to_flat
from tthc.records.presence import (
    GIVEN,
    NONE,
    NOT_RECORDED,
    ONLINE_AVAILABILITY,
    missing_mandatory,
    not_recorded_text,
    online_availability,
    part_state,
    public_source,
)
from tthc.search.documents import build_documents

AMENDED = "2.000829"


def _settings(app):
    return postings.PrintSettings.from_settings(app.extensions["tthc"].settings)


def _amend(session_factory, code: str, partial: dict) -> None:
    with transaction(session_factory) as session:
        effective = version_in_force(session, code).valid_from
        decision = Decision(
            kind="cong_bo",
            number="77/QĐ-UBND",
            title="Công bố thủ tục sửa đổi (thử)",
            issuer="UBND tỉnh (thử)",
            signer="Người ký thử",
            status="signed",
            signed_date=effective,
            effective_date=effective,
        )
        decision.entries = [
            DecisionEntry(position=0, action="amended", code=code, record=partial, basis=["Văn bản thử"])
        ]
        session.add(decision)
        session.flush()
        apply_decision(session, decision, actor="test")


def _section(html: str, anchor: str) -> str:
    """The HTML of a page section from its heading to the next one."""
    start = html.index(f'id="{anchor}"')
    return html[start : html.index("<h2", start)]


# --- the record format keeps the difference --------------------------------------------------------
def test_part_state_tells_given_none_and_not_recorded():
    record = normalize_record(
        {
            "name": "X",
            "steps": [],
            "results": ["Không"],
            "requirements": "Không quy định.",
            "forms": ["Tờ khai mẫu 01"],
            "dossier": [{"case": "", "documents": []}],
        }
    )
    assert part_state(record, "steps") == NOT_RECORDED
    assert part_state(record, "dossier") == NOT_RECORDED  # a case without a named document says nothing
    assert part_state(record, "results") == NONE
    assert part_state(record, "requirements") == NONE
    assert part_state(record, "forms") == GIVEN
    assert "steps" in missing_mandatory(record) and "dossier" in missing_mandatory(record)


def test_normalize_merge_and_flat_keep_none_apart_from_not_recorded():
    base = normalize_record({"code": "1", "name": "X", "results": ["Giấy phép"], "requirements": "Đủ 18 tuổi"})
    carried = merge_partial(base, {"results": [], "requirements": ""})  # blank: carries over
    assert carried["results"] == ["Giấy phép"] and carried["requirements"] == "Đủ 18 tuổi"
    explicit = merge_partial(base, {"results": ["Không"], "requirements": "Không"})  # the decision says none
    assert part_state(explicit, "results") == NONE and part_state(explicit, "requirements") == NONE
    flat = to_flat(explicit)
    back = from_flat(flat)
    assert part_state(back, "results") == NONE and part_state(back, "requirements") == NONE
    assert part_state(from_flat({"code": "2", "name": "Y"}), "results") == NOT_RECORDED
    # The JSON Lines export keeps the bytes that carry the difference.
    assert json.loads(json.dumps(explicit, ensure_ascii=False))["results"] == ["Không"]


def test_decision_document_record_block_says_not_recorded_not_none():
    record = normalize_record({"code": "1", "name": "X", "results": ["Không"]})
    parts = dict(_record_parts(record))
    assert parts["g) Kết quả thực hiện"] == ["- Không"]
    for label in (
        "i) Tên mẫu đơn, tờ khai",
        "a) Trình tự thực hiện",
        "k) Yêu cầu, điều kiện",
        "đ) Đối tượng thực hiện",
        "c) Thành phần, số lượng hồ sơ",
    ):
        assert parts[label] == ["Chưa cập nhật"], label


# --- every door ------------------------------------------------------------------------------------
def _without_steps(factory) -> str:
    """A procedure in force that the sample announced without steps, dossier or channels (it has several)."""
    import datetime as dt

    with factory() as session:
        return next(v.code for v in catalogue_on(session, dt.date.today()) if not v.record["steps"])


def test_procedure_without_steps_shows_not_recorded_on_page_sheet_and_api(demo, client, app):
    NO_STEPS = _without_steps(demo)
    page = client.get(f"/thu-tuc/{NO_STEPS}").get_data(as_text=True)
    steps = _section(page, "trinh-tu")
    assert "Chưa cập nhật — " in steps and "liên hệ" in steps and ">Không<" not in steps
    assert "Chưa cập nhật — " in _section(page, "ho-so") and "Chưa cập nhật — " in _section(page, "ket-qua")

    answer = client.get(f"/api/v1/procedures/{NO_STEPS}").get_json()
    assert answer["presence"]["parts"]["steps"] == NOT_RECORDED
    assert "steps" in answer["presence"]["missing_mandatory"]
    assert answer["presence"]["not_recorded_text"].startswith("Chưa cập nhật — ")

    with demo() as session:
        sheet, _ = postings.procedure_sheets(session, _settings(app), [NO_STEPS])
        session.commit()
    text = body_text(pdf_text(sheet))
    assert "Lưu ý: thủ tục này chưa được cập nhật đủ các nội dung bắt buộc (trình tự thực hiện" in text
    steps_part = text[text.index("1. Trình tự thực hiện") : text.index("2. Cách thức")]
    assert "Chưa cập nhật — " in steps_part and "Không" not in steps_part
    assert "Không quy định" not in text


def test_explicit_none_from_a_decision_shows_as_none_everywhere(demo, client, app):
    _amend(demo, AMENDED, {"results": ["Không"], "requirements": "Không"})
    page = client.get(f"/thu-tuc/{AMENDED}").get_data(as_text=True)
    assert "<p>Không</p>" in _section(page, "ket-qua") and "Chưa cập nhật" not in _section(page, "ket-qua")
    assert "<p>Không</p>" in _section(page, "yeu-cau")
    answer = client.get(f"/api/v1/procedures/{AMENDED}").get_json()
    assert answer["presence"]["parts"]["results"] == NONE and answer["presence"]["parts"]["requirements"] == NONE
    with demo() as session:
        sheet, _ = postings.procedure_sheets(session, _settings(app), [AMENDED])
        session.commit()
    text = body_text(pdf_text(sheet))
    assert "5. Kết quả thực hiện Không 6. Mẫu đơn, tờ khai" in text
    assert "4. Yêu cầu, điều kiện Không 5." in text


def test_print_page_lists_procedures_missing_a_mandatory_part(demo, client, auth, make_user):
    auth.login(*make_user("nguoi-duyet", "reviewer"))
    with demo() as session:
        from tthc.models.catalogue import ServicePoint

        points = session.scalars(select(ServicePoint)).all()
        incomplete = {}
        for point in points:
            versions = postings.procedures_received(session, point)
            incomplete[point.id] = postings.incomplete_sheets(versions)
    point_id, items = next((k, v) for k, v in incomplete.items() if v)
    page = client.get(f"/can-bo/niem-yet/noi-tiep-nhan/{point_id}").get_data(as_text=True)
    notice = page.index('id="thieu-noi-dung"')
    assert notice < page.index(f"/can-bo/niem-yet/noi-tiep-nhan/{point_id}/in")  # before the print button
    listed = page[notice : page.index("</div>", notice)]
    assert all(item["code"] in listed for item in items)


def test_public_source_hides_repository_paths():
    assert public_source("github.com/x/y:src/etl/a.md (annex of 361/QĐ-BTP)") == ""
    assert (
        public_source("https://dichvucong.gov.vn/thu-tuc-hanh-chinh/1")
        == "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/1"
    )


def test_not_recorded_text_names_the_decision_and_the_agency():
    record = normalize_record(
        {"name": "X", "agencies": {"executing": ["Sở Tư pháp"]}, "extra": {"announcing_decision": "361/QĐ-BTP"}}
    )
    assert not_recorded_text(record) == "Chưa cập nhật — xem Quyết định số 361/QĐ-BTP hoặc liên hệ Sở Tư pháp."
    assert not_recorded_text(normalize_record({"name": "X"}), "12/QĐ-UBND") == (
        "Chưa cập nhật — xem Quyết định số 12/QĐ-UBND hoặc liên hệ bộ phận một cửa nơi nộp hồ sơ."
    )


# --- online availability ---------------------------------------------------------------------------
channels = st.sampled_from(["truc_tiep", "truc_tuyen", "buu_chinh", ""])
records = st.fixed_dictionaries(
    {
        "name": st.just("Thủ tục"),
        "online_level": st.sampled_from(["", "toan_trinh", "mot_phan"]),
        "methods": st.lists(st.fixed_dictionaries({"channel": channels}), max_size=4),
    }
)
designation_sets = st.sets(st.sampled_from(["online_full", "online_partial", "postal", "non_territorial"]))


@settings(max_examples=300, deadline=None)
@given(records, designation_sets)
def test_online_label_agrees_with_channels_and_designations(raw, designations):
    record = normalize_record(raw)
    online = online_availability(record, designations)
    has_online = any(m["channel"] == "truc_tuyen" for m in record["methods"])
    designated = {"online_full", "online_partial"} & designations
    assert online.label == ONLINE_AVAILABILITY[online.key] and online.label != "Không"
    not_online = not has_online and not designated and not record["online_level"]
    any_channel = any(m["channel"] for m in record["methods"])
    assert (online.key == "chua_cung_cap") == (not_online and any_channel)
    assert (online.key == "chua_cap_nhat") == (not_online and not any_channel)  # missing is not "no"
    if "online_full" in designations or record["online_level"] == "toan_trinh":
        assert online.key == "toan_trinh"
    elif "online_partial" in designations or record["online_level"] == "mot_phan":
        assert online.key == "mot_phan"
    elif has_online:
        assert online.key == "truc_tuyen"


def test_online_label_agrees_for_every_procedure_of_the_sample(demo, client, app):
    from tthc.printing import render

    settings = _settings(app)
    with demo() as session:
        import datetime as dt

        today = dt.date.today()
        versions = catalogue_on(session, today)
        docs = {d.code: d for d in build_documents(session, today)}
        sheet_online = postings.online_designations(session, today)
        expected, sheets = {}, {}
        for version in versions:
            listed = {d["designation"] for d in procedure_designations(session, version.code, today)}
            expected[version.code] = online_availability(version.record, listed)
            sheet = postings.make_sheet(version, settings, sheet_online.get(version.code, frozenset()))
            sheets[version.code] = render.render_html(
                "sheet.html", s=sheet, point_name="x", address="", contact={}, authority="x", made_on=settings.made_on
            )
    assert len(expected) >= 30
    for code, online in expected.items():
        assert f"<th scope=\"row\">Dịch vụ công trực tuyến</th><td>{online.label}" in sheets[code]
    for code, online in expected.items():
        has_online = any(m["channel"] == "truc_tuyen" for m in normalize_record(version_record(demo, code))["methods"])
        not_online = online.key in ("chua_cung_cap", "chua_cap_nhat")
        assert not_online == (not has_online and online.key not in ("toan_trinh", "mot_phan"))
        assert docs[code].online_level == online.key
        assert client.get(f"/api/v1/procedures/{code}").get_json()["online"]["key"] == online.key
        page = client.get(f"/thu-tuc/{code}").get_data(as_text=True)
        assert f"<dt>Dịch vụ công trực tuyến</dt><dd>{online.label}" in page
    facets = client.get("/api/v1/procedures?per_page=1").get_json()["facets"]["online_level"]
    counts = {f["value"] if isinstance(f, dict) else f[0]: f for f in facets}
    assert "" not in counts  # no "Không" bucket beside "Trực tuyến"


def version_record(factory, code: str) -> dict:
    with factory() as session:
        return version_in_force(session, code).record


def test_csv_export_says_which_parts_are_not_recorded_and_the_online_availability():
    import csv
    import io

    from tthc.catalogue.io import export_csv

    records = [
        normalize_record({"code": "1", "name": "A", "results": ["Không"], "methods": [{"channel": "truc_tuyen"}]}),
        normalize_record({"code": "2", "name": "B", "steps": ["Nộp hồ sơ"], "online_level": "toan_trinh"}),
    ]
    rows = list(csv.DictReader(io.StringIO(export_csv(records).lstrip("\ufeff"))))
    assert rows[0]["online_availability"] == "truc_tuyen" and rows[1]["online_availability"] == "toan_trinh"
    assert "Trình tự thực hiện" in rows[0]["not_recorded"] and "Kết quả thực hiện" not in rows[0]["not_recorded"]
    assert rows[0]["results"] == "Không"  # the explicit none stays in the data
    assert "Kết quả thực hiện" in rows[1]["not_recorded"] and "Trình tự" not in rows[1]["not_recorded"]


def test_excel_annex_keeps_none_apart_from_not_recorded():
    """An annex row that writes "Không" stays "none"; a blank cell stays "not recorded" (and an amendment
    with a blank cell changes nothing)."""
    import io

    from tthc.annex import decision_workbook, read_decision_workbook
    from tthc.decisions.importing import decision_from_flat

    record = normalize_record(
        {
            "code": "9.000001",
            "name": "Thủ tục thử",
            "steps": ["Nộp hồ sơ"],
            "results": ["Không"],
            "requirements": "Không",
            "forms": [],
        }
    )
    flat = {
        "number": "08/QĐ-UBND",
        "title": "Thử",
        "entries": [
            {"action": "new", "code": record["code"], "record": record},
            {"action": "amended", "code": "1.001233", "record": {"requirements": "Không"}},
        ],
    }
    decision = decision_from_flat(flat, "x", signed=False)
    for i, entry in enumerate(decision.entries):
        entry.id = i + 1
    again = decision_from_flat(read_decision_workbook(io.BytesIO(decision_workbook(decision)))[0][1], "y", signed=False)
    new = normalize_record(again.entries[0].record)
    assert part_state(new, "results") == NONE and part_state(new, "requirements") == NONE
    assert part_state(new, "forms") == NOT_RECORDED and part_state(new, "dossier") == NOT_RECORDED
    assert again.entries[1].record.get("requirements") == "Không"
    assert "results" not in again.entries[1].record  # blank: carried over from the version in force
