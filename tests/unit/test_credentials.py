"""Issue 25, item 8: weak passwords and look-alike usernames are refused, and the message says why."""

from __future__ import annotations

import pytest

from tthc.accounts.service import AccountError, check_password, create_user
from tthc.db import transaction

PASSWORD = "mat-khau-an-toan-1"


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("12345678901", "phổ biến"),  # top of every leaked-password list (and a sequence)
        ("abcdefghijk", "dãy ký tự liên tiếp"),
        ("aaaaaaaaab", "lặp lại"),
        ("19901990abc", "lặp lại"),
        ("qwertyuiop12", "phổ biến"),
        ("Password123", "phổ biến"),
        ("quan-tri-2026", "tên đăng nhập"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(password, why):
    with pytest.raises(AccountError, match=why):
        check_password(password, "quan-tri")


@pytest.mark.parametrize("password", ["ngựa-ghế-pin-đúng-7", "mat-khau-dai-123", "Sông Hồng chảy qua 3 tỉnh"])
def test_passphrases_pass(password):
    assert check_password(password, "quan-tri") == password


@pytest.mark.parametrize(
    ("lookalike", "why"),
    [
        ("adm\u0131n", "«ı» không được dùng"),  # dotless ı
        ("\u1d00dmin", "«ᴀ» không được dùng"),  # small capital ᴀ
        ("adrnin", "trông giống tên đã có «admin»"),  # rn for m (Unicode TR39 skeleton)
    ],
)
def test_names_confusable_with_an_existing_one_are_refused(session_factory, lookalike, why):
    with transaction(session_factory) as session:
        create_user(session, "admin", "admin", PASSWORD)
    with transaction(session_factory) as session, pytest.raises(AccountError, match=why):
        create_user(session, lookalike, "admin", PASSWORD)


def test_vietnamese_names_that_only_look_alike_to_a_machine_stay_distinct(session_factory):
    with transaction(session_factory) as session:
        create_user(session, "nguyễn.văn.đức", "reviewer", PASSWORD)
        create_user(session, "nguyen.van.duc", "reviewer", PASSWORD)  # đ is not d, ễ is not e
        create_user(session, "trần.thị.mai", "reviewer", PASSWORD)
    with transaction(session_factory) as session, pytest.raises(AccountError, match="trông giống"):
        create_user(session, "trần.thị.rnai", "reviewer", PASSWORD)
