"""Faults: a crash in the middle of applying a decision changes nothing; a database that is down gives a
clear 503; a backup restores the catalogue byte for byte after changes and destruction."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

import tthc.catalogue.apply as apply_module
from tthc import create_app
from tthc.catalogue.io import export_catalogue, import_baseline
from tthc.catalogue.queries import current_revision
from tthc.commands.demo import DEMO_BASELINE_DATE
from tthc.db import transaction
from tthc.decisions.importing import import_decisions
from tthc.models.catalogue import CatalogueRevision, Procedure, ProcedureVersion
from tthc.models.decisions import Decision
from tthc.records.flat import read_jsonl

TODAY = dt.date(2026, 1, 1)


def catalogue_state(factory) -> dict:
    with factory() as session:
        return {
            "revision": current_revision(session),
            "versions": session.scalar(select(func.count(ProcedureVersion.id))),
            "procedures": session.scalar(select(func.count(Procedure.id))),
            "statuses": dict(session.execute(select(Decision.number, Decision.status)).all()),
            "export": export_catalogue(session, "jsonl", TODAY)[0],
        }


@pytest.fixture
def baseline_and_signed(session_factory, sample_dir):
    """The sample baseline in force, and its two real decisions signed but not yet applied."""
    with transaction(session_factory) as session:
        import_baseline(session, sample_dir / "procedures.jsonl", DEMO_BASELINE_DATE, actor="test")
        import_decisions(session, read_jsonl(sample_dir / "decisions.jsonl"), signed=True, actor="test")
    return session_factory


def test_crash_in_the_middle_of_apply_leaves_the_catalogue_as_it_was(baseline_and_signed, monkeypatch):
    factory = baseline_and_signed
    before = catalogue_state(factory)
    written = []
    real_write = apply_module._write_version

    def crash_after_some_versions(*args, **kwargs):
        version = real_write(*args, **kwargs)
        written.append(version)
        if len(written) == 5:
            args[0].flush()  # the first versions really reached the database
            raise RuntimeError("mất điện giữa chừng")
        return version

    monkeypatch.setattr(apply_module, "_write_version", crash_after_some_versions)

    with pytest.raises(RuntimeError, match="mất điện"), transaction(factory) as session:
        decision = session.scalar(select(Decision).where(Decision.number == "2715/QĐ-UBND"))
        apply_module.apply_decision(session, decision, actor="test")
    assert len(written) == 5
    assert catalogue_state(factory) == before

    monkeypatch.setattr(apply_module, "_write_version", real_write)  # power back: it applies cleanly
    with transaction(factory) as session:
        decision = session.scalar(select(Decision).where(Decision.number == "2715/QĐ-UBND"))
        revision = apply_module.apply_decision(session, decision, actor="test")
    after = catalogue_state(factory)
    # PostgreSQL sequences do not roll back: the number may skip, but it only ever grows.
    assert after["revision"] == revision.id > before["revision"]
    assert after["versions"] == before["versions"] + 17


@pytest.mark.parametrize("url", ["postgresql://tthc@127.0.0.1:1/khong_co", "sqlite:///{tmp}"])
def test_database_down_gives_a_clear_503(url, tmp_path):
    url = url.format(tmp=tmp_path)  # SQLite: the "file" is a directory, so it cannot be opened
    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "x",
            "INDEX_DIR": str(tmp_path),
            "APPLY_DUE_ON_START": False,
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
        }
    )
    client = app.test_client()
    for response in (
        client.get("/"),
        client.get("/thu-tuc/1.001193"),
        client.post("/dang-nhap", data={"username": "a", "password": "b"}),
    ):
        page = response.get_data(as_text=True)
        assert response.status_code == 503
        assert "Không kết nối được cơ sở dữ liệu" in page
        assert response.headers["Content-Security-Policy"]  # still a page of ours
    app.extensions["tthc"].engine.dispose()


def _destroy(app, database_url: str) -> None:
    app.extensions["tthc"].engine.dispose()
    if database_url.startswith("sqlite"):
        Path(database_url.removeprefix("sqlite:///")).write_bytes(b"not a database any more" * 100)
    else:
        with app.extensions["tthc"].engine.begin() as connection:
            connection.execute(text("DROP TABLE procedure_version CASCADE"))
        app.extensions["tthc"].engine.dispose()


def test_backup_then_restore_gives_back_the_same_catalogue(app, runner, demo, database_url, tmp_path, sample_dir):
    before = catalogue_state(demo)
    backup_file = tmp_path / "sao-luu" / "tthc.backup"
    result = runner.invoke(args=["backup", "-o", str(backup_file), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["bytes"] > 0

    # Change: a later decision is applied.
    line = json.dumps(
        {
            "number": "99/QĐ-UBND",
            "date": "2025-12-01",
            "issuer": "UBND tỉnh",
            "entries": [{"action": "abolished", "code": "3.000527"}],
        },
        ensure_ascii=False,
    )
    (tmp_path / "later.jsonl").write_text(line, encoding="utf-8")
    assert runner.invoke(args=["decision", "import", str(tmp_path / "later.jsonl"), "--signed"]).exit_code == 0
    assert runner.invoke(args=["decision", "apply-due"]).exit_code == 0
    assert catalogue_state(demo)["export"] != before["export"]

    # Destroy, then restore.
    _destroy(app, database_url)
    result = runner.invoke(args=["restore", str(backup_file), "--yes", "--json"])
    assert result.exit_code == 0, result.output
    after = catalogue_state(demo)
    assert after["export"] == before["export"]  # byte for byte
    assert after == before
    with demo() as session:
        assert session.scalar(select(func.count(CatalogueRevision.id))) == before["revision"]


def test_restore_refuses_a_bad_backup_file_and_keeps_the_database(runner, demo, tmp_path):
    before = catalogue_state(demo)
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"PGDMP but not really" * 50)
    for path in (junk, tmp_path / "khong-co.backup"):
        result = runner.invoke(args=["restore", str(path), "--yes"])
        assert result.exit_code == 1 and result.output.startswith("Lỗi: "), result.output
    assert catalogue_state(demo) == before


def test_a_read_request_sees_one_catalogue_even_if_a_decision_lands_midway(app, baseline_and_signed):
    """Read-only requests run in one snapshot (benchmarks/load.py found pages showing one revision's
    number over another revision's list under PostgreSQL's READ COMMITTED; SQLite had the same gap)."""
    from tthc.web import db_session

    with app.test_request_context("/"):
        app.preprocess_request()
        first = current_revision(db_session())
        with transaction(baseline_and_signed) as other:  # another worker applies a decision now
            decision = other.scalar(select(Decision).where(Decision.status == "signed").order_by(Decision.id))
            apply_module.apply_decision(other, decision, actor="test")
        assert current_revision(db_session()) == first
    with app.test_request_context("/"):
        app.preprocess_request()
        assert current_revision(db_session()) > first  # the next request sees the new catalogue
