"""`python -m tthc.search.build_child`: build the search index in a process of its own.

SearchService refreshes in the background by starting this module and waiting for it: the build
(the catalogue read into documents, Whoosh's writer, the body and names files) is CPU-bound Python
for seconds (about 30 s at 30,000 procedures), and in a thread of the web process it held the
interpreter lock in long stretches, so a request there waited behind it again and again (one
request took 2-3 s). Here it holds only this process's lock.

The parent writes one JSON object on stdin (so no password shows in the process list):
  database_url  the catalogue's database (SQLAlchemy URL, password included)
  index_dir     TTHC_INDEX_DIR
  limitmb, procs  the writer's settings
  today         the date the catalogue is read on (ISO)
  force         rebuild even when the live index matches
The parent holds the folder's build lock (.build.lock) while this runs: this process does not
take it again. It prints the outcome of SearchService.rebuild as one JSON line on stdout and exits
0; any failure exits non-zero with the traceback on stderr, the live folder untouched (a build
writes into a .building-* folder, renamed and pointed to only when complete).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import sys

# The build yields most of the cores to the web workers' requests when they compete (a weight of
# a third of theirs), without starving on a busy server (10: a tenth; 0: an equal share).
NICENESS = 5


def main() -> int:
    spec = json.loads(sys.stdin.read())
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    with contextlib.suppress(OSError):  # not allowed here: build at the same priority
        os.nice(NICENESS)
    from ..db import make_engine, make_session_factory
    from .service import SearchService

    engine = make_engine(spec["database_url"])
    today = dt.date.fromisoformat(spec["today"])
    try:
        service = SearchService(
            make_session_factory(engine),
            spec["index_dir"],
            background=False,
            limitmb=spec["limitmb"],
            procs=spec["procs"],
            today=lambda: today,
        )
        outcome = service.rebuild_holding_lock(force=spec.get("force", False))
    finally:
        engine.dispose()
    print(json.dumps(outcome, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
