"""Posting sheets, bundles, the re-post list and the decision document, on the real sample."""

from __future__ import annotations

import io
import json
import re
import unicodedata
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from sqlalchemy import select

from tests.support.pdf import body_text, norm, pdf_text, squeeze
from tthc.catalogue.apply import apply_decision
from tthc.catalogue.designations import procedures_received
from tthc.catalogue.io import import_baseline
from tthc.catalogue.queries import catalogue_on, current_revision
from tthc.catalogue.service_points import (
    ServicePointError,
    create_service_point,
    update_service_point,
)
from tthc.commands.demo import DEMO_BASELINE_DATE
from tthc.db import transaction
from tthc.decisions.importing import import_decisions
from tthc.models.catalogue import DerivedArtifact, ServicePoint
from tthc.models.decisions import Decision, DecisionEntry
from tthc.printing import decision_doc, postings, render
from tthc.records import CHANNELS, LEVELS
from tthc.records.flat import read_jsonl


def record_texts(record: dict) -> list[str]:
    """Every piece of the record a posting sheet must print, verbatim."""
    texts = [
        record["name"],
        record["code"],
        LEVELS[record["level"]],
        record["sector"],
        record["applicants"],
        record["requirements"],
        record["place"],
        record["notes"],
    ]
    texts += ["; ".join(names) for names in record["agencies"].values() if names]
    texts += [s for s in record["steps"] if s.strip()]
    for method in record["methods"]:
        texts += [CHANNELS[method["channel"]] if method["channel"] else "", method["time_limit"], method["fee"]]
    texts += [d["name"] for case in record["dossier"] for d in case["documents"]]
    texts += [case["case"] for case in record["dossier"]]
    texts += record["results"] + record["legal_basis"] + record["forms"]
    if not record["methods"]:
        texts += [record["time_limit"], record["fee"]]
    return [norm(t) for t in texts if t and t.strip()]


def font_names(content: bytes | Path) -> set[str]:
    reader = PdfReader(io.BytesIO(content) if isinstance(content, bytes) else str(content))
    names = set()
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


@pytest.fixture
def settings(app, tmp_path):
    return postings.PrintSettings.from_settings(app.extensions["tthc"].settings)


def demo_point(session, name_part: str) -> ServicePoint:
    return next(p for p in session.scalars(select(ServicePoint)) if name_part in p.name)


# --- service points -------------------------------------------------------------------------------
def test_commune_centre_receives_its_level_plus_explicit_provincial_codes(demo, session):
    commune = demo_point(session, "xã (ví dụ)")
    received = {v.code: v for v in procedures_received(session, commune)}
    assert "2.000829" in received and received["2.000829"].level == "tinh"  # received here, decided higher
    assert {v.level for c, v in received.items() if c != "2.000829"} == {"xa"}
    every_xa = {v.code for v in catalogue_on(session) if v.level == "xa"}
    assert set(received) == every_xa | {"2.000829"}

    update_service_point(
        session,
        commune,
        name=commune.name,
        kind="xa",
        rules={"levels": ["xa"], "include": ["2.000829"], "exclude": ["3.000527"]},
    )
    assert "3.000527" not in {v.code for v in procedures_received(session, commune)}


def test_service_point_input_errors_are_vietnamese(session):
    with pytest.raises(ServicePointError, match="không được để trống"):
        create_service_point(session, "  ")
    with pytest.raises(ServicePointError, match="Cấp «quan» không hợp lệ"):
        create_service_point(session, "Quầy A", rules={"levels": ["quan"]})
    with pytest.raises(ServicePointError, match="vừa được thêm vừa bị loại"):
        create_service_point(session, "Quầy A", rules={"include": ["1.0"], "exclude": ["1.0"]})
    create_service_point(session, "Quầy A", rules={"sectors": "Hộ tịch\nĐất đai"})
    with pytest.raises(ServicePointError, match="Đã có nơi tiếp nhận"):
        create_service_point(session, "Quầy A")


# --- posting sheets -------------------------------------------------------------------------------
@pytest.mark.rendering  # the PDF's text and fonts (the caching of sheets is tested below, on both databases)
def test_every_sample_sheet_prints_the_record_text_verbatim_in_tinos_only(demo, session, settings):
    versions = catalogue_on(session)
    paths = postings.sheet_pdfs(session, versions, None, settings)
    for version, path in zip(versions, paths, strict=True):
        pages = pdf_text(path)
        text = body_text(pages)
        assert unicodedata.is_normalized("NFC", "".join(pages)), version.code
        missing = [t for t in record_texts(version.record) if squeeze(t) not in squeeze(text)]
        assert not missing, (version.code, missing[:2])
        assert f"Trang 1/{len(pages)}" in pages[0]
        assert font_names(path) and font_names(path) <= {
            "TTHC-Tinos",
            "TTHC-Tinos-Bold",
            "TTHC-Tinos-Italic",
            "TTHC-Tinos-Bold-Italic",
        }
        assert "Phiếu niêm yết lập ngày" in text and "Nội dung theo" in text


def test_shipped_fonts_cover_vietnamese_and_the_sample_text(demo, session):
    used = {ch for v in catalogue_on(session) for ch in json.dumps(v.record, ensure_ascii=False) if ch.isprintable()}
    vietnamese = set("ăâđêôơưĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ")
    for name in ("Regular", "Bold", "Italic", "BoldItalic"):
        cmap = TTFont(render.FONT_DIR / f"Tinos-{name}.ttf").getBestCmap()
        assert not [ch for ch in vietnamese | {c.upper() for c in vietnamese} if ord(ch) not in cmap]
        assert not [ch for ch in used if ord(ch) not in cmap and not unicodedata.category(ch).startswith("C")]


def test_sheet_has_qr_to_public_page_and_decision_it_rests_on(demo, session, settings):
    content, (version,) = postings.procedure_sheets(session, settings, ["3.000527"])
    text = body_text(pdf_text(content))
    assert "Quyết định số 2682/QĐ-UBND ngày 20/11/2025 của UBND tỉnh Vĩnh Long" in text
    assert settings.public_base_url + "/thu-tuc/3.000527" in text
    html = render.render_html(
        "sheet.html",
        s=postings.make_sheet(version, settings),
        point_name="x",
        address="",
        contact={},
        authority="x",
        made_on=settings.made_on,
    )
    assert render.qr_data_uri(settings.public_base_url + "/thu-tuc/3.000527") in html  # drawn as vectors


def test_bundle_pages_are_list_then_each_sheet_and_are_cached_per_revision(demo, session, settings):
    point = demo_point(session, "tỉnh (ví dụ)")
    result = postings.bundle(session, settings, point)
    assert not result.cached and result.revision == current_revision(session)
    pages = pdf_text(result.path)
    sheet_pages = [
        len(pdf_text(p))
        for p in postings.sheet_pdfs(
            session, [postings.versions_for_codes(session, [c])[0] for c in result.procedures], point, settings
        )
    ]
    list_pages = len(pages) - sum(sheet_pages)
    assert list_pages >= 1 and f"Trang {list_pages}/{list_pages}" in pages[list_pages - 1]
    assert "DANH MỤC THỦ TỤC HÀNH CHÍNH TIẾP NHẬN TẠI" in pages[0]
    start = list_pages
    for code, count in zip(result.procedures, sheet_pages, strict=True):  # each sheet starts on its own page
        assert f"Mã {code} – Trang 1/{count}" in pages[start]
        start += count
    listing = norm(" ".join(pages[:list_pages]))
    sectors = sorted({v.sector for v in procedures_received(session, point)})
    assert all(s in listing for s in sectors) and "1 " in listing
    again = postings.bundle(session, settings, point)
    assert again.cached and again.path == result.path
    artifact = session.scalar(select(DerivedArtifact).where(DerivedArtifact.kind == postings.BUNDLE_KIND))
    assert artifact.revision_id == result.revision


def test_tampered_cache_file_is_never_served(demo, session, settings):
    point = demo_point(session, "xã (ví dụ)")
    first = postings.bundle(session, settings, point)
    first.path.write_bytes(b"not the bundle")
    second = postings.bundle(session, settings, point)
    assert not second.cached and second.path.read_bytes().startswith(b"%PDF")


def test_fetcher_serves_only_data_uris_and_the_shipped_fonts():
    fetcher = render._weasy()["fetcher"]
    assert fetcher.fetch((render.FONT_DIR / "Tinos-Regular.ttf").as_uri()).read(4) == b"\x00\x01\x00\x00"
    assert fetcher.fetch("data:text/plain,abc").read() == b"abc"
    for url in ("file:///etc/passwd", "http://127.0.0.1/", (render.FONT_DIR / "LICENSE-Tinos.txt").as_uri()):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    pdf = render.html_to_pdf('<p>x</p><img src="file:///etc/hostname">')
    assert pdf.startswith(b"%PDF")


# --- keeping boards in step -----------------------------------------------------------------------
@pytest.fixture
def baseline_only(session_factory, sample_dir):
    """The sample baseline alone, two demo points, and 2715/QĐ-UBND imported but not yet applied."""
    from tthc.commands.demo import add_demo_service_points

    with transaction(session_factory) as session:
        import_baseline(session, sample_dir / "procedures.jsonl", DEMO_BASELINE_DATE, actor="test")
        rows = [(n, row) for n, row in read_jsonl(sample_dir / "decisions.jsonl") if row["number"] == "2715/QĐ-UBND"]
        import_decisions(session, rows, signed=True, actor="test")
        add_demo_service_points(session)
    return rows[0][1]


def test_repost_list_names_exactly_the_changed_procedures(baseline_only, session_factory, settings):
    with transaction(session_factory) as session:
        before = current_revision(session)
        decision = session.scalar(select(Decision).where(Decision.number == "2715/QĐ-UBND"))
        apply_decision(session, decision, actor="test")
    with session_factory() as session:
        plan = postings.repost_plan(
            session, before, [demo_point(session, "tỉnh (ví dụ)"), demo_point(session, "xã (ví dụ)")]
        )
        province, commune = plan["service_points"]
        entries = baseline_only["entries"]
        assert {i["code"] for i in province["put_up"]} == {e["code"] for e in entries if e["action"] == "new"}
        assert {i["code"] for i in province["take_down"]} == {e["code"] for e in entries if e["action"] == "abolished"}
        assert {i["reason"] for i in province["take_down"]} == {"Bãi bỏ"}
        assert commune["put_up"] == commune["take_down"] == []

        content, _ = postings.repost_sheets(session, settings, demo_point(session, "tỉnh (ví dụ)"), before)
        text = body_text(pdf_text(content))
        assert all(norm(e["name"]) in text for e in entries if e["action"] == "new")
        assert not any(norm(e["name"]) in text for e in entries if e["action"] == "abolished")
        assert postings.repost_sheets(session, settings, demo_point(session, "xã (ví dụ)"), before)[0] is None


def test_amended_procedure_is_replaced_on_the_board_and_bundle_moves_to_new_revision(demo, session_factory, settings):
    with session_factory() as session:
        point = demo_point(session, "xã (ví dụ)")
        old_bundle = postings.bundle(session, settings, point)
        session.commit()
        before = current_revision(session)
    decision = _amending_decision(session_factory, "2.000829", {"requirements": "Điều kiện sửa đổi thử"})
    with transaction(session_factory) as session:
        apply_decision(session, session.get(Decision, decision), actor="test")
    with session_factory() as session:
        point = demo_point(session, "xã (ví dụ)")
        plan = postings.repost_plan(session, before, [point])["service_points"][0]
        assert [i["code"] for i in plan["take_down"]] == [i["code"] for i in plan["put_up"]] == ["2.000829"]
        new_bundle = postings.bundle(session, settings, point)
        assert new_bundle.revision == before + 1 and not new_bundle.cached and new_bundle.path != old_bundle.path
        assert "Điều kiện sửa đổi thử" in body_text(pdf_text(new_bundle.path))


def _amending_decision(session_factory, code: str, partial: dict) -> int:
    from tthc.catalogue.queries import version_in_force

    with transaction(session_factory) as session:
        effective = version_in_force(session, code).valid_from
        decision = Decision(
            kind="cong_bo",
            number="99/QĐ-UBND",
            title="Công bố thủ tục sửa đổi (thử)",
            issuer="UBND tỉnh Quảng Trị",
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
        return decision.id


# --- the decision document ------------------------------------------------------------------------
def test_decision_document_has_nd30_header_articles_and_both_parts(demo, session):
    decision = session.scalar(select(Decision).where(Decision.number == "2715/QĐ-UBND"))
    content = decision_doc.decision_pdf(session, decision)
    pages = pdf_text(content)
    first = norm(pages[0])
    for expected in (
        "UBND TỈNH QUẢNG TRỊ",
        "Số: 2715/QĐ-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Quảng Trị, ngày 19 tháng 11 năm 2025",
        "QUYẾT ĐỊNH",
        "Điều 1.",
        "Điều 2.",
        "Điều 3.",
        "Lê Đức Tiến",
        "09 thủ tục mới ban hành, 08 thủ tục bãi bỏ",
    ):
        assert expected in first, expected
    assert pages[0].split()[-1] != "1" and pages[1].split()[-1] == "2"  # Decree 30/2020: none on page 1
    text = norm(" ".join(pages))
    assert "PHẦN I. DANH MỤC THỦ TỤC HÀNH CHÍNH" in text and "PHẦN II. NỘI DUNG CỤ THỂ" in text
    assert "1. Danh mục thủ tục hành chính mới ban hành" in text and "2. Danh mục thủ tục hành chính bị bãi bỏ" in text
    for entry in decision.entries:
        assert norm(entry.record["name"]) in text
    assert font_names(content) <= {"TTHC-Tinos", "TTHC-Tinos-Bold", "TTHC-Tinos-Italic", "TTHC-Tinos-Bold-Italic"}


def test_amended_entry_prints_the_merged_record(demo, session_factory):
    decision_id = _amending_decision(session_factory, "2.000829", {"requirements": "Điều kiện sửa đổi thử"})
    with session_factory() as session:
        from tthc.catalogue.queries import version_in_force

        current = version_in_force(session, "2.000829").record
        doc = decision_doc.build(session, session.get(Decision, decision_id))
        assert [g["heading"] for g in doc.groups] == ["được sửa đổi, bổ sung"]
        (record,) = doc.contents[0]["records"]
        assert record["requirements"] == "Điều kiện sửa đổi thử"
        assert record["steps"] == current["steps"] and record["dossier"] == current["dossier"]
        pages = pdf_text(decision_doc.decision_pdf(session, session.get(Decision, decision_id)))
        # Without the page numbers (Decree 30/2020 puts them at the top of pages 2, 3, ...).
        text = squeeze(" ".join(re.sub(r"\n\d+\s*$", "", page.rstrip()) for page in pages))
        assert all(squeeze(t) in text for t in record_texts(record)) and "Vănbảnthử" in text


# --- CLI ------------------------------------------------------------------------------------------
def test_cli_servicepoint_and_print_postings(demo, runner, tmp_path):
    created = runner.invoke(
        args=[
            "servicepoint",
            "create",
            "Quầy Sở Tư pháp (ví dụ)",
            "--kind",
            "quay",
            "--sector",
            "Trợ giúp pháp lý",
            "--level",
            "tinh",
            "--json",
        ]
    )
    assert created.exit_code == 0, created.output
    point = json.loads(created.output)
    listed = json.loads(runner.invoke(args=["servicepoint", "list", "--json"]).output)
    mine = next(p for p in listed if p["id"] == point["id"])
    assert mine["procedures"] > 0

    out = tmp_path / "bo.pdf"
    result = runner.invoke(args=["print", "postings", "--service-point", str(point["id"]), "-o", str(out), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["count"] == mine["procedures"] and out.read_bytes().startswith(b"%PDF")

    one = runner.invoke(args=["print", "postings", "--code", "3.000527", "-o", str(tmp_path / "a.pdf"), "--json"])
    assert json.loads(one.output)["procedures"] == ["3.000527"]
    at_point = runner.invoke(
        args=[
            "print",
            "postings",
            "--code",
            "2.000829",
            "--service-point",
            str(point["id"]),
            "-o",
            str(tmp_path / "b.pdf"),
            "--json",
        ]
    )
    assert at_point.exit_code == 0 and "Quầy Sở Tư pháp (ví dụ)" in pdf_text(tmp_path / "b.pdf")[0]

    changes = runner.invoke(args=["print", "postings", "--changes-since", "2", "--json"])
    plan = json.loads(changes.output)
    commune = next(p for p in plan["service_points"] if "xã (ví dụ)" in p["service_point"]["name"])
    assert [i["code"] for i in commune["put_up"]] == ["3.000527"]

    decision = runner.invoke(args=["print", "decision", "2", "-o", str(tmp_path / "qd.pdf"), "--json"])
    assert decision.exit_code == 0 and (tmp_path / "qd.pdf").read_bytes().startswith(b"%PDF")


def test_cli_failures_are_one_line_and_non_zero(demo, runner, tmp_path):
    for args, message in (
        (["print", "postings", "-o", "x.pdf"], "Chọn --service-point"),
        (["print", "postings", "--code", "0.000000", "-o", str(tmp_path / "x.pdf")], "không có trong danh mục"),
        (["print", "postings", "--service-point", "999", "-o", str(tmp_path / "x.pdf")], "Không có nơi tiếp nhận"),
        (["servicepoint", "create", "X", "--level", "quan"], "không hợp lệ"),
    ):
        result = runner.invoke(args=args)
        assert result.exit_code == 1 and message in result.output, result.output


def test_decision_document_is_cached_once_in_force_and_drafts_never(demo, session, settings):
    decision = session.scalar(select(Decision).where(Decision.number == "2682/QĐ-UBND"))
    first = decision_doc.decision_document(session, decision, settings.export_dir)
    rows = session.scalars(select(DerivedArtifact).where(DerivedArtifact.kind == decision_doc.DOCUMENT_KIND)).all()
    assert len(rows) == 1 and rows[0].revision_id == decision.revision.id
    assert decision_doc.decision_document(session, decision, settings.export_dir) == first
    draft = Decision(kind="cong_bo", number="", title="Dự thảo thử", issuer="UBND tỉnh Vĩnh Long", status="draft")
    draft.entries = [DecisionEntry(position=0, action="abolished", code="3.000527", record={}, basis=["Văn bản thử"])]
    session.add(draft)
    session.flush()
    text = norm(" ".join(pdf_text(decision_doc.decision_document(session, draft, settings.export_dir))))
    assert "DỰ THẢO" in text and "Đăng ký cai nghiện ma túy tự nguyện" in text and "bị bãi bỏ" in text
    stored = session.scalars(select(DerivedArtifact).where(DerivedArtifact.kind == decision_doc.DOCUMENT_KIND)).all()
    assert len(stored) == 1


def test_a_second_print_request_follows_the_unfinished_job(demo, session):
    from tthc.printing import jobs

    point = demo_point(session, "xã (ví dụ)")
    job = jobs.create_job(session, point, actor="test")
    assert jobs.unfinished_job(session, point, None) is job
    assert jobs.unfinished_job(session, point, 2) is None
    job.status = "done"
    session.flush()
    assert jobs.unfinished_job(session, point, None) is None
