"""What the sampling scripts share: the catalogue's rows (`catalogue_rows`), the name a procedure
keeps at every level (`merged_name`, sample34.py, sample35.py, sample35b.py), and the draw of
sample35f.py, sample35i.py and sample35m.py (`draw`): the catalogue's
procedures of some fields, one group per procedure (names that differ only by what `level` strips,
merged), groups only officials file dropped (applicants all "Cán bộ, công chức, viên chức"; groups
with no applicants given kept or not), and those whose merged name holds one of `skip_words`; the
rest, each group its sorted codes, sorted and shuffled with `random.Random(seed)`."""

from __future__ import annotations

import json
import lzma
import random
import re
import subprocess
import unicodedata
from pathlib import Path

CATALOGUE = Path(__file__).with_name("catalogue_large.jsonl.xz")
# fields no citizen and no small business files (customs, aviation, banks' own licences and
# operations, securities, the state's debt, treasury and reserves, the civil service): sample36s.py,
# sample39b.py and sample39c.py leave them out
NO_CITIZEN_FIELDS = frozenset(
    {
        "Hải quan",
        "Hàng không",
        "Bảo đảm an ninh hàng không",
        "Thành lập và hoạt động ngân hàng",
        "Chứng khoán",
        "Quản lý nợ",
        "Kho bạc Nhà nước",
        "Hoạt động kho quỹ",
        "Hoạt động công nghệ thông tin ngân hàng",
        "Hoạt động tiền tệ",
        "Hoạt động tín dụng",
        "Hoạt động thông tin tín dụng",
        "Định chế tài chính",
        "Dự trữ",
        "Tổ chức, cán bộ",
    }
)
# names no citizen and no small business files about (seagoing ships, oil and gas, the state
# budget, customs brokers, securities, the civil service), and the level or a leading "Thủ tục" a
# name may carry (sample36s.py, sample39b.py)
NO_CITIZEN_WORDS = (
    "tàu biển",
    "dầu khí",
    "ngân sách nhà nước",
    "đại lý làm thủ tục hải quan",
    "chứng khoán",
    "cán bộ, công chức",
)
LEVEL = re.compile(r"\s*\((thực hiện )?(tại |ở )?cấp [^)]*\)|^Thủ tục:?\s*", re.IGNORECASE)
# insurance, jobs, social protection and people with merit (sample35i.py, sample39i.py, and
# tests/unit/test_search_social_insurance.py)
SOCIAL_FIELDS = frozenset(
    {
        "Thực hiện chính sách BHXH",
        "Chi trả các chế độ BHXH",
        "Cấp sổ BHXH, thẻ BHYT",
        "Thực hiện chính sách BHYT",
        "Thu BHXH, BHYT, BHTN, BH tai nạn lao động, BNN",
        "Lao động - Tiền lương-BHXH",
        "Việc làm",
        "Bảo trợ xã hội",
        "Người có công",
    }
)
OFFICIALS = {"Cán bộ", "công chức", "viên chức"}


def applicants_of(rows) -> set[str]:
    """Every applicant the rows name (their `applicants`, comma-separated)."""
    return {a.strip() for r in rows for a in (r.get("applicants") or "").split(",") if a.strip()}


def officials_only(rows) -> bool:
    """The rows name applicants, and every one is an official (no citizen, no firm files them)."""
    applicants = applicants_of(rows)
    return bool(applicants) and applicants <= OFFICIALS


def catalogue_rows() -> list[dict]:
    """The 3,065 records of catalogue_large.jsonl.xz, in the file's order."""
    with lzma.open(CATALOGUE, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def events_at(revision: str) -> list[dict]:
    """The life events (tthc/search/events.json) as they were at a git revision: a draw made from them
    must not move with the steps added since."""
    text = subprocess.run(
        ["git", "show", f"{revision}:tthc/search/events.json"],
        cwd=Path(__file__).resolve().parent,
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    return json.loads(text)["events"]


def merged_name(name: str) -> str:
    """The name without a leading "Thủ tục" or a level in brackets, lower case: one per procedure."""
    text = unicodedata.normalize("NFC", name).strip()
    text = re.sub(r"^thủ tục\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s*[\(\[][^\)\]]*(cấp|xã|tỉnh|huyện|trung ương)[^\)\]]*[\)\]]\s*", " ", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text).strip(" .").lower()


def draw(
    fields: set[str], level: re.Pattern[str], skip_words: tuple[str, ...], seed: int, keep_without_applicants: bool
) -> tuple[list[dict], dict[str, list[dict]], list[list[str]]]:
    """(the fields' rows, the groups by merged name, the kept groups' codes in the drawn order)."""
    rows = [r for r in catalogue_rows() if r["field"] in fields]
    groups: dict[str, list[dict]] = {}
    for r in rows:
        groups.setdefault(level.sub("", " ".join(r["name"].split())).strip(" .").lower(), []).append(r)
    kept = []
    for k, g in groups.items():
        if (not applicants_of(g) and not keep_without_applicants) or officials_only(g):
            continue
        if any(w in k for w in skip_words):
            continue
        kept.append(sorted(r["code"] for r in g))
    kept.sort()
    random.Random(seed).shuffle(kept)
    return rows, groups, kept


def draw_across(seed: int, skip_officials: bool) -> tuple[dict[str, dict], list[list[str]]]:
    """Across the whole catalogue less NO_CITIZEN_FIELDS, one group per merged name (all its codes at
    every level, sorted), groups named with NO_CITIZEN_WORDS left out and, with `skip_officials`,
    those whose applicants are only officials; sorted and shuffled with random.Random(seed).
    Returns (rows by code, the kept groups' codes in drawn order)."""
    rows = [r for r in catalogue_rows() if r["field"] not in NO_CITIZEN_FIELDS]
    groups: dict[str, list[dict]] = {}
    for r in rows:
        groups.setdefault(merged_name(r["name"]), []).append(r)
    kept = []
    for k, g in groups.items():
        applicants = {a.strip() for r in g for a in (r.get("applicants") or "").split(",") if a.strip()}
        if (skip_officials and applicants and applicants <= OFFICIALS) or any(w in k for w in NO_CITIZEN_WORDS):
            continue
        kept.append(sorted(r["code"] for r in g))
    kept.sort()
    random.Random(seed).shuffle(kept)
    return {r["code"]: r for r in rows}, kept


def show_drawn(by_code: dict[str, dict], kept: list[list[str]], count: int) -> None:
    """Print the first `count` drawn groups, numbered, for the writer going down the order."""
    print(len(kept), "groups kept")
    for i, g in enumerate(kept[:count]):
        r = by_code[g[0]]
        print(i, g, r["field"][:16], "|", (r.get("applicants") or "")[:30], "|", r["name"][:170])
