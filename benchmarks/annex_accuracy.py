"""Per-field accuracy of the Word importer on the real decisions of catalogue_data (issue 22).

Three parts: `annex` (catalogue_data/annex), `tuning` (catalogue_data/annex_more without the six
set-aside files) and `test` (the six set-aside files, chosen by name by someone who did not open them).
For each part: entries matched (expected rows found in what was read, aligned by name), the share of
matched entries right per field, and the entries that are wrong (a field differs, or the entry is missing)
without a visible doubt — a doubt on the entry itself, or a decision-level doubt (a count check) on its
decision; an expected entry read under a name unlike its own is visible when the row read for it, aligned
to nothing, carries a doubt on its name (one such row for one missing entry). For the test part only
these aggregate figures are printed, never an entry; `--detail` prints per-entry differences for the
other parts while tuning.

    PYTHONPATH=. .venv/bin/python benchmarks/annex_accuracy.py [annex|tuning|test ...] [--detail] [--via-ROUTE]

`--via-pdf` reads each Word file after LibreOffice has printed it to PDF (as decisions are published):
the same figures for the PDF reader, on the same real layouts. `--via-lo-docx` reads it after LibreOffice
has saved it again as .docx (as offices without Microsoft Word send it: the same text in other XML).
"""

from __future__ import annotations

import difflib
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tthc.annex.heading_check import HEADING_DOUBT  # noqa: E402
from tthc.annex.pdf import read_decision_pdf  # noqa: E402
from tthc.annex.process_check import process_doubts  # noqa: E402
from tthc.annex.word import WordProblem, read_decision_docx  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "catalogue_data"
TEST_FILES = frozenset(
    unicodedata.normalize("NFC", name)
    for name in (
        "2666_QĐ-UBND.docx",
        "2934_QĐ-UBND.docx",
        "5042_QĐ-BNNMT.docx",
        "2913_QĐ-UBND.docx",
        "3760_QĐ-UBND.docx",
        "1594_QĐ-TTPVHCC.docx",
    )
)
PDF_CACHE = Path(tempfile.gettempdir()) / "tthc-annex-pdf"
HEADING = ("number", "date", "issuer", "signer")
FIELDS = ("action", "code", "name", "level", "field", "time_limit", "fee", "place", "agency", "legal_basis")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def part_files(part: str) -> list[tuple[Path, dict[str, Any]]]:
    """(file, expected line) of a part; the test part's lines are read but never printed."""
    folder = DATA / ("annex" if part == "annex" else "annex_more")
    lines = [json.loads(x) for x in (folder / "expected.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    out = []
    for line in lines:
        name = _nfc(line["file"])
        if part == "annex" or (part == "test") == (name in TEST_FILES):
            out.append((folder / line["file"], line))
    return out


def read_values(entry: Any) -> dict[str, Any]:
    """What the importer read for an entry, in expected.jsonl's terms: a code kept as printed (malformed)
    counts as its code; an entry whose action nothing stated counts as "listed" (a list, no change)."""
    values = {k: entry.values.get(k) for k in FIELDS}
    values["code"] = values["code"] or entry.localised_code
    if any(m["text"] == "lĩnh vực lấy từ tiêu đề phụ lục" for m in entry.marks):
        values["field"] = None  # annex_more's convention: no sector from the annex title (annex/ keeps it)
    if getattr(entry, "action_unstated", False):
        values["action"] = "listed"
    return values


def flagged(entry: Any, key: str, parsed: Any) -> bool:
    """A wrong value is visible when a doubt on the entry names its column, or, for the action, when a
    count check of the decision disagrees (a decision-level doubt)."""
    columns = {m["column"] for m in entry.marks if m["kind"] == "doubt"}
    if key in columns or (key == "place" and "place_channel" in columns):
        return True
    return key == "action" and bool(getattr(parsed, "count_doubts", None))


def _aligned(expected: list[dict[str, Any]], read: list[Any]) -> list[tuple[int, int | None]]:
    """(expected index, read index or None), aligned on names in document order."""
    a = [" ".join((e.get("name") or "").split()).lower() for e in expected]
    b = [" ".join((e.values.get("name") or "").split()).lower() for e in read]
    pairs: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            pairs[block.a + k] = block.b + k
    used = set(pairs.values())
    for i in range(len(a)):  # names read a little differently: the closest unused one, if close
        if i in pairs:
            continue
        best = max(
            ((difflib.SequenceMatcher(a=a[i], b=b[j]).ratio(), j) for j in range(len(b)) if j not in used),
            default=(0.0, None),
        )
        if best[1] is not None and best[0] >= 0.6:
            pairs[i] = best[1]
            used.add(best[1])
    return [(i, pairs.get(i)) for i in range(len(a))]


def doubted_spares(pairs: list[tuple[int, int | None]], parsed: Any) -> int:
    """Read entries aligned to no expected one that carry a doubt on their name: each is a row whose name
    was misread and says so (tthc.annex.name_check), so it makes one missing expected entry visible."""
    aligned = {j for _, j in pairs if j is not None}
    return sum(
        1
        for j, entry in enumerate(parsed.entries)
        if j not in aligned and any(m["kind"] == "doubt" and m["column"] == "name" for m in entry.marks)
    )


def _read_values(part: str, entry: Any) -> dict[str, Any]:
    values = read_values(entry)
    if part == "annex":
        values["field"] = entry.values.get("field")
    return values


def _processes_right(expected: list[dict[str, Any]], parsed: Any) -> int:
    """Expected process cases (one per procedure, or per case) read with the same code and step count."""
    return _processes_scored(expected, parsed)[0]


def _processes_scored(expected: list[dict[str, Any]], parsed: Any) -> tuple[int, int]:
    """(expected process cases read with the same code and step count, expected cases read wrong with
    no doubt on them). A case read wrong is flagged when a case read under its code that matched none
    carries a process doubt (tthc.annex.process_check: its process has one); a case not read at all is
    flagged only by a reader's notice about a process (a table it could not attach)."""
    read: Counter[tuple[str, int]] = Counter()
    doubted: dict[tuple[str, int], list[bool]] = {}
    found = [
        (next((p["code"] for p in item["procedures"] if p.get("code")), ""), item["process"], "")
        for item in getattr(parsed, "processes", None) or []
    ]
    found += [  # attached ones
        (e.values.get("code") or "", e.process, e.values.get("time_limit") or "") for e in parsed.entries if e.process
    ]
    for code, process, time_limit in found:
        cases = {d["case"] for d in process_doubts(process, time_limit=time_limit)}
        for case in process["cases"]:
            read[(code, len(case["steps"]))] += 1
            doubted.setdefault((code, len(case["steps"])), []).append(bool(cases))
    right, missed = 0, []
    for want in expected:
        key = (want.get("code") or "", len(want["steps"]))
        if read[key]:
            read[key] -= 1
            doubted[key].pop()
            right += 1
        else:
            missed.append(want.get("code") or "")
    spare = {code: [d for (c, _), ds in doubted.items() if c == code for d in ds] for code in set(missed)}
    unflagged = 0
    for code in missed:
        if spare[code]:
            unflagged += not spare[code].pop(0)
        else:
            notices = getattr(parsed, "notices", None) or []
            unflagged += not any("quy trình" in notice for notice in notices)  # a process left unattached
    return right, unflagged


def _score_heading(parsed: Any, expected: dict[str, Any], right: Counter[str], shown: str | None) -> int:
    """Counts each heading field read right into `right`; returns the fields misread without a doubt
    (a heading doubt on that field, or the one doubt of a missing first page). Prints the misreads of
    the file named `shown` (never for the test part)."""
    doubted = {c.field for c in getattr(parsed, "checks", []) if c.code == HEADING_DOUBT}
    unflagged = 0
    for k in HEADING:
        misread = parsed.heading.get(k) != expected.get(k)
        right[k] += not misread
        if misread and shown:
            print(f"{shown}: heading {k} read {parsed.heading.get(k)!r} want {expected.get(k)!r}")
        unflagged += misread and not ({k, ""} & doubted)
    return unflagged


# how a file may reach the importer: as written, printed to PDF (as decisions are published), or saved
# again as .docx by LibreOffice (as offices without Microsoft Word send it: the same text, other XML)
ROUTES = {"docx": None, "pdf": ("pdf", "decision.pdf"), "lo-docx": ("docx:MS Word 2007 XML", "out/decision.docx")}


def converted(path: Path, route: str) -> bytes:
    """The Word file as it arrives by `route`, converted by LibreOffice and kept in a cache folder by the
    file's hash and the route (converting takes a few seconds a file)."""
    data = path.read_bytes()
    if ROUTES[route] is None:
        return data
    target, produced = ROUTES[route]  # type: ignore[misc]
    cached = PDF_CACHE / f"{hashlib.sha256(data).hexdigest()[:16]}.{route}"
    if not cached.exists():
        office = shutil.which("libreoffice") or shutil.which("soffice")
        if office is None:
            raise SystemExit(f"--via-{route} needs LibreOffice: apt-get install libreoffice-writer")
        with tempfile.TemporaryDirectory() as work:
            source = Path(work) / "decision.docx"
            source.write_bytes(data)
            outdir = Path(work) / Path(produced).parent
            subprocess.run(
                [office, "--headless", "--convert-to", target, "--outdir", str(outdir), str(source)],
                check=True,
                capture_output=True,
                timeout=300,
            )
            PDF_CACHE.mkdir(parents=True, exist_ok=True)
            shutil.move(Path(work) / produced, cached)
    return cached.read_bytes()


def _read(path: Path, route: str) -> Any:
    data = converted(path, route)
    return read_decision_pdf(data) if route == "pdf" else read_decision_docx(data)


def score(part: str, detail: bool = False, route: str = "docx") -> dict[str, Any]:
    right: Counter[str] = Counter()
    totals = {
        "files": 0,
        "expected": 0,
        "read": 0,
        "matched": 0,
        "refused": 0,
        "wrong": 0,
        "wrong_unflagged": 0,
        "headings_right": 0,
        "heading_fields_wrong_unflagged": 0,  # a number/date/issuer/signer misread with no doubt on it
        "processes_expected": 0,  # process cases the decision gives (process-only decisions, item 7)
        "processes_right": 0,  # read with the right procedure code and number of steps
        "processes_wrong_unflagged": 0,  # an expected process case read wrong (or not) with no doubt on it
    }
    files_with_doubts = 0
    heading_right: Counter[str] = Counter()
    for path, expected in part_files(part):
        totals["files"] += 1
        totals["expected"] += len(expected["entries"])
        try:
            parsed = _read(path, route)
        except WordProblem as error:
            parsed = None
            totals["refused"] += 1
            message = str(error)
        if parsed is None:
            wrong = len(expected["entries"])
            totals["wrong"] += wrong
            # a refusal is visible, but it reads nothing: counted as wrong, flagged
            if detail and part != "test":
                print(f"{path.name}: refused: {message}")
            continue
        totals["processes_expected"] += len(expected.get("processes") or [])
        processes_right, processes_unflagged = _processes_scored(expected.get("processes") or [], parsed)
        totals["processes_right"] += processes_right
        totals["processes_wrong_unflagged"] += processes_unflagged
        files_with_doubts += bool(getattr(parsed, "checks", []))
        totals["headings_right"] += all(parsed.heading.get(k) == expected.get(k) for k in HEADING)
        shown = path.name if detail and part != "test" else None
        totals["heading_fields_wrong_unflagged"] += _score_heading(parsed, expected, heading_right, shown)
        totals["read"] += len(parsed.entries)
        pairs = _aligned(expected["entries"], parsed.entries)
        spares = doubted_spares(pairs, parsed)
        for i, j in pairs:
            want = {k: expected["entries"][i].get(k) for k in FIELDS}
            if j is None:
                totals["wrong"] += 1
                visible = bool(getattr(parsed, "count_doubts", None))
                if not visible and spares:
                    spares, visible = spares - 1, True
                totals["wrong_unflagged"] += not visible
                if detail and part != "test":
                    print(f"{path.name}: missing «{want['name'][:60]}»")
                continue
            entry = parsed.entries[j]
            got = _read_values(part, entry)
            totals["matched"] += 1
            bad = [k for k in FIELDS if got[k] != want[k]]
            for k in FIELDS:
                right[k] += k not in bad
            if bad:
                totals["wrong"] += 1
                unflagged = [k for k in bad if not flagged(entry, k, parsed)]
                totals["wrong_unflagged"] += bool(unflagged)
                if detail and part != "test":
                    print(f"{path.name} row {entry.table}/{entry.row}: unflagged {unflagged}")
                    for k in bad:
                        print(f"    {k}: read {got[k]!r:.160}\n    {' ' * len(k)}  want {want[k]!r:.160}")
        extra = len(parsed.entries) - sum(1 for _, j in _aligned(expected["entries"], parsed.entries) if j is not None)
        if extra and detail and part != "test":
            print(f"{path.name}: {extra} entries read that are not expected")
    matched = totals["matched"] or 1
    return {
        "part": part + ("" if route == "docx" else f" via {route}"),
        **totals,
        "files_with_decision_doubts": files_with_doubts,
        "fields": {k: round(right[k] / matched, 3) for k in FIELDS},
        "heading_fields": {k: heading_right[k] for k in HEADING},
    }


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    detail = "--detail" in sys.argv
    route = next((r for r in ROUTES if f"--via-{r}" in sys.argv), "docx")
    for part in args or ["annex", "tuning", "test"]:
        result = score(part, detail=detail, route=route)
        print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
