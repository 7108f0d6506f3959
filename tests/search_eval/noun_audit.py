"""The catalogue's most frequent content words, and whether people's words for them are in the data.

For the names a citizen or a small business files (the whole catalogue less
`sampling.NO_CITIZEN_FIELDS` and names with `sampling.NO_CITIZEN_WORDS`, and less those only
officials apply for), counts each two- and three-syllable phrase by how many procedures' names hold
it (folded, so "thủy" and "thuỷ" are one). Phrases made only of procedure words ("cấp lại", "giấy
chứng nhận", "đăng ký", "thực hiện") or cut across a function word are left out. For each of the
most frequent, prints how many names hold it, the synonym groups that hold it as a phrase (with their
other phrases: the words people use for it, if any), and how many events' phrasings hold it.

A phrase with no group and no event phrasing is a place to look for everyday, regional or
abbreviated words people use for the thing (pass col41 reviewed the first ~150 by hand; see
docs/search.md). The list does not decide anything by itself.

    PYTHONPATH=$PWD .venv/bin/python tests/search_eval/noun_audit.py [--top 150] [--bare]

With `--pairs FILE` (lines "everyday = official", e.g. noun_audit_pairs.txt beside this script),
prints for each pair how many citizen-facing names hold the official side and how many synonym
groups and event phrasings hold the everyday side (all folded): 0 groups and few events over many
names is a gap to review.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

from sampling import NO_CITIZEN_FIELDS, NO_CITIZEN_WORDS, catalogue_rows, officials_only  # run as a script

from tthc.search.analysis import fold, shipped_groups, tokens

EVENTS = Path(__file__).resolve().parents[2] / "tthc" / "search" / "events.json"

# words that name the act or the paper, not the thing a procedure is about
PROCEDURE_WORDS = frozenset(
    fold(w)
    for w in (
        "cấp lại đổi điều chỉnh sửa đổi bổ sung gia hạn thu hồi chấm dứt đăng ký giấy chứng nhận phép "
        "quyết định thông báo công bố xác nhận thẩm định phê duyệt chấp thuận cho công nhận giải quyết "
        "thực hiện thủ tục đề nghị hồ sơ trường hợp hoạt động tổ chức cá nhân cơ sở đối với theo quy "
        "định của và hoặc các có không được tại trong về từ do để khi đã đang bị một những lần đầu "
        "nội dung thay mới cấp xã tỉnh huyện bộ trung ương địa phương nhà nước việt nam điều kiện đủ "
        "kinh doanh dịch vụ sản xuất thuộc thẩm quyền ủy ban nhân dân số nghị ngày năm khoản quản lý "
        "trên địa bàn loại giấy tờ văn bản sử dụng chuyển đối tượng chế độ chính sách việc"
    ).split()
)
FUNCTION_WORDS = frozenset(
    fold(w) for w in "của và hoặc các cho đối với tại trong về từ do để khi theo thuộc có không được".split()
)


def citizen_rows() -> list[dict]:
    out = []
    for r in catalogue_rows():
        name = r["name"].lower()
        if r["field"] in NO_CITIZEN_FIELDS or any(w in name for w in NO_CITIZEN_WORDS):
            continue
        if officials_only([r]):
            continue
        out.append(r)
    return out


def phrases(name: str) -> set[tuple[str, ...]]:
    """The name's folded 2- and 3-word phrases within one clause, not all procedure words and not
    starting or ending with a function word."""
    found: set[tuple[str, ...]] = set()
    for clause in re.split(r"[,;:()/“”\"]", name):
        words = [fold(w) for w in tokens(clause)]
        for n in (2, 3):
            for i in range(len(words) - n + 1):
                p = tuple(words[i : i + n])
                if all(w in PROCEDURE_WORDS for w in p) or p[0] in FUNCTION_WORDS or p[-1] in FUNCTION_WORDS:
                    continue
                if any(w.isdigit() for w in p):
                    continue
                found.add(p)
    return found


def _padded(text: str) -> str:
    return " " + " ".join(fold(w) for w in tokens(text)) + " "


def check_pairs(rows: list[dict], path: Path) -> None:
    names = [_padded(r["name"]) for r in rows]
    groups = shipped_groups()
    events = json.loads(EVENTS.read_text(encoding="utf-8"))["events"]
    phrasings = [_padded(ph) for e in events for ph in e.get("phrases", [])]
    for line in path.read_text(encoding="utf-8").splitlines():
        if "=" not in line or line.startswith("#"):
            continue
        everyday, official = (side.strip() for side in line.split("=", 1))
        held = sum(1 for n in names if _padded(official) in n)
        in_groups = [g for g in groups if any(_padded(everyday) in _padded(p) for p in g)]
        in_events = sum(1 for p in phrasings if _padded(everyday) in p)
        shown = (" | " + " | ".join(in_groups[0][:4]))[:80] if in_groups else ""
        print(f"{everyday:22} -> {official:34} names {held:3} groups {len(in_groups)} events {in_events:3}{shown}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--top", type=int, default=150)
    parser.add_argument("--bare", action="store_true", help="only phrases with no group and no event phrasing")
    parser.add_argument("--pairs", type=Path, help='lines "everyday = official" to check')
    args = parser.parse_args()
    rows = citizen_rows()
    if args.pairs:
        check_pairs(rows, args.pairs)
        return
    counts: Counter = Counter()
    for r in rows:
        counts.update(phrases(r["name"]))
    # a 2-word phrase counted inside a 3-word one as often as alone says nothing more
    for p3, c3 in list(counts.items()):
        if len(p3) == 3:
            for p2 in (p3[:2], p3[1:]):
                if counts.get(p2) == c3:
                    del counts[p2]
    groups = [[tuple(fold(w) for w in tokens(ph)) for ph in g] for g in shipped_groups()]
    raw_groups = shipped_groups()
    events = json.loads(EVENTS.read_text(encoding="utf-8"))["events"]
    event_phrases = [tuple(fold(w) for w in tokens(ph)) for e in events for ph in e.get("phrases", [])]

    def holds(outer: tuple[str, ...], inner: tuple[str, ...]) -> bool:
        n = len(inner)
        return any(outer[i : i + n] == inner for i in range(len(outer) - n + 1))

    print(f"{len(rows)} citizen-facing procedures; top {args.top} phrases by names holding them")
    shown = 0
    for p, c in counts.most_common():
        if shown >= args.top:
            break
        in_groups = [raw_groups[i] for i, g in enumerate(groups) if any(holds(ph, p) for ph in g)]
        in_events = sum(1 for ph in event_phrases if holds(ph, p))
        if args.bare and (in_groups or in_events):
            continue
        shown += 1
        print(f"{c:4} {' '.join(p):32} groups {len(in_groups):2} events {in_events:3}", end="")
        if in_groups:
            print("  e.g.", " | ".join(in_groups[0][:4])[:90], end="")
        print()


if __name__ == "__main__":
    main()
