"""The operator's CLI: command names and JSON shapes are a contract (README.md and docs/)."""

import json

from sqlalchemy import select

from tthc.models.decisions import Decision


def run_json(runner, *args):
    result = runner.invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_import_signed_decisions_then_apply_due_in_date_order(runner, sample_dir, tmp_path, session_factory):
    baseline = run_json(
        runner, "catalogue", "import", str(sample_dir / "procedures.jsonl"), "--effective", "2025-01-01", "--json"
    )
    assert baseline["procedures"] == 34 and baseline["revision"] == 1
    assert any(item["code"] == "2.001561" for item in baseline["quality_report"])

    created = run_json(runner, "decision", "import", str(sample_dir / "decisions.jsonl"), "--signed", "--json")
    assert [(d["number"], d["status"]) for d in created] == [("2682/QĐ-UBND", "signed"), ("2715/QĐ-UBND", "signed")]
    assert all(isinstance(d["id"], int) for d in created)

    assert run_json(runner, "decision", "apply-due", "--today", "2025-11-18", "--json") == []
    applied = run_json(runner, "decision", "apply-due", "--today", "2025-11-20", "--json")
    assert [(a["number"], a["status"], a["revision"]) for a in applied] == [
        ("2715/QĐ-UBND", "applied", 2),
        ("2682/QĐ-UBND", "applied", 3),
    ]  # oldest effective date first
    assert run_json(runner, "decision", "apply-due", "--today", "2025-11-20", "--json") == []  # safe twice

    out = tmp_path / "catalogue.jsonl"
    export = run_json(
        runner, "catalogue", "export", "--format", "jsonl", "--at", "2025-11-19", "-o", str(out), "--json"
    )
    assert export["revision"] == 2
    assert len(out.read_text(encoding="utf-8").splitlines()) == 35
    with session_factory() as session:
        assert {d.status for d in session.scalars(select(Decision))} == {"in_force"}


def test_failures_exit_non_zero_with_one_line_reason(runner, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{không phải json}\n", encoding="utf-8")
    result = runner.invoke(args=["decision", "import", str(bad), "--json"])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0 and result.output.startswith("Lỗi: Dòng 1: JSON không hợp lệ")
    result = runner.invoke(
        args=["catalogue", "export", "--format", "jsonl", "--at", "hôm qua", "-o", str(tmp_path / "x")]
    )
    assert result.exit_code == 1 and "--at «hôm qua» không đúng dạng" in result.output


def test_users_create(runner, monkeypatch):
    monkeypatch.setenv("TTHC_NEW_USER_PASSWORD", "mot-mat-khau-dai")
    user = run_json(runner, "users", "create", "nguyenvana", "--role", "drafter", "--agency", "Sở Tư pháp", "--json")
    assert user["role"] == "drafter" and user["agency"] == "Sở Tư pháp"
    result = runner.invoke(args=["users", "create", "nguyenvanb", "--role", "drafter"])
    assert result.exit_code == 1 and "phải thuộc một cơ quan" in result.output


def test_db_upgrade_is_idempotent(runner):
    assert run_json(runner, "db", "upgrade", "--json") == {"status": "ok"}


def test_commands_other_than_run_do_not_apply_due_decisions_as_they_start(
    database_url, tmp_path, monkeypatch, sample_dir, session_factory
):
    from click.testing import CliRunner

    import tthc.app
    from tthc.cli import main

    made = []  # every app the CLI creates, so their engines are closed (no connection left open)
    real_create_app = tthc.app.create_app
    monkeypatch.setattr(tthc.app, "create_app", lambda config=None: made.append(real_create_app(config)) or made[-1])
    for name, value in {
        "TTHC_DATABASE_URL": database_url,
        "TTHC_INDEX_DIR": str(tmp_path / "index"),
        "TTHC_EXPORT_DIR": str(tmp_path / "exports"),
        "TTHC_APPLY_DUE_ON_START": "true",
    }.items():
        monkeypatch.setenv(name, value)
    cli = CliRunner()
    for args in (
        ["catalogue", "import", str(sample_dir / "procedures.jsonl"), "--effective", "2025-01-01"],
        ["decision", "import", str(sample_dir / "decisions.jsonl"), "--signed"],
    ):
        assert cli.invoke(main, args).exit_code == 0
    result = cli.invoke(main, ["decision", "apply-due", "--today", "2025-11-18", "--json"])
    assert result.exit_code == 0 and json.loads(result.output) == []
    with session_factory() as session:
        assert {d.number: d.status for d in session.scalars(select(Decision)) if d.kind == "cong_bo"} == {
            "2715/QĐ-UBND": "signed",
            "2682/QĐ-UBND": "signed",
        }  # not applied behind the operator's back
    for app in made:
        app.extensions["tthc"].engine.dispose()
