"""Reconciliation with the national catalogue (issue 26): a local catalogue made from a slice of
catalogue_large (the repo's copy) with deliberate differences, each reported in its class and nothing else."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import lzma

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tthc.audit import AuditLog
from tthc.catalogue.io import import_baseline
from tthc.config import PROJECT_ROOT
from tthc.sources.export import reconciliation_xlsx
from tthc.sources.national import import_snapshot, mark_intended, reconcile
from tthc.sources.service import SourceError

LARGE = PROJECT_ROOT / "tests" / "search_eval" / "catalogue_large.jsonl.xz"
LEVELS = ("tinh", "xa")


def _slice() -> list[dict]:
    """Twelve provincial / commune procedures and three central ones, in the file's order."""
    ours, central = [], []
    with lzma.open(LARGE, "rt", encoding="utf-8") as handle:
        for line in handle:
            flat = json.loads(line)
            if flat["level"] in LEVELS and len(ours) < 12:
                ours.append(flat)
            elif flat["level"] == "trung_uong" and len(central) < 3:
                central.append(flat)
            if len(ours) == 12 and len(central) == 3:
                return ours + central
    raise AssertionError("catalogue_large too short")


@pytest.fixture
def situation(session_factory, tmp_path):
    national = _slice()
    local = copy.deepcopy(national)
    changed, mistyped, abolished, missing = local[0], local[1], local[2], local[3]
    changed["fee"] = "100.000 đồng/hồ sơ"
    mistyped["code"] = mistyped["code"].replace("0", "O", 1)  # 1.000005 → 1.O00005
    local.remove(missing)
    national[2] = {**national[2], "status": "abolished"}
    path = tmp_path / "local.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in local), encoding="utf-8")
    with session_factory() as session:
        import_baseline(session, path, dt.date(2025, 7, 1), actor="test")
        import_snapshot(session, enumerate(national, start=1), dt.date(2025, 12, 1), file_name="csdl.jsonl")
        session.commit()
    return {"changed": changed, "mistyped": mistyped, "abolished": abolished, "missing": missing, "national": national}


def test_each_deliberate_difference_in_its_class_and_nothing_else(session_factory, situation):
    with session_factory() as session:
        report = reconcile(session, LEVELS).as_dict()
    assert report["snapshot"]["count"] == 15
    assert report["different"] == [
        {
            "kind": "different",
            "code": situation["changed"]["code"],
            "name": situation["changed"]["name"],
            "national_code": situation["changed"]["code"],
            "fields": [
                {
                    "field": "fee",
                    "label": "Phí, lệ phí",
                    "local": "100.000 đồng/hồ sơ",
                    "national": " ".join(situation["national"][0]["fee"].split()),
                }
            ],
        }
    ]
    assert [(f["code"], f.get("national_code")) for f in report["unknown_code"]] == [
        (situation["mistyped"]["code"], situation["national"][1]["code"])
    ]
    assert [f["code"] for f in report["missing_local"]] == [situation["missing"]["code"]]
    assert [f["code"] for f in report["abolished_here"]] == [situation["abolished"]["code"]]
    assert report["intended"] == []


def test_a_difference_marked_intended_is_reported_apart_and_audited(session_factory, situation):
    code = situation["changed"]["code"]
    with session_factory() as session:
        with pytest.raises(SourceError):
            mark_intended(session, "different", code, "fee", "  ")
        mark_intended(session, "different", code, "fee", "Nghị quyết HĐND tỉnh quy định mức thu riêng", actor="test")
        mark_intended(
            session, "missing_local", situation["missing"]["code"], "", "Tỉnh không có cảng biển", actor="test"
        )
        session.commit()
        report = reconcile(session, LEVELS)
        assert report.of("different") == [] and report.of("missing_local") == []
        assert sorted((f.kind, f.intended) for f in report.intended) == [
            ("different", "Nghị quyết HĐND tỉnh quy định mức thu riêng"),
            ("missing_local", "Tỉnh không có cảng biển"),
        ]
        assert session.scalar(select(AuditLog.id).where(AuditLog.action == "national.intended")) is not None


def test_the_xlsx_export_neutralises_formula_like_cells(session_factory, situation):
    with session_factory() as session:
        report = reconcile(session, LEVELS)
        report.of("different")[0].fields[0]["local"] = "=HYPERLINK(\"http://x\")"
        data = reconciliation_xlsx(report)
    sheet = load_workbook(io.BytesIO(data))["Nội dung khác"]
    cell = sheet.cell(2, 4)
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=HYPERLINK(\"http://x\")", "s", True)


def test_cli_national_import_and_reconcile(app, runner, tmp_path, session_factory):
    local = tmp_path / "local.jsonl"
    national = _slice()
    local.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in national[1:]), encoding="utf-8")
    with session_factory() as session:
        import_baseline(session, local, dt.date(2025, 7, 1), actor="test")
        session.commit()
    snapshot = tmp_path / "csdl.jsonl.xz"
    with lzma.open(snapshot, "wt", encoding="utf-8") as out:
        out.write("\n".join(json.dumps(r, ensure_ascii=False) for r in national))
    imported = runner.invoke(args=["national", "import", str(snapshot), "--date", "2025-12-01", "--json"])
    assert imported.exit_code == 0, imported.output
    assert json.loads(imported.stdout)["count"] == 15
    xlsx = tmp_path / "doi-chieu.xlsx"
    result = runner.invoke(args=["national", "reconcile", "--json", "--xlsx", str(xlsx)])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert [f["code"] for f in answer["missing_local"]] == [national[0]["code"]]
    assert answer["unknown_code"] == answer["different"] == answer["abolished_here"] == []
    assert xlsx.stat().st_size > 0


def test_the_differences_feed_a_draft_like_a_source(session_factory, situation):
    from tthc.sources.national import source_from_reconciliation
    from tthc.sources.service import meaning_of

    with session_factory() as session:
        source = source_from_reconciliation(session, reconcile(session, LEVELS), actor="test")
        session.commit()
        meaning = meaning_of(session, source, {"AUTHORITY_LEVELS": "tinh,xa"}, dt.date(2025, 12, 2))
        classes = {m.entry.code: (m.entry.action, m.for_us) for m in meaning.entries}
    assert classes == {
        situation["missing"]["code"]: ("new", "new"),
        situation["changed"]["code"]: ("amended", "amend"),
        situation["abolished"]["code"]: ("abolished", "abolish"),
    }


def _same_named() -> list[dict]:
    """The real catalogue's commune procedures named alike under distinct codes ("Hỗ trợ phát triển sản
    xuất cộng đồng." is ten procedures of ten decisions)."""
    with lzma.open(LARGE, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    return [r for r in rows if r["name"].startswith("Hỗ trợ phát triển sản xuất cộng đồng")]


def test_national_procedures_of_one_name_missing_here_are_each_reported(session_factory, tmp_path):
    alike = _same_named()
    assert len(alike) == 10 and len({r["code"] for r in alike}) == 10
    local, national = _slice(), [*_slice(), *alike]
    path = tmp_path / "local.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in local), encoding="utf-8")
    with session_factory() as session:
        import_baseline(session, path, dt.date(2025, 7, 1), actor="test")
        import_snapshot(session, enumerate(national, start=1), dt.date(2025, 12, 1))
        session.commit()
        report = reconcile(session, LEVELS)
    assert sorted(f.code for f in report.of("missing_local")) == sorted(r["code"] for r in alike)


def test_a_code_unknown_nationally_named_like_several_missing_ones_guesses_none(session_factory, tmp_path):
    alike = _same_named()
    mine = {**alike[0], "code": "TAM-000001"}  # the province's provisional code for one of them
    path = tmp_path / "local.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [*_slice(), mine]), encoding="utf-8")
    with session_factory() as session:
        import_baseline(session, path, dt.date(2025, 7, 1), actor="test")
        import_snapshot(session, enumerate([*_slice(), *alike], start=1), dt.date(2025, 12, 1))
        session.commit()
        report = reconcile(session, LEVELS)
    # which of the ten it is, the name cannot say: no guess, and none of the ten is hidden
    assert [(f.code, f.national_code) for f in report.of("unknown_code")] == [("TAM-000001", None)]
    assert len(report.of("missing_local")) == 10
