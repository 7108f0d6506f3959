"""A non-editable install serves the app: templates, static files and migrations ship inside the package.

The wheel is built from a copy of the project (nothing written into the checkout) and installed into a
fresh virtual environment whose dependencies come from the test environment's site-packages (a plain
path line, so the editable install of the checkout there stays inactive). The installed `tthc` then
migrates a new SQLite database and answers "/" from a folder outside the repository.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from tthc.migrate import alembic_config

ROOT = Path(__file__).resolve().parents[2]

SERVE = textwrap.dedent(
    """
    import json, sys
    import tthc
    from tthc import create_app
    from tthc.cli import main
    from tthc.migrate import schema_revision

    try:  # `tthc db upgrade`, in this process (one interpreter start less)
        main(["db", "upgrade"], prog_name="tthc")
    except SystemExit as done:
        assert not done.code, done.code
    app = create_app({"APPLY_DUE_ON_START": False, "SECRET_KEY": "packaging-test", "TESTING": True})
    client = app.test_client()
    home, css, missing = client.get("/"), client.get("/static/site.css"), client.get("/khong-co-trang-nay")
    print(json.dumps({
        "package": tthc.__file__,
        "path": sys.path,
        "home": [home.status_code, home.get_data(as_text=True)],
        "css": css.status_code,
        "missing": [missing.status_code, missing.get_data(as_text=True)],
        "instance": app.instance_path,
        "revision": schema_revision(app.config["DATABASE_URL"]),
    }))
    """
)


def _run(command: list[str], **options) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, timeout=180, **options)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


def _wheel(folder: Path) -> Path:
    """Build from a copy of what the wheel is made of, so the checkout gets no build/ or egg-info."""
    source = folder / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "tthc", source / "tthc", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    # The test environment's setuptools builds the wheel when it can (with `wheel`); otherwise pip builds in
    # isolation with the setuptools pyproject.toml asks for.
    isolation = ["--no-build-isolation"] if _has_module("wheel") else []
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", *isolation, "-w", str(folder / "dist"), str(source)])
    (wheel,) = (folder / "dist").glob("tthc-*.whl")
    return wheel


def _has_module(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


@pytest.mark.slow
def test_an_installed_wheel_migrates_and_serves_from_outside_the_checkout(tmp_path):
    wheel = _wheel(tmp_path)
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index", str(wheel)])
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    (site / "dependencies.pth").write_text(str(Path(sysconfig.get_paths()["purelib"]).resolve()) + "\n")

    work = tmp_path / "work"  # the operator's folder: no repository anywhere above it
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TTHC_", "PYTHON", "FLASK_"))}
    env["TTHC_DATABASE_URL"] = f"sqlite:///{work / 'tthc.sqlite3'}"
    script = venv / "bin" / "tthc"  # the console script, bound to the new environment's interpreter
    assert script.read_text().splitlines()[0] == f"#!{python}"
    answer = json.loads(_run([str(python), "-c", SERVE], cwd=work, env=env).stdout.splitlines()[-1])

    assert Path(answer["package"]).resolve().is_relative_to(site.resolve())  # the installed copy, not the checkout
    # Nothing of the checkout is importable but the dependencies' folder, which a clone keeps in .venv.
    dependencies = Path(sysconfig.get_paths()["purelib"]).resolve()
    inside = [e for e in answer["path"] if e and Path(e).resolve().is_relative_to(ROOT)]
    assert all(Path(e).resolve() == dependencies for e in inside), inside
    status, page = answer["home"]
    assert status == 200 and "<html" in page and "thủ tục" in page.lower()
    assert answer["css"] == 200
    assert answer["missing"][0] == 404 and "Không tìm thấy trang" in answer["missing"][1]
    assert Path(answer["instance"]) == (work / "instance").resolve()  # defaults follow the working folder
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert answer["revision"] == head  # every migration shipped and ran
