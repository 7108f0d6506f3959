"""False alarms of the importer's name self-check (tthc.annex.name_check, issue 22).

Runs `name_doubt` on every real name the project ships: the national names (catalogue_large and the
sample, from which name_shapes.json's openings are derived), and the expected names of the annex and
tuning parts of catalogue_data (never the set-aside test part). For the national names the opening rule
is also measured leave-one-out (a name whose opening word no other name has counts as an alarm), which
is what a name never seen would meet. Prints counts and the names that fire.

    PYTHONPATH=. .venv/bin/python benchmarks/name_check.py [--show]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.annex_accuracy import part_files  # noqa: E402
from scripts.build_name_shapes import national_names  # noqa: E402
from tthc.annex.name_check import name_doubt, opening_word, shapes  # noqa: E402


def main() -> None:
    show = "--show" in sys.argv
    national = national_names()
    local = [e["name"] for part in ("annex", "tuning") for _, line in part_files(part) for e in line["entries"]]
    result = {}
    for label, names in (("national", national), ("annex_tuning", local)):
        fired = [(n, name_doubt(n)) for n in names]
        fired = [(n, d) for n, d in fired if d]
        result[label] = {"names": len(names), "doubted": len(fired)}
        if show:
            for name, doubt in fired:
                print(f"{label}: {doubt}  [{name[:100]}]")
    counts = Counter(opening_word(n) for n in national)
    alone = [n for n in national if counts[opening_word(n)] == 1 and not name_doubt(n)]
    alone = [n for n in alone if not n.lower().lstrip(" .\"“").startswith("thủ tục")]
    result["national_leave_one_out_extra"] = len(alone)
    result["openings"] = len(shapes()["openings"])
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
