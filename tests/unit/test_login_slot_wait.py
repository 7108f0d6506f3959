"""Issue 25, item 4: while a burst of anonymous logins keeps the machine's hashing slot busy, the surplus
is refused at once (429, no hash: a sync worker waiting for a slot serves no public page), but an account's
owner on a browser it logged in on before waits briefly for the slot and gets in."""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import threading
from contextlib import contextmanager

import pytest

from tthc.accounts import service
from tthc.accounts.service import LoginRefused, authenticate, create_user
from tthc.db import transaction

PASSWORD = "ngua-ghe-pin-dung-bay-7"
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
BUSY_TEXT = "Máy chủ đang bận xử lý nhiều lượt đăng nhập"


@pytest.fixture
def one_slot(tmp_path):
    """One hashing slot on the machine (its lock file under tmp_path); the settings restored after."""
    before = service._Hashing.machine_slots, service._Hashing.lock_dir
    service.configure_hashing(machine_slots=1, lock_dir=str(tmp_path / "slots"))
    yield tmp_path / "slots" / "slot-0.lock"
    service.configure_hashing(machine_slots=before[0], lock_dir=before[1])


@contextmanager
def slot_held_by_a_burst(path, release_after: float | None):
    """Another process's hash holds the slot (an flock on its own open file), for `release_after` s."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    timer = threading.Timer(release_after, fcntl.flock, (fd, fcntl.LOCK_UN)) if release_after else None
    if timer:
        timer.start()
    try:
        yield
    finally:
        if timer:
            timer.join()
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def test_a_known_browser_waits_for_a_busy_slot_and_an_unknown_one_is_refused(session_factory, one_slot):
    with transaction(session_factory) as session:
        create_user(session, "Nguyễn.Thị.Hoa", "drafter", PASSWORD, agency="Sở Tư pháp")
    with slot_held_by_a_burst(one_slot, release_after=0.3):
        # A browser this name never logged in on: the slot is busy, so no hash and come back later.
        with transaction(session_factory) as session, pytest.raises(LoginRefused) as refused:
            authenticate(session, "nguyễn.thị.hoa", PASSWORD, NOW, address="10.1.2.3")
        assert BUSY_TEXT in str(refused.value) and refused.value.retry_after > 0
        # Her own browser (the signed cookie the web layer verified): she waits for the slot, and is in.
        with transaction(session_factory) as session:
            user = authenticate(session, "nguyễn.thị.hoa", PASSWORD, NOW, address="10.1.2.3", device="trinh-duyet-1")
        assert user.username == "nguyễn.thị.hoa"


def test_a_known_browser_waits_only_so_long_the_bound_holds(session_factory, one_slot):
    with transaction(session_factory) as session:
        create_user(session, "tran.van.nam", "reviewer", PASSWORD)
    with slot_held_by_a_burst(one_slot, release_after=None):  # the slot stays taken past the wait
        with transaction(session_factory) as session, pytest.raises(LoginRefused) as refused:
            authenticate(session, "tran.van.nam", PASSWORD, NOW, address="10.1.2.3", device="trinh-duyet-2")
    assert BUSY_TEXT in str(refused.value)
