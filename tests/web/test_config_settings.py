"""One typed settings object (tthc.config.Settings): the only reader of the environment, names that never
change, and a bad value refused with a message naming the variable."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.support.config import suite_config
from tthc import create_app
from tthc.accounts.passwords import PRODUCTION_METHOD, SESSION_INFO_KEY
from tthc.config import SETTING_KEYS, SettingError, Settings, describe
from tthc.db import transaction

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "tthc"

# Every setting name that existed before the settings object: app-config keys (and TTHC_ + key in the
# environment) are a public contract, extended, never renamed.
CONTRACT = {
    "DATABASE_URL",
    "INDEX_DIR",
    "EXPORT_DIR",
    "DATA_DIR",
    "SECRET_KEY",
    "AUTHORITY_NAME",
    "PUBLIC_BASE_URL",
    "FEEDBACK_ADDRESS",
    "AUTHORITY_ADDRESS",
    "TRUSTED_PROXIES",
    "IMPORT_IN_BACKGROUND_BYTES",
    "MAX_ANNEX_ROWS",
    "PRINT_TEST_COPY",
    "APPLY_DUE_ON_START",
    "LOGIN_HASH_CONCURRENCY",
    "LOGIN_HASH_SLOTS",
    "ONE_PERSON_APPROVES_AND_SIGNS",
    "REQUEST_BUDGET_PER_MINUTE",
    "IMPORT_JOBS_PER_USER",
    "PAGE_CACHE_MB",
    "PASSWORD_HASH_METHOD",
    "AUTHORITY_LEVELS",
    "SOURCE_DEADLINE_DAYS",
    "SNAPSHOT_READS",
    "SECURE_COOKIES",
    "SEARCH_LOG_DAYS",
    "SEARCH_REFINE_SECONDS",
    "SEARCH_CHECK_SECONDS",
    "SEARCH_BACKGROUND_REBUILD",
    "SEARCH_LIMITMB",
    "SEARCH_PROCS",
    "SEARCH_MEMORY_LIMIT",
    "VI_DICTIONARY",
}


def _reads_environment(tree: ast.AST) -> list[int]:
    """Lines that touch os.environ, os.getenv or os.putenv, or import environ/getenv from os."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in {"environ", "getenv", "environb", "putenv"}:
            if isinstance(node.value, ast.Name) and node.value.id == "os":
                lines.append(node.lineno)
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module == "os"
            and any(alias.name in {"environ", "getenv", "environb"} for alias in node.names)
        ):
            lines.append(node.lineno)
    return lines


def test_no_module_but_config_reads_the_environment():
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == PACKAGE / "config.py":
            continue
        lines = _reads_environment(ast.parse(path.read_text(encoding="utf-8")))
        if lines:
            offenders[str(path.relative_to(ROOT))] = lines
    assert offenders == {}
    # the check itself sees what it is looking for
    assert _reads_environment(ast.parse((PACKAGE / "config.py").read_text(encoding="utf-8")))
    assert _reads_environment(ast.parse("from os import getenv\n")) == [1]


def test_every_setting_name_stays_and_each_is_documented():
    assert set(SETTING_KEYS) >= CONTRACT
    documentation = (ROOT / "README.md").read_text(encoding="utf-8") + "".join(
        path.read_text(encoding="utf-8") for path in sorted((ROOT / "docs").glob("*.md"))
    )
    for item in describe():
        assert item["doc"], item["key"]
        assert " / " in item["doc"], f"{item['key']}: a Vietnamese and an English sentence"
        name = item["variable"] or item["key"]
        assert name in documentation, f"{name} is not documented in README.md or docs/"
    assert [item["variable"] for item in describe() if item["key"] == "PASSWORD_HASH_METHOD"] == [None]


def test_defaults_environment_then_config_mapping():
    environ = {"TTHC_PAGE_CACHE_MB": "7", "TTHC_AUTHORITY_NAME": "Ủy ban nhân dân tỉnh Quảng Trị", "TTHC_X": "1"}
    settings = Settings.load({"PAGE_CACHE_MB": 3, "TESTING": True}, environ)
    assert settings.page_cache_mb == 3 and settings["PAGE_CACHE_MB"] == 3  # the mapping wins
    assert settings.authority_name == "Ủy ban nhân dân tỉnh Quảng Trị"
    assert settings.request_budget_per_minute == 120 and settings.search_refine_seconds == 60.0
    assert settings["TESTING"] is True and "TESTING" in dict(settings)  # other keys pass through
    assert "X" not in settings  # an unknown TTHC_ variable is no setting
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.page_cache_mb = 1  # type: ignore[misc]
    # empty means unset; booleans and numbers are parsed once, here
    parsed = Settings.load(environ={"TTHC_PAGE_CACHE_MB": "", "TTHC_SNAPSHOT_READS": "False", "TTHC_SEARCH_PROCS": "2"})
    assert (parsed.page_cache_mb, parsed.snapshot_reads, parsed.search_procs) == (32, False, 2)


def test_the_database_defaults_to_the_instance_folder(tmp_path):
    settings = Settings.load(environ={"TTHC_INSTANCE_DIR": str(tmp_path)})
    assert settings.database_url == f"sqlite:///{tmp_path / 'tthc.sqlite3'}"
    assert Settings.load(environ={"TTHC_DATABASE_URL": "postgresql://tthc@db/tthc"}).database_url.endswith("db/tthc")


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("TTHC_PAGE_CACHE_MB", "ba mươi hai", "cần một số nguyên"),
        ("TTHC_REQUEST_BUDGET_PER_MINUTE", "12.5", "cần một số nguyên"),
        ("TTHC_SEARCH_REFINE_SECONDS", "một phút", "cần một số"),
        ("TTHC_SEARCH_LOG_DAYS", "0", "cần từ 1 trở lên"),
        ("TTHC_TRUSTED_PROXIES", "-1", "cần từ 0 trở lên"),
        ("TTHC_APPLY_DUE_ON_START", "có lẽ", "cần true hoặc false"),
        # a level spelt as people write it would make every source entry "not for our levels", silently
        ("TTHC_AUTHORITY_LEVELS", "tỉnh, xã", "cần một hoặc nhiều giá trị trong tinh, xa, huyen, trung_uong, khac"),
        ("TTHC_AUTHORITY_LEVELS", " , ", "cần một hoặc nhiều giá trị"),
    ],
)
def test_a_bad_environment_value_names_the_variable(variable, value, expected):
    with pytest.raises(SettingError) as raised:
        Settings.load(environ={variable: value})
    message = str(raised.value)
    assert message.startswith(f"Cài đặt {variable} không hợp lệ: {expected}")
    assert f"«{value}»" in message


def test_the_authority_levels_are_record_levels():
    assert Settings.load(environ={"TTHC_AUTHORITY_LEVELS": "trung_uong, tinh,xa"}).authority_levels == (
        "trung_uong, tinh,xa"
    )
    with pytest.raises(SettingError, match="^Cài đặt AUTHORITY_LEVELS không hợp lệ"):
        Settings.load({"AUTHORITY_LEVELS": "province"}, environ={})


def test_a_bad_config_value_names_the_key():
    with pytest.raises(SettingError, match="^Cài đặt LOGIN_HASH_SLOTS không hợp lệ: cần một số nguyên"):
        Settings.load({"LOGIN_HASH_SLOTS": "hai"}, environ={})
    with pytest.raises(SettingError, match="Cài đặt PAGE_CACHE_MB"):
        Settings.load({"PAGE_CACHE_MB": True}, environ={})  # a flag is not a number of megabytes


def test_the_cli_refuses_a_bad_value_in_one_line(monkeypatch):
    from tthc.cli import main

    monkeypatch.setenv("TTHC_IMPORT_JOBS_PER_USER", "hai")
    result = CliRunner().invoke(main, ["db", "upgrade"])
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Lỗi: Cài đặt TTHC_IMPORT_JOBS_PER_USER không hợp lệ: cần một số nguyên, nhận được «hai». "
        "(Setting TTHC_IMPORT_JOBS_PER_USER: expected int, got 'hai'.)"
    )


def test_the_app_is_built_from_one_settings_object(database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("TTHC_PASSWORD_HASH_METHOD", "plain")  # never read from the environment
    monkeypatch.setenv("TTHC_SECURE_COOKIES", "true")
    monkeypatch.setenv("TTHC_SNAPSHOT_READS", "false")
    monkeypatch.setenv("TTHC_INSTANCE_DIR", str(tmp_path / "instance"))
    app = create_app(suite_config(database_url, tmp_path))
    try:
        services = app.extensions["tthc"]
        assert isinstance(services.settings, Settings)
        assert services.session_factory.kw["info"][SESSION_INFO_KEY] == "pbkdf2:sha256:1"
        assert app.config["LOGIN_HASH_SLOTS"] == 0 and app.config["TESTING"] is True
        assert app.config["SESSION_COOKIE_SECURE"] is True and app.config["SNAPSHOT_READS"] is False
        assert app.instance_path == str(tmp_path / "instance")
        # no secret configured would have made one there; this one came from the mapping
        assert app.secret_key == "test-secret"
    finally:
        app.extensions["tthc"].engine.dispose()
    monkeypatch.delenv("TTHC_PASSWORD_HASH_METHOD")
    assert Settings.load().password_hash_method == PRODUCTION_METHOD


def test_the_search_log_settings_reach_the_public_search(database_url, tmp_path, monkeypatch):
    """TTHC_SEARCH_LOG_DAYS is read once, when the app is made, and the search page prunes by it."""
    from tthc.models.search import SearchLog
    from tthc.search import gaps as gaps_module

    monkeypatch.setenv("TTHC_SEARCH_LOG_DAYS", "30")
    app = create_app(suite_config(database_url, tmp_path))
    monkeypatch.setenv("TTHC_SEARCH_LOG_DAYS", "365")  # too late: the app has its settings
    monkeypatch.setattr(gaps_module, "_pruned_at", float("-inf"))  # as in a process that has not pruned yet
    try:
        factory = app.extensions["tthc"].session_factory
        now = dt.datetime.now(dt.UTC)
        with transaction(factory) as session:
            for query, days in (("đăng ký khai sinh", 31), ("đăng ký kết hôn", 29)):
                session.add(
                    SearchLog(query=query, results=0, nothing_fits=True, opened=False, at=now - dt.timedelta(days=days))
                )
        assert app.test_client().get("/tim-kiem?q=2715/QĐ-UBND").status_code == 200
        with factory() as session:
            kept = sorted(row.query for row in session.query(SearchLog))
        assert "đăng ký khai sinh" not in kept and "đăng ký kết hôn" in kept
    finally:
        app.extensions["tthc"].engine.dispose()
