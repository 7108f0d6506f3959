"""Logins under attack: parallel guesses, throttles that decay, unlock links, session versions and
lifetimes, redirects after login, username enumeration, password and username rules.

The concurrency tests run a real threaded server and send real parallel requests."""

from __future__ import annotations

import datetime as dt
import http.client
import re
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from tests.support.auth import AuthActions, csrf_token
from tests.support.server import port_of, serving
from tthc import create_app
from tthc.accounts import throttle
from tthc.accounts.service import (
    GENERIC_LOGIN_ERROR,
    AccountError,
    authenticate,
    canonical_username,
    check_password,
    create_user,
    issue_unlock_link,
)
from tthc.db import transaction
from tthc.models.accounts import LoginThrottle, User

PASSWORD = "mat-khau-an-toan-1"
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def login(client, username, password=PASSWORD, url="/dang-nhap", **kwargs):
    """The shared AuthActions, answering the response whatever its status (these tests check it)."""
    return AuthActions(client).login(username, password, url=url, expect=None, **kwargs)


def logout(client):
    return client.post("/dang-xuat", data={"csrf_token": csrf_token(client)})


# --- 1. parallel guesses against a real server ----------------------------------------------------------
@pytest.fixture
def real_server(database_url, tmp_path):
    """The app (CSRF off: the requests come from a script) on a threaded werkzeug server."""
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "x",
            "INDEX_DIR": str(tmp_path / "index"),
            "EXPORT_DIR": str(tmp_path / "exports"),
            "APPLY_DUE_ON_START": False,
            "WTF_CSRF_ENABLED": False,
        }
    )
    try:
        with serving(app) as base_url:
            yield app, port_of(base_url)
    finally:
        app.extensions["tthc"].engine.dispose()


def post_login(port: int, username: str, password: str) -> int:
    body = urllib.parse.urlencode({"username": username, "password": password})
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(
            "POST", "/dang-nhap", body=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
        )
        return connection.getresponse().status
    finally:
        connection.close()


def test_parallel_wrong_passwords_all_count_and_then_the_right_one_is_refused(real_server):
    app, port = real_server
    with transaction(app.extensions["tthc"].session_factory) as session:
        create_user(session, "quan-tri", "admin", PASSWORD)
    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(lambda i: post_login(port, "quan-tri", f"sai-mat-khau-{i:03d}"), range(24)))
    # Only the first five had a password checked (401); the rest were refused before hashing (429).
    assert set(statuses) <= {401, 429} and statuses.count(401) <= throttle.PAIR.attempts
    with app.extensions["tthc"].session_factory() as session:
        user = session.scalar(select(User).where(User.username == "quan-tri"))
        pair = session.scalars(select(LoginThrottle).where(LoginThrottle.key.like("acct:quan-tri|%"))).one()
        account = session.get(LoginThrottle, "user:quan-tri")
        # Every guess counted (lost updates left 4 before): the account and the pair are both held back.
        assert pair.failures == 24 and account.failures == 24
        assert user.locked_until is not None
    assert post_login(port, "quan-tri", PASSWORD) == 429


def test_a_burst_with_the_right_password_inside_gets_in_at_most_before_the_limit(real_server):
    app, port = real_server
    with transaction(app.extensions["tthc"].session_factory) as session:
        create_user(session, "quan-tri", "admin", PASSWORD)
    with ThreadPoolExecutor(max_workers=12) as pool:
        list(pool.map(lambda i: post_login(port, "quan-tri", f"sai-mat-khau-{i:03d}"), range(12)))
        late = list(
            pool.map(lambda i: post_login(port, "quan-tri", PASSWORD if i == 5 else "sai-mat-khau-x"), range(12))
        )
    assert 302 not in late  # 12 failures already counted: the right password waits like the rest


# --- 2. throttles: per pair, per address, per account; decay; unlock link ---------------------------------
def test_throttles_decay_and_are_keyed_by_pair_and_address(session_factory):
    with transaction(session_factory) as session:
        create_user(session, "can-bo", "reviewer", PASSWORD)
    with transaction(session_factory) as session:
        for i in range(5):
            with pytest.raises(AccountError):
                authenticate(session, "can-bo", "sai", NOW + dt.timedelta(seconds=i), address="10.0.0.1")
    with transaction(session_factory) as session:
        # Five failures from one address hold back the right password from that address...
        with pytest.raises(AccountError):
            authenticate(session, "can-bo", PASSWORD, NOW + dt.timedelta(seconds=10), address="10.0.0.1")
    with transaction(session_factory) as session:
        # ...but not from the owner's own address: the account is not locked by five anonymous guesses.
        assert authenticate(session, "can-bo", PASSWORD, NOW + dt.timedelta(seconds=11), address="10.0.0.2")
    with transaction(session_factory) as session:
        # And the pair's wait is minutes (doubling per further attempt, the refused one above included),
        # not forever.
        assert authenticate(session, "can-bo", PASSWORD, NOW + dt.timedelta(minutes=4), address="10.0.0.1")


def test_the_account_soft_lock_backs_off_with_a_cap_and_failures_expire(session_factory):
    with transaction(session_factory) as session:
        create_user(session, "quan-tri", "admin", PASSWORD)
    with transaction(session_factory) as session:
        for i in range(40):  # an attacker spread over 40 addresses
            with pytest.raises(AccountError):
                authenticate(session, "quan-tri", "sai", NOW + dt.timedelta(seconds=i), address=f"10.1.0.{i}")
    with transaction(session_factory) as session, pytest.raises(AccountError):
        authenticate(session, "quan-tri", PASSWORD, NOW + dt.timedelta(minutes=5), address="10.9.9.9")
    with transaction(session_factory) as session:
        # However many attempts, the wait is capped at 15 minutes after the last one (the refused
        # attempt at 5 minutes counted too).
        assert authenticate(session, "quan-tri", PASSWORD, NOW + dt.timedelta(minutes=21), address="10.9.9.9")
    assert throttle.delay_after(10_000, 10) == throttle.MAX_DELAY
    with transaction(session_factory) as session:
        # Attempts older than the window are forgotten: the count starts again at 1.
        for minutes in (0, 20, 40):
            at = NOW + dt.timedelta(hours=1, minutes=minutes)
            assert throttle.reserve(session, "quan-tri", "10.9.9.9", at).account_attempts == 1


def test_a_one_time_unlock_link_lets_the_owner_in_during_an_attack(client, make_user, session_factory, runner):
    make_user("quan-tri", "admin")
    make_user("quan-tri-2", "admin")
    for i in range(12):
        login(client, "quan-tri", f"sai-{i}-mat-khau", environ_base={"REMOTE_ADDR": f"10.2.0.{i}"})
    assert login(client, "quan-tri").status_code == 429  # held back, from any new browser
    # Another administrator issues a link on the accounts page; the CLI does the same.
    assert login(client, "quan-tri-2").status_code == 302
    users_page = client.get("/quan-tri/tai-khoan").get_data(as_text=True)
    assert "Tạm khóa" in users_page
    with session_factory() as session:
        user_id = session.scalar(select(User.id).where(User.username == "quan-tri"))
    page = client.post(
        f"/quan-tri/tai-khoan/{user_id}/mo-khoa", data={"csrf_token": csrf_token(client, "/quan-tri/tai-khoan")}
    ).get_data(as_text=True)
    link = re.search(r"http://[^\s<\"]+/dang-nhap/mo-khoa/[\w-]+", page).group(0)
    path = urllib.parse.urlsplit(link).path
    logout(client)
    assert login(client, "quan-tri", url=path).status_code == 302  # in, despite the lock
    with session_factory() as session:
        assert session.scalar(select(User.unlock_token_hash).where(User.username == "quan-tri")) is None
    result = runner.invoke(args=["users", "unlock-link", "quan-tri"])
    assert result.exit_code == 0 and "/dang-nhap/mo-khoa/" in result.output


def test_a_wrong_password_spends_the_unlock_link(session_factory):
    with transaction(session_factory) as session:
        create_user(session, "quan-tri", "admin", PASSWORD)
    with transaction(session_factory) as session:
        user = session.scalar(select(User).where(User.username == "quan-tri"))
        token = issue_unlock_link(session, user, now=NOW)
    with transaction(session_factory) as session, pytest.raises(AccountError):
        authenticate(session, "quan-tri", "sai-mat-khau", NOW, unlock_token=token)
    with transaction(session_factory) as session:
        assert session.scalar(select(User.unlock_token_hash)) is None


# --- 3. sessions --------------------------------------------------------------------------------------
def test_logout_ends_every_session_of_the_user(app, make_user):
    make_user("quan-tri", "admin")
    first, second = app.test_client(), app.test_client()
    login(first, "quan-tri")
    login(second, "quan-tri")
    stolen = first.get_cookie("session").value
    assert second.get("/quan-tri/tai-khoan").status_code == 200
    logout(first)
    assert second.get("/quan-tri/tai-khoan").status_code == 302  # the other browser is out too
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/quan-tri/tai-khoan").status_code == 302  # and a copied cookie is dead


@pytest.mark.parametrize("change", ["password", "role", "agency", "deactivate"])
def test_sensitive_account_changes_end_open_sessions(app, client, make_user, session_factory, change):
    from tthc.accounts.service import reset_password, set_active
    from tthc.models.catalogue import Agency

    make_user("quan-tri", "admin")
    make_user("can-bo", "admin", agency="Sở Tư pháp")
    login(client, "can-bo")
    assert client.get("/quan-tri/tai-khoan").status_code == 200
    with transaction(session_factory) as session:
        user = session.scalar(select(User).where(User.username == "can-bo"))
        if change == "password":
            reset_password(session, user, "mat-khau-moi-hon-2")
        elif change == "role":
            user.role = "reviewer"
        elif change == "agency":
            from tthc.text import sort_key

            user.agency = Agency(name="Sở Y tế", sort_key=sort_key("Sở Y tế"))
        else:
            set_active(session, user, False)
    assert client.get("/soan-thao/").status_code == 302


def test_sessions_have_an_idle_and_an_absolute_lifetime(app, client, make_user, monkeypatch):
    make_user("quan-tri", "admin")
    response = login(client, "quan-tri")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    expires = dt.datetime.strptime(re.search(r"Expires=([^;]+)", cookie).group(1), "%a, %d %b %Y %H:%M:%S GMT").replace(
        tzinfo=dt.UTC
    )
    assert expires - dt.datetime.now(dt.UTC) <= dt.timedelta(hours=2)  # idle lifetime
    # Used all day, every 90 minutes, the session goes on but its cookie never expires after
    # login + 10 hours; the server refuses it after that.
    real_time = time.time
    for hours in (1.5, 3, 4.5, 6, 7.5, 9, 9.5):
        monkeypatch.setattr(time, "time", lambda hours=hours: real_time() + hours * 3600)
        renewed = client.get("/quan-tri/tai-khoan")
        assert renewed.status_code == 200, hours
    expires = dt.datetime.strptime(
        re.search(r"Expires=([^;]+)", renewed.headers["Set-Cookie"]).group(1), "%a, %d %b %Y %H:%M:%S GMT"
    ).replace(tzinfo=dt.UTC)
    assert expires <= dt.datetime.fromtimestamp(real_time() + 10 * 3600 + 60, dt.UTC)
    monkeypatch.setattr(time, "time", lambda: real_time() + 10.5 * 3600)
    assert client.get("/quan-tri/tai-khoan").status_code == 302
    # Unused for longer than the idle lifetime, a fresh session is over too.
    other = app.test_client()
    monkeypatch.setattr(time, "time", real_time)
    login(other, "quan-tri")
    monkeypatch.setattr(time, "time", lambda: real_time() + 2.5 * 3600)
    assert other.get("/quan-tri/tai-khoan").status_code == 302


# --- 8. redirects after login -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "target",
    [
        "/\t/evil.example",
        "/%09/evil.example",
        "//evil.example",
        "/\\evil.example",
        "https://evil.example/",
        "/\n/evil.example",
        " //evil.example",
        "javascript:alert(1)",
        "/%5Cevil.example",
    ],
)
def test_next_only_ever_leads_to_a_path_on_this_site(client, make_user, target):
    make_user("quan-tri", "admin")
    response = client.post(
        "/dang-nhap?next=" + urllib.parse.quote(target, safe="%/:"),
        data={"username": "quan-tri", "password": PASSWORD, "csrf_token": csrf_token(client)},
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location == "/" or (
        location.startswith("/")
        and not location.startswith("//")
        and "evil" not in urllib.parse.unquote(location).split("/")[1]
    )


def test_next_keeps_a_real_local_path(client, make_user):
    make_user("quan-tri", "admin")
    response = client.post(
        "/dang-nhap?next=/soan-thao/%3Fx%3D1",
        data={"username": "quan-tri", "password": PASSWORD, "csrf_token": csrf_token(client)},
    )
    assert response.headers["Location"] == "/soan-thao/?x=1"


# --- 9. enumeration -------------------------------------------------------------------------------------
@pytest.mark.production_hasher  # the cost compared is the production hash's
def test_unknown_users_get_the_same_message_and_the_same_work(client, make_user, monkeypatch):
    make_user("quan-tri", "admin")
    known = login(client, "quan-tri", "sai-mat-khau-00").get_data(as_text=True)
    unknown = login(client, "khong-ton-tai", "sai-mat-khau-00").get_data(as_text=True)
    for _ in range(12):
        login(client, "quan-tri", "sai-mat-khau-00")
        login(client, "khong-ton-tai", "sai-mat-khau-00")
    locked = login(client, "quan-tri", "sai-mat-khau-00").get_data(as_text=True)
    locked_unknown = login(client, "khong-ton-tai", "sai-mat-khau-00").get_data(as_text=True)
    assert GENERIC_LOGIN_ERROR in known and GENERIC_LOGIN_ERROR in unknown
    # Held back the same way, with the same words, whether the name exists or not.
    alerts = [re.search(r'id="login-error" role="alert">([^<]+)<', page).group(1) for page in (locked, locked_unknown)]
    assert "tạm khóa do nhập sai nhiều lần" in alerts[0] and alerts[0] == alerts[1]
    make_user("can-bo", "reviewer")

    def hashes_checked(name) -> list[str]:
        """The stored hashes a failed login of `name` checked the password against (their method part)."""
        from tthc.accounts import service

        checked: list[str] = []
        real = service.check_password_hash

        def counting(stored, password):
            checked.append(stored.split("$")[0])
            return real(stored, password)

        with monkeypatch.context() as patch:
            patch.setattr(service, "check_password_hash", counting)
            login(client, name, "sai-mat-khau-00", environ_base={"REMOTE_ADDR": "10.3.0.1"})
        return checked

    # Both check the password against a production (scrypt) hash of the same parameters: the same work,
    # counted rather than timed (a timing on a shared machine is noise); an unknown name once answered in 3 ms.
    known_work = hashes_checked("can-bo")
    unknown_work = hashes_checked("khong-ton-tai-2")
    assert len(known_work) == 1 and known_work[0].startswith("scrypt")
    assert unknown_work == known_work


# --- 10. passwords and usernames -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "password", [" " * 10, "1111111111", "aaaaaaaaaaaa", "1234567890", "Password123", "short", "quan-tri-2026"]
)
def test_weak_passwords_are_refused(session_factory, password):
    with transaction(session_factory) as session, pytest.raises(AccountError):
        create_user(session, "quan-tri", "admin", password)


def test_a_strong_password_passes():
    assert check_password("ngựa-ghế-pin-đúng-7", "quan-tri")


@pytest.mark.parametrize("lookalike", ["Admin", "ADMIN", "\u0430dmin", "ａｄｍｉｎ", "admin\u200b", "ad min"])
def test_look_alike_usernames_are_refused(session_factory, lookalike):
    with transaction(session_factory) as session:
        create_user(session, "admin", "admin", PASSWORD)
    with transaction(session_factory) as session, pytest.raises(AccountError):
        create_user(session, lookalike, "admin", PASSWORD)


def test_usernames_are_stored_folded_and_vietnamese_names_still_work(client, session_factory):
    with transaction(session_factory) as session:
        user = create_user(session, "Nguyễn.Văn.An", "reviewer", PASSWORD)
        assert user.username == "nguyễn.văn.an" == canonical_username("NGUYỄN.VĂN.AN")
    assert login(client, "Nguyễn.Văn.An").status_code == 302


def test_an_account_from_before_the_rules_keeps_logging_in(client, session_factory):
    from werkzeug.security import generate_password_hash

    with transaction(session_factory) as session:  # as an older version stored it: not folded
        session.add(User(username="CuongNV", role="reviewer", password_hash=generate_password_hash(PASSWORD)))
    assert login(client, "CuongNV").status_code == 302
    with transaction(session_factory) as session, pytest.raises(AccountError, match="đã tồn tại"):
        create_user(session, "cuongnv", "reviewer", PASSWORD)
