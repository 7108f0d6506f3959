"""Build tthc/annex/name_shapes.json: what a procedure name looks like, from the national names shipped
with the project (issue 22, the importer's name self-check, tthc.annex.name_check).

Derived (rewritten on each run): `openings`, the word that opens each national name after an optional
"Thủ tục" (with how many names open with it), and `longest`, the length of the longest name. Sources: the
3,065 national procedures of tests/search_eval/catalogue_large.jsonl.xz and the sample of catalogue_data
(procedures.jsonl and the entries of decisions.jsonl). The hand-reviewed part (`not_names`: the shapes
a cell that is no name has) is kept as it is in the file.

    .venv/bin/python scripts/build_name_shapes.py
"""

from __future__ import annotations

import json
import lzma
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tthc.annex.name_check import opening_word  # noqa: E402
from tthc.text import nfc  # noqa: E402

OUT = ROOT / "tthc" / "annex" / "name_shapes.json"
LARGE = ROOT / "tests" / "search_eval" / "catalogue_large.jsonl.xz"
SAMPLE = ROOT / "catalogue_data"


def national_names() -> list[str]:
    names = []
    with lzma.open(LARGE, "rt", encoding="utf-8") as lines:
        names += [nfc(json.loads(line)["name"]) for line in lines if line.strip()]
    for line in (SAMPLE / "procedures.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            names.append(nfc(json.loads(line)["name"]))
    for line in (SAMPLE / "decisions.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            names += [nfc(e["name"]) for e in json.loads(line)["entries"] if e.get("name")]
    return names


def main() -> None:
    names = national_names()
    openings: Counter[str] = Counter()
    for name in names:
        word = opening_word(name)
        if word:
            openings[word] += 1
    old = json.loads(OUT.read_text(encoding="utf-8")) if OUT.exists() else {}
    data = {
        "about": old.get("about", ""),
        "sources": f"{len(names)} tên thủ tục: tests/search_eval/catalogue_large.jsonl.xz và catalogue_data",
        "longest": max(len(" ".join(n.split())) for n in names),
        "openings": dict(sorted(openings.items(), key=lambda x: (-x[1], x[0]))),
        "not_names": old.get("not_names", {}),
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(names)} names, {len(openings)} openings, longest {data['longest']}")


if __name__ == "__main__":
    main()
