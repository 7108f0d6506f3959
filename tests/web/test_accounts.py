"""Accounts: login with lock-out, secure session cookies, CSRF, security headers, the administrator
page and `tthc users`."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata

from sqlalchemy import select

from tests.support.auth import csrf_token
from tthc.models.accounts import AuditLog, User
from tthc.web.security_headers import CONTENT_SECURITY_POLICY

PASSWORD = "mat-khau-an-toan-1"


def test_login_with_a_real_csrf_token_sets_a_secure_session_cookie(client, make_user, auth):
    make_user("quan-tri", "admin")
    response = auth.login("quan-tri", expect=None)
    assert response.status_code == 302
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie  # plain http here
    expires = dt.datetime.strptime(re.search(r"Expires=([^;]+)", cookie).group(1), "%a, %d %b %Y %H:%M:%S GMT")
    lifetime = expires - dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert dt.timedelta(hours=1) < lifetime <= dt.timedelta(hours=2)  # the idle lifetime
    assert client.get("/quan-tri/tai-khoan").status_code == 200


def test_post_without_csrf_token_is_refused(client, make_user):
    make_user("quan-tri", "admin")
    response = client.post("/dang-nhap", data={"username": "quan-tri", "password": PASSWORD})
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)
    assert client.get("/quan-tri/tai-khoan").status_code == 302  # not logged in


def test_cookies_are_secure_when_served_over_https(database_url, tmp_path):
    from tthc import create_app

    app = create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "x",
            "INDEX_DIR": str(tmp_path),
            "PUBLIC_BASE_URL": "https://tthc.example.gov.vn",
            "APPLY_DUE_ON_START": False,
        }
    )
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    response = app.test_client().get("/dang-nhap", base_url="https://localhost")
    assert "Secure" in response.headers["Set-Cookie"]
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    app.extensions["tthc"].engine.dispose()


def test_lock_out_after_five_failures_and_nfd_username(client, make_user, auth):
    make_user("Nguyễn.Văn.An", "reviewer")
    for _ in range(5):
        assert auth.login("Nguyễn.Văn.An", "sai-mat-khau-00", expect=None).status_code == 401
    locked = auth.login("Nguyễn.Văn.An", expect=None)
    assert locked.status_code == 429 and "tạm khóa" in locked.get_data(as_text=True)
    # The same name typed in decomposed form (macOS, some keyboards) is the same account.
    nfd = unicodedata.normalize("NFD", "Nguyễn.Văn.An")
    assert nfd != "Nguyễn.Văn.An"
    assert "tạm khóa" in auth.login(nfd, expect=None).get_data(as_text=True)


def test_security_headers_on_every_kind_of_response(client, demo):
    for url in ("/", "/thu-tuc/1.001193", "/khong-co-trang", "/dang-nhap", "/static/site.css", "/?ngay=sai"):
        response = client.get(url)
        response.close()  # static files stream from an open file
        headers = response.headers
        assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, url
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "camera=()" in headers["Permissions-Policy"]
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY and "img-src 'self' data:" in CONTENT_SECURITY_POLICY


def test_logout_ends_the_session(client, make_user, auth):
    make_user("quan-tri", "admin")
    auth.login("quan-tri")
    assert auth.logout().status_code == 302
    assert client.get("/quan-tri/tai-khoan").status_code == 302


def test_admin_creates_deactivates_and_resets_a_user(client, make_user, session_factory, auth):
    make_user("quan-tri", "admin")
    auth.login("quan-tri")
    token = csrf_token(client, "/quan-tri/tai-khoan")
    bad = client.post(
        "/quan-tri/tai-khoan", data={"username": "soan", "role": "drafter", "password": PASSWORD, "csrf_token": token}
    )
    assert bad.status_code == 400 and "phải thuộc một cơ quan" in bad.get_data(as_text=True)
    mojibake = client.post(
        "/quan-tri/tai-khoan",
        data={
            "username": "soan",
            "role": "reviewer",
            "password": PASSWORD,
            "full_name": "Hoµng ThÞ Hßa",
            "csrf_token": token,
        },
    )
    assert mojibake.status_code == 400 and "phông chữ cũ" in mojibake.get_data(as_text=True)
    from tthc.catalogue.agencies import register_agency
    from tthc.db import transaction

    with transaction(session_factory) as session:  # the form picks its agency from the register
        register_agency(session, "Sở Tư pháp")
    created = client.post(
        "/quan-tri/tai-khoan",
        data={
            "username": "soan",
            "role": "drafter",
            "agency": "Sở Tư pháp",
            "password": PASSWORD,
            "full_name": unicodedata.normalize("NFD", "Trần Thị Bình"),
            "csrf_token": token,
        },
    )
    assert created.status_code == 302
    with session_factory() as session:
        user = session.scalar(select(User).where(User.username == "soan"))
        assert user.full_name == "Trần Thị Bình" and user.agency.name == "Sở Tư pháp"
        user_id = user.id
    assert "Trần Thị Bình" in client.get("/quan-tri/tai-khoan").get_data(as_text=True)

    assert (
        client.post(f"/quan-tri/tai-khoan/{user_id}/trang-thai", data={"active": "0", "csrf_token": token}).status_code
        == 302
    )
    other = client.application.test_client()
    assert auth.login("soan", client=other, expect=None).status_code == 401  # deactivated
    short = client.post(f"/quan-tri/tai-khoan/{user_id}/mat-khau", data={"password": "ngan", "csrf_token": token})
    assert short.status_code == 400 and "ít nhất 10 ký tự" in short.get_data(as_text=True)
    client.post(f"/quan-tri/tai-khoan/{user_id}/trang-thai", data={"active": "1", "csrf_token": token})
    client.post(f"/quan-tri/tai-khoan/{user_id}/mat-khau", data={"password": "mat-khau-moi-123", "csrf_token": token})
    assert auth.login("soan", "mat-khau-moi-123", client=other, expect=None).status_code == 302
    for missing in (987654, 2**31, 10**30):  # beyond PostgreSQL's integer: still 404, not 500
        assert (
            client.post(
                f"/quan-tri/tai-khoan/{missing}/mat-khau", data={"password": "mat-khau-moi-123", "csrf_token": token}
            ).status_code
            == 404
        )
    with session_factory() as session:
        actions = session.scalars(select(AuditLog.action).where(AuditLog.object_id == str(user_id))).all()
    assert {"user.create", "user.deactivate", "user.activate", "user.password_reset"} <= set(actions)


def test_admin_cannot_lock_themself_out(client, make_user, session_factory, auth):
    make_user("quan-tri", "admin")
    auth.login("quan-tri")
    with session_factory() as session:
        admin_id = session.scalar(select(User.id).where(User.username == "quan-tri"))
    response = client.post(
        f"/quan-tri/tai-khoan/{admin_id}/trang-thai",
        data={"active": "0", "csrf_token": csrf_token(client, "/quan-tri/tai-khoan")},
    )
    assert response.status_code == 400 and "Không thể tự khóa" in response.get_data(as_text=True)


def test_cli_users_create_json_and_refusals(runner, session_factory):
    result = runner.invoke(
        args=["users", "create", "kiem-soat", "--role", "reviewer", "--json"], env={"TTHC_NEW_USER_PASSWORD": PASSWORD}
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"id": 1, "username": "kiem-soat", "role": "reviewer", "agency": ""}
    again = runner.invoke(
        args=["users", "create", "kiem-soat", "--role", "reviewer"], env={"TTHC_NEW_USER_PASSWORD": PASSWORD}
    )
    assert again.exit_code == 1 and "đã tồn tại" in again.output


def test_cli_lists_deactivates_and_resets(runner, make_user):
    make_user("soan", "drafter", agency="Sở Tư pháp")
    listed = json.loads(runner.invoke(args=["users", "list", "--json"]).output)
    assert listed == [{"id": 1, "username": "soan", "role": "drafter", "agency": "Sở Tư pháp", "active": True}]
    assert json.loads(runner.invoke(args=["users", "deactivate", "soan", "--json"]).output)["active"] is False
    assert json.loads(runner.invoke(args=["users", "activate", "soan", "--json"]).output)["active"] is True
    reset = runner.invoke(args=["users", "reset-password", "soan", "--json"], env={"TTHC_NEW_USER_PASSWORD": "ngan"})
    assert reset.exit_code == 1 and "ít nhất 10 ký tự" in reset.output
    missing = runner.invoke(args=["users", "deactivate", "khong-co"])
    assert missing.exit_code == 1 and "Không có tài khoản «khong-co»" in missing.output


def test_login_never_redirects_off_site(client, make_user, auth):
    make_user("quan-tri", "admin")
    for target in ("//evil.example/x", "/\\evil.example", "https://evil.example/", "javascript:alert(1)"):
        token = csrf_token(client)
        response = client.post(
            "/dang-nhap",
            query_string={"next": target},
            data={"username": "quan-tri", "password": PASSWORD, "csrf_token": token},
        )
        assert response.headers["Location"] == "/tham-dinh/", target  # the account's own landing page
        auth.logout()


def test_a_deactivated_account_loses_its_open_session(client, make_user, session_factory, auth):
    make_user("quan-tri", "admin")
    make_user("quan-tri-2", "admin")
    auth.login("quan-tri-2")
    assert client.get("/quan-tri/tai-khoan").status_code == 200
    with session_factory() as session:
        user = session.scalar(select(User).where(User.username == "quan-tri-2"))
        user.active = False
        session.commit()
    assert client.get("/quan-tri/tai-khoan").status_code == 302
