"""The decision checked against what it says it contains (issue 22, item 2).

A decision states its own contents several times: the title ("… mới ban hành, sửa đổi, bổ sung và bị bãi
bỏ …"), Điều 1 ("gồm: 05 thủ tục mới ban hành và 03 thủ tục bị bãi bỏ"), section headings and group rows
with counts ("II. … ĐƯỢC SỬA ĐỔI, BỔ SUNG (09 TTHC)", "LĨNH VỰC: CHỨNG THỰC (12 TTHC)"), total rows
("Tổng cộng: 15 TTHC") and summary tables (counts per action and per level). Each statement is parsed and
compared with the entries read, per action and per level; a disagreement is a doubt (`Problem`, severity
"warning", code "count_mismatch" or "title_mismatch") naming the statement and both counts, e.g. "Điều 1 nói
05 mới ban hành; đọc được 2 mới ban hành, 3 sửa đổi, bổ sung". The importer cannot tell which side is
wrong: the drafter settles it in the preview. No Flask.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..problems import Problem
from ..text import fold
from .word_columns import ACTION_WORDS, level_from_text

COUNT_MISMATCH = "count_mismatch"
TITLE_MISMATCH = "title_mismatch"
ACTION_NAMES = {
    "new": "mới ban hành",
    "amended": "sửa đổi, bổ sung",
    "replaced": "thay thế",
    "abolished": "bị bãi bỏ",
}
LEVEL_NAMES = {"tinh": "cấp tỉnh", "xa": "cấp xã", "huyen": "cấp huyện", "trung_uong": "cấp trung ương"}
_UNIT = r"(?:tthc|thu tuc|quy trinh|danh muc)"
_STATED_RES = [
    re.compile(rf"\(\s*(\d{{1,4}})\s*{_UNIT}[^)]*\)"),  # "(09 TTHC)", "(12 thủ tục hành chính)"
    re.compile(rf":\s*(\d{{1,4}})\s*{_UNIT}\b"),  # "I. Lĩnh vực Việc làm: 07 TTHC"
    re.compile(rf"\bgom\s+(\d{{1,4}})\s*{_UNIT}\b"),  # "… gồm 05 thủ tục"
]
_NONE_RE = re.compile(r":\s*khong\s*\.?\s*$")  # "B. … cấp xã: Không"


def _action(text: str) -> str | None:
    folded = fold(text)
    found = {action for pattern, action in ACTION_WORDS if re.search(pattern, folded)}
    if "amended" in found:
        found.discard("replaced")
    return found.pop() if len(found) == 1 else None


def title_actions(text: str) -> set[str]:
    """Every action a title names ("… mới ban hành, sửa đổi, bổ sung và bị bãi bỏ …")."""
    folded = fold(text)
    return {action for pattern, action in ACTION_WORDS if re.search(pattern, folded)}


# a title's "sửa đổi, bổ sung (hoặc) thay thế" covers both lists: compared as one family
_FAMILY = {"replaced": "amended"}


def stated_count(text: str) -> int | None:
    """The count a heading or group row states ("(09 TTHC)" → 9, "…: Không" → 0), or None."""
    folded = " ".join(fold(text).split())
    for pattern in _STATED_RES:
        match = pattern.search(folded)
        if match:
            return int(match.group(1))
    if _NONE_RE.search(folded) and re.search(r"thu tuc|tthc", folded):
        return 0
    return None


def total_row(text: str) -> int | None:
    """ "Tổng cộng: 15 TTHC", "Tổng số danh mục TTHC công bố: 15 TTHC" → 15."""
    folded = " ".join(fold(text).split())
    if not re.match(r"^\s*(tong\s*(cong|so)|cong\s*:)", folded):
        return None
    numbers = re.findall(r"\b(\d{1,4})\b", folded)
    return int(numbers[0]) if numbers else None


def article_one_counts(text: str) -> tuple[int | None, Counter[str]]:
    """Điều 1's counts: (a total, counts per action). "gồm: 05 thủ tục mới ban hành và 03 thủ tục bị
    bãi bỏ" → (None, {new: 5, abolished: 3}); "Công bố … 12 thủ tục hành chính nội bộ …" → (12, {})."""
    folded = " ".join(fold(text).split())
    matches = list(re.finditer(rf"\b(\d{{1,4}})\s*(?:\(\w+\)\s*)?{_UNIT}", folded))
    per_action: Counter[str] = Counter()
    total = None
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(folded)
        segment = folded[match.end() : end]
        segment = re.split(r"\b(?:dieu 2|\(co phu luc|\(chi tiet|kem theo)", segment)[0]
        action = _action(segment[:120])
        if action:
            per_action[action] += int(match.group(1))
        else:
            total = (total or 0) + int(match.group(1))  # "64 quy trình … và 04 quy trình …": 68 in all
    return (None if per_action else total), per_action


def _breakdown(actions: Counter[str]) -> str:
    if not actions:
        return "không mục nào"
    return ", ".join(f"{n} {ACTION_NAMES.get(a, a)}" for a, n in sorted(actions.items(), key=lambda x: -x[1]))


@dataclass
class Section:
    rank: str  # "heading" (a paragraph), "level" or "sector" (a group row), "table"
    text: str
    stated: int
    start: int  # index of the first entry under it
    end: int | None = None


@dataclass
class SelfCheck:
    """Collects the decision's statements while the annex is read, then compares them."""

    sections: list[Section] = field(default_factory=list)
    totals: list[tuple[int, int, int]] = field(default_factory=list)  # (table, stated, entries of the table)
    summaries: list[tuple[int, dict[tuple[str | None, str | None], int]]] = field(default_factory=list)

    def section(self, rank: str, text: str, position: int) -> None:
        """A heading or group row met at `position` (entries read so far): it closes the open section of
        its rank and, when it states a count, opens one."""
        for open_section in self.sections:
            if open_section.rank == rank and open_section.end is None:
                open_section.end = position
            if rank == "heading" and open_section.end is None:
                open_section.end = position  # a new heading closes the group rows of the tables before it
            if rank == "level" and open_section.rank == "sector" and open_section.end is None:
                open_section.end = position
        stated = stated_count(text)
        if stated is not None:
            self.sections.append(Section(rank, text, stated, position))

    def close(self, position: int) -> None:
        for open_section in self.sections:
            if open_section.end is None:
                open_section.end = position

    def problems(self, entries: list[Any], title: str, article_one: str) -> list[Problem]:
        self.close(len(entries))
        actions = Counter(e.values.get("action") for e in entries if not getattr(e, "action_unstated", False))
        out: list[Problem] = []
        out += _title_problems(title, actions)
        out += _article_one_problems(article_one, entries, actions)
        for section in self.sections:
            under = entries[section.start : section.end]
            if len(under) != section.stated:
                got = Counter(e.values.get("action") for e in under)
                out.append(
                    _doubt(
                        f"Mục «{_short(section.text)}» nói {section.stated:02d} TTHC; đọc được {len(under)} "
                        f"({_breakdown(got)})."
                    )
                )
        for table, stated, read in self.totals:
            if stated not in (read, len(entries)):
                out.append(_doubt(f"Dòng tổng cộng của bảng {table} nói {stated:02d} TTHC; đọc được {read}."))
        for table, counts in self.summaries:
            out += _summary_problems(table, counts, entries)
        return out


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 90 else text[:87] + "…"


def _doubt(message: str, code: str = COUNT_MISMATCH) -> Problem:
    return Problem("", message, severity="warning", code=code)


def _title_problems(title: str, actions: Counter[str]) -> list[Problem]:
    said = title_actions(title)
    if not said or not actions:
        return []
    said_families = {_FAMILY.get(a, a) for a in said}
    read_families = {_FAMILY.get(a, a) for a in actions}
    missing = said_families - read_families
    extra = read_families - said_families
    if not missing and not extra:
        return []
    names = ", ".join(ACTION_NAMES[a] for a in sorted(said))
    return [
        _doubt(
            f"Trích yếu nói thủ tục {names}; đọc được {_breakdown(actions)}.",
            code=TITLE_MISMATCH,
        )
    ]


def _article_one_problems(text: str, entries: list[Any], actions: Counter[str]) -> list[Problem]:
    if not text:
        return []
    total, per_action = article_one_counts(text)
    if per_action:
        if all(actions.get(a, 0) == n for a, n in per_action.items()) and sum(per_action.values()) == len(entries):
            return []
        said = ", ".join(f"{n:02d} {ACTION_NAMES[a]}" for a, n in per_action.items())
        return [_doubt(f"Điều 1 nói {said}; đọc được {_breakdown(Counter(e.values.get('action') for e in entries))}.")]
    if total is not None and total != len(entries):
        return [_doubt(f"Điều 1 nói {total:02d} thủ tục; đọc được {len(entries)}.")]
    return []


def summary_counts(rows: list[list[str]]) -> dict[tuple[str | None, str | None], int] | None:
    """A summary table (counts per action and per level): {(action or None, level or None): n}, or None
    when the table is not one. Actions are columns or rows, levels the other way; "Tổng" is None."""
    if len(rows) < 2:
        return None
    header = rows[0]
    column_actions = [_action(cell) if cell.strip() else None for cell in header]
    column_levels = [level_from_text(cell) or None for cell in header]
    numeric_rows = [r for r in rows[1:] if sum(bool(re.fullmatch(r"\s*\d{1,4}\s*", c)) for c in r) >= 1]
    if not numeric_rows or len(numeric_rows) < len(rows) - 2:
        return None
    across_actions = sum(1 for a in column_actions if a) >= 2
    across_levels = sum(1 for level in column_levels if level) >= 2
    if not (across_actions or across_levels):
        return None
    counts: dict[tuple[str | None, str | None], int] = {}
    for row in numeric_rows:
        label = next((c for c in row if c.strip() and not re.fullmatch(r"\s*\d{1,4}\s*", c)), "")
        row_action = None if across_actions else _action(label)
        row_level = None if across_levels else (level_from_text(label) or None)
        if not (row_action or row_level or total_row(label) is not None or "tong" in fold(label)):
            continue
        for i, cell in enumerate(row):
            if not re.fullmatch(r"\s*\d{1,4}\s*", cell) or i >= len(header):
                continue
            action = column_actions[i] if across_actions else row_action
            level = column_levels[i] if across_levels else row_level
            if across_actions and action is None and "tong" not in fold(header[i]):
                continue
            counts[(action, level)] = int(cell)
    return counts or None


Counts = dict[tuple[str | None, str | None], int]


def _summary_problems(table: int, counts: Counts, entries: list[Any]) -> list[Problem]:
    out = []
    for (action, level), stated in counts.items():
        under = [
            e for e in entries if action in (None, e.values.get("action")) and level in (None, e.values.get("level"))
        ]
        if len(under) != stated:
            what = " ".join(x for x in (ACTION_NAMES.get(action or ""), LEVEL_NAMES.get(level or "")) if x) or "tổng"
            out.append(_doubt(f"Bảng tổng hợp (bảng {table}) nói {stated:02d} TTHC {what}; đọc được {len(under)}."))
    return out
