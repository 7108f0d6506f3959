"""How passwords are hashed. No Flask.

The production method is werkzeug's scrypt. The setting PASSWORD_HASH_METHOD (config mapping only, not the
environment, so a deployment cannot weaken it by accident) may name another werkzeug method: the test suite
uses a cheap one for its hundreds of accounts (Wagtail's trick). The method travels with the session factory
(`session.info`), so each app hashes its own way and a session made without it hashes for production.
Checking a password reads the method from the stored hash, so hashes of any method keep working."""

from __future__ import annotations

import secrets
from functools import lru_cache

from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

PRODUCTION_METHOD = "scrypt"
SESSION_INFO_KEY = "password_hash_method"


def hash_method(session: Session) -> str:
    return session.info.get(SESSION_INFO_KEY) or PRODUCTION_METHOD


def hash_password(session: Session, password: str) -> str:
    return generate_password_hash(password, method=hash_method(session))


@lru_cache(maxsize=8)
def check_method(method: str) -> str:
    """The method, or ValueError now (at start-up) rather than at the first account created. One hash
    per method and process (an app is made per test: scrypt each time would cost ~0.1 s apiece)."""
    generate_password_hash("", method=method)
    return method


@lru_cache(maxsize=4)
def dummy_hash(method: str) -> str:
    """Checked against when the account is unknown or inactive: the answer costs as much as a real one."""
    return generate_password_hash(secrets.token_hex(16), method=method)
