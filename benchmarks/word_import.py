"""Time to import a decision written in Word whose annex lists 300 procedures (target: ≤ 5 s).

The file is generated with python-docx (tests/support/word.big_annex): a first page as published, one
8-column table with a level group row, a sector group row every 25 procedures and "Như trên" in the
place and legal-basis columns, and Phần II giving every procedure its content (steps, channels, dossier,
applicants, agencies, results, fee, forms, requirements, legal basis) as labelled paragraphs. Measured:
the upload gate + reading the .docx (Phần I and Phần II), then writing the draft.

    PYTHONPATH=. .venv/bin/python benchmarks/word_import.py [ENTRIES] [DATABASE_URL]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import tthc.models  # noqa: E402,F401  (every mapped class, also when the database is given)
from tests.support.word import big_annex  # noqa: E402
from tthc.annex.word import read_decision_docx  # noqa: E402
from tthc.db import make_engine, make_session_factory, transaction  # noqa: E402
from tthc.decisions.importing import import_decisions  # noqa: E402
from tthc.migrate import upgrade  # noqa: E402


def main() -> None:
    entries = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    with tempfile.TemporaryDirectory() as folder:
        url = sys.argv[2] if len(sys.argv) > 2 else f"sqlite:///{folder}/bench.sqlite3"
        if len(sys.argv) <= 2:
            upgrade(url)
        data = big_annex(entries)
        started = time.perf_counter()
        parsed = read_decision_docx(data)
        read_done = time.perf_counter()
        assert len(parsed.entries) == entries and all(e.content.get("steps") for e in parsed.entries)
        engine = make_engine(url)
        with transaction(make_session_factory(engine)) as session:
            decision = import_decisions(session, [(1, parsed.flat())], signed=False, actor="benchmark")[0]
            assert len(decision.entries) == entries
            assert all(len(e.record["methods"]) == 3 and e.record["dossier"] for e in decision.entries)
            session.rollback()  # measure the writes, keep nothing
        written = time.perf_counter()
        engine.dispose()
    print(f"entries: {entries} ({len(data) // 1024} KB .docx)")
    print(f"read .docx (gate + parse): {read_done - started:.2f} s")
    print(f"write the draft:           {written - read_done:.2f} s")
    print(f"import total:              {written - started:.2f} s (target ≤ 5 s)")


if __name__ == "__main__":
    main()
