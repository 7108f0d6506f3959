"""Logging in as a person does, through the real login form (CSRF token included): `AuthActions` for
the test client (flaskr's way), `BrowserAuth` for a Playwright page. The `auth` and `browser_auth`
fixtures in conftest.py hand them out; tests that build their own client use `AuthActions(client)`."""

from __future__ import annotations

import re

PASSWORD = "mat-khau-an-toan-1"  # every test account's password unless a test says otherwise


def csrf_token(client, url: str = "/dang-nhap") -> str:
    """The CSRF token of the form at `url`, as a browser would post it back (the templates render it even
    where a test switches CSRF off)."""
    page = client.get(url).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, f"no CSRF token in the form at {url}"
    return match.group(1)


class AuthActions:
    """Log a test client in and out through the real login form, CSRF token included (flaskr's way).

    `auth.login("soan")` logs the `client` fixture in (a later login replaces the account); pass
    `client=` for a second client. It asserts the login worked unless `expect` says otherwise."""

    def __init__(self, client):
        self.client = client

    def login(
        self,
        username: str,
        password: str = PASSWORD,
        *,
        client=None,
        expect: int | None = 302,
        url: str = "/dang-nhap",
        **request_options,
    ):
        """`url`: another login form (the one-time unlock link); `request_options` go to client.post
        (e.g. environ_base={"REMOTE_ADDR": …} to log in from another address)."""
        client = client or self.client
        response = client.post(
            url,
            data={"username": username, "password": password, "csrf_token": csrf_token(client, url)},
            **request_options,
        )
        if expect is not None:
            assert response.status_code == expect, f"login as {username}: {response.status_code}"
        return response

    def logout(self, *, client=None):
        client = client or self.client
        return client.post("/dang-xuat", data={"csrf_token": csrf_token(client, "/")})


class BrowserAuth:
    """Log a browser page in and out of the live server through the real login form."""

    def __init__(self, base_url: str, default_page):
        self.base_url = base_url
        self._default_page = default_page

    def login(self, username: str, password: str = PASSWORD, *, page=None):
        page = page or self._default_page()
        # End whatever the page was still loading (a click's redirect): its late Set-Cookie would replace the
        # login form's session, and the form would then fail its CSRF check (400).
        page.goto("about:blank")
        page.context.clear_cookies()  # whoever was logged in before is gone
        page.goto(f"{self.base_url}/dang-nhap")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state()
        return page

    def logout(self, *, page=None):
        (page or self._default_page()).context.clear_cookies()
