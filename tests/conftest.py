"""Fixtures: a real database per test (SQLite by default, PostgreSQL when TTHC_TEST_DATABASE_URL says so)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from tests.support.auth import PASSWORD, AuthActions, BrowserAuth
from tests.support.axe import axe_page, axe_script  # noqa: F401  (fixtures)
from tests.support.catalogues import births, stats_catalogue  # noqa: F401  (fixtures)
from tests.support.config import TEST_PASSWORD_HASH_METHOD, suite_config
from tests.support.db_templates import SqliteTemplates, templates_for
from tests.support.server import serving
from tthc import create_app
from tthc.accounts.passwords import PRODUCTION_METHOD
from tthc.config import PROJECT_ROOT

SAMPLE_DIR = PROJECT_ROOT / "catalogue_data"
# No per-example deadline: the machine is shared and noisy; budgets are set by max_examples.
hypothesis_settings.register_profile("tthc", deadline=None, derandomize=True, print_blob=True)
hypothesis_settings.load_profile("tthc")
# Search and API requests are budgeted per address (tthc.web.budget); tests exempt themselves unless they set one.
os.environ.setdefault("TTHC_REQUEST_BUDGET_PER_MINUTE", "0")
TEST_DATABASE_URL = os.environ.get("TTHC_TEST_DATABASE_URL", "")


def password_hash_method(request) -> str:
    """The hash method for the app of this test: cheap unless it is marked `production_hasher`."""
    if request.node.get_closest_marker("production_hasher"):
        return PRODUCTION_METHOD
    return TEST_PASSWORD_HASH_METHOD


# --- Databases: templates built once per process, a copy per test (tests/support/db_templates.py) -----------------
DEMO_LOADED = pytest.StashKey[bool]()


def _close_app(app) -> None:
    """A print job or annex import a test started (or a page it opened) may still run in its thread: let it
    finish before the engine goes, or its connection is garbage-collected open during a later test."""
    from tthc.decisions import import_jobs
    from tthc.printing import jobs

    jobs.wait_all(timeout=180)
    import_jobs.wait_all(timeout=180)
    app.extensions["tthc"].engine.dispose()


@pytest.fixture(scope="session")
def _templates(tmp_path_factory):
    templates = templates_for(TEST_DATABASE_URL, tmp_path_factory.mktemp("db"))
    yield templates
    templates.close()


@pytest.fixture(scope="session")
def _empty_template(_templates) -> str:
    """The database migrated once from empty with Alembic (a file path, or a PostgreSQL database name)."""
    return _templates.build_empty()


@pytest.fixture(scope="session")
def _demo_template(_templates, _empty_template, tmp_path_factory) -> str:
    """The empty template with the shipped sample loaded by load_demo, as the `demo` fixture did per test."""
    from tthc.commands.demo import load_demo

    name = _templates.copy_of(_empty_template, "demo")
    app = create_app(suite_config(_templates.url(name), tmp_path_factory.mktemp("demo"), TEST_PASSWORD_HASH_METHOD))
    assert load_demo(app.extensions["tthc"].session_factory, SAMPLE_DIR)
    _close_app(app)
    return name


LARGE_SIZE = pytest.StashKey[int]()


@pytest.fixture(scope="session")
def _large_template(_templates, _empty_template, tmp_path_factory) -> tuple[str, int]:
    """The empty template with the real 3,065-procedure catalogue as its baseline (and its size). Built
    once per process; the tests that use it share one xdist group, so once per run."""
    from tests.support.catalogues import import_large

    name = _templates.copy_of(_empty_template, "large")
    return name, import_large(_templates.url(name), tmp_path_factory.mktemp("large"))


@pytest.fixture(scope="session")
def migrated_template(_templates, _empty_template) -> str:
    """A database migrated once from empty with Alembic, for a test that needs a second database.
    SQLite: the template file (copy it, never write to it). PostgreSQL: the URL of a migrated database of
    this process, apart from the test's own (empty it with TRUNCATE before use)."""
    if isinstance(_templates, SqliteTemplates):
        return _empty_template
    return _templates.url(_templates.copy_of(_empty_template, "spare"))


@pytest.fixture
def database_url(request, _templates, _empty_template, tmp_path):
    """A fresh, migrated database for one test: empty, with the demo loaded when the test uses `demo`, or
    with the real 3,065-procedure catalogue when it uses `large_catalogue`."""
    wants_demo = "demo" in request.fixturenames
    template = request.getfixturevalue("_demo_template") if wants_demo else _empty_template
    if "large_catalogue" in request.fixturenames:
        assert not wants_demo, "a test has either the demo or the large catalogue"
        template, request.node.stash[LARGE_SIZE] = request.getfixturevalue("_large_template")
    request.node.stash[DEMO_LOADED] = wants_demo
    url = _templates.fresh(template, tmp_path / "tthc.sqlite3")
    yield url
    _templates.drop(url)


@pytest.fixture
def app(request, database_url, tmp_path):
    """The app on this test's database. A module or test marked `app_config(KEY=value, …)` gets those
    settings on top of the test ones (e.g. WTF_CSRF_ENABLED=False where CSRF is not what is tested)."""
    config = suite_config(database_url, tmp_path, password_hash_method(request))
    for marker in reversed(list(request.node.iter_markers("app_config"))):  # the closest marker wins
        config.update(marker.kwargs)
    app = create_app(config)
    yield app
    _close_app(app)


@pytest.fixture
def session_factory(app):
    return app.extensions["tthc"].session_factory


@pytest.fixture
def session(session_factory):
    with session_factory() as session:
        yield session


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def demo(request, session_factory):
    """The shipped real sample: baseline on 2025-01-01, then both decisions applied. The test's database
    was copied from the demo template (database_url) unless `demo` was asked for late (getfixturevalue)."""
    if not request.node.stash.get(DEMO_LOADED, False):
        from tthc.commands.demo import load_demo

        assert load_demo(session_factory, SAMPLE_DIR)
    return session_factory


@pytest.fixture
def large_catalogue(request, database_url) -> int:
    """The test's database holds the real 3,065-procedure catalogue (copied from its template); the
    number of procedures."""
    return request.node.stash[LARGE_SIZE]


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups (`--dist loadgroup`, Makefile)
def pytest_collection_modifyitems(items):
    """The tests on the large catalogue form one xdist group: one process builds its template, once.
        A test whose fixtures reach a database of the run is marked `database`: the PostgreSQL pass of
        `.ci/run` runs those (`-m "database and not rendering"`: what a browser or a PDF renderer makes of pages
    does not depend on the database); the others do not depend on the database and ran on SQLite."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "large_catalogue" in fixtures:
            item.add_marker(pytest.mark.xdist_group("large_catalogue"))
        if "_templates" in fixtures:
            item.add_marker(pytest.mark.database)


@pytest.fixture
def sample_dir() -> Path:
    return SAMPLE_DIR


# --- End-to-end: a real server in a thread and Debian's Chromium driven by Playwright -------------
@pytest.fixture
def live_server(app, browser):
    """The app served on a free loopback port for the length of one test; yields its base URL."""
    with serving(app, browser) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def shared_app(_templates, _empty_template, _demo_template, tmp_path_factory):
    """`shared_app(name, demo=False)`: an app of this process on a database of its own (a copy of the
    empty or the demo template), for content that is costly to build and that many tests only read.
    Built once per process and name; closed at the end of the run. Tests must not change it."""
    apps: dict[str, object] = {}

    def make(name: str, *, demo: bool = False):
        if name not in apps:
            database = _templates.copy_of(_demo_template if demo else _empty_template, f"shared_{name}")
            folder = tmp_path_factory.mktemp(f"shared_{name}")
            apps[name] = create_app(suite_config(_templates.url(database), folder, TEST_PASSWORD_HASH_METHOD))
        return apps[name]

    yield make
    for app in apps.values():
        _close_app(app)


@pytest.fixture(scope="session")
def browser():
    chromium_path = shutil.which("chromium")
    if chromium_path is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (scripts/setup.sh test installs it)")
        pytest.skip("chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


def _browser_page(browser, **context_options):
    context = browser.new_context(locale="vi-VN", **context_options)
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


@pytest.fixture
def page(browser):
    context, page = _browser_page(browser)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    """A phone-sized viewport (360×740, touch), as most citizens see the site."""
    context, page = _browser_page(
        browser, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    yield page
    context.close()


@pytest.fixture
def make_user(session_factory):
    """Create an account through the core service; returns (username, password)."""
    from tthc.accounts.service import create_user
    from tthc.db import transaction

    def make(username: str, role: str, agency: str | None = None, password: str = PASSWORD):
        with transaction(session_factory) as session:
            create_user(session, username, role, password, agency=agency)
        return username, password

    return make


PEOPLE = (  # username, role, agency: the cast of the review tests, on the demo catalogue
    ("soan", "drafter", "Sở Tư pháp"),
    ("soan2", "drafter", "Sở Công Thương"),
    ("tham", "reviewer", None),
    ("tham2", "reviewer", None),
    ("ky", "signer", None),
    ("quay", "counter", None),
)


@pytest.fixture
def people(demo, make_user):
    """The demo catalogue and one account per part a decision goes through (`PEOPLE`): two drafters of
    different departments, two reviewers, a signer and counter staff. Returns the session factory."""
    for username, role, agency in PEOPLE:
        make_user(username, role, agency=agency)
    return demo


# --- Logging in: one way for the test client, one for the browser (tests/support/auth.py) ------------
@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def browser_auth(request, live_server):
    """`browser_auth.login("soan")` on the `page` fixture, or `page=phone_page` on another one."""
    return BrowserAuth(live_server, lambda: request.getfixturevalue("page"))
