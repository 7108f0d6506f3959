"""Catalogues beyond the demo, as fixtures: `births` (seven real procedures of the birth event from the large
catalogue) and `stats_catalogue` (the sample with processes, a linked group and two list decisions); and
`import_large`, the real 3,065-procedure catalogue as a baseline (the `large_catalogue` template of conftest)."""

from __future__ import annotations

import datetime as dt
import json
import lzma
from pathlib import Path

import pytest

from tests.support.designations import COMMUNE, GROUP, PROVINCE, group_decision, import_and_apply, list_decision
from tests.support.processes import PROCESS_OK, PROCESS_OVER

# Provincial centre (receives every provincial procedure, 26): 6 resolved on the spot = 23 % ≥ 20 %.
PROVINCE_ON_THE_SPOT = ["1.001233", "1.003179", "2.000518", "2.000587", "2.000840", "2.000954"]


# Commune centre (commune procedures + 2.000829, 7): 3 on the spot = 42,9 % < 50 %.
COMMUNE_ON_THE_SPOT = ["1.003005", "2.001255", "2.002349"]


ONLINE_PARTIAL = ["2.000954", "2.000970"]


@pytest.fixture
def stats_catalogue(demo, session_factory):
    """The sample, plus: processes (one over its time limit) from 01/12/2025, a linked group, and two
    list decisions (01/12/2025 and 10/01/2026) designating procedures at both centres."""
    processes = {
        "code": "",
        "number": "120/QĐ-UBND",
        "date": "2025-12-01",
        "issuer": "UBND tỉnh Quảng Trị",
        "title": "Công bố danh mục và quy trình nội bộ",
        "entries": [
            {"action": "amended", "code": "1.001233", "record": {"process": PROCESS_OK}},
            {"action": "amended", "code": "2.000840", "record": {"process": PROCESS_OVER}},
        ],
    }
    processes.pop("code")
    first = list_decision(
        "121/QĐ-UBND",
        "2025-12-01",
        [
            *(
                {"action": "listed", "code": c, "designation": "on_the_spot", "service_point": PROVINCE}
                for c in PROVINCE_ON_THE_SPOT
            ),
            {"action": "listed", "code": "2.000977", "designation": "on_the_spot", "service_point": PROVINCE},
            *(
                {"action": "listed", "code": c, "designation": "on_the_spot", "service_point": COMMUNE}
                for c in COMMUNE_ON_THE_SPOT
            ),
            {"action": "listed", "code": "1.001233", "designations": ["online_full"], "point_kind": "tinh"},
            {"action": "listed", "code": "2.000840", "designations": ["online_full"], "service_point": PROVINCE},
            {
                "action": "listed",
                "code": "2.001255",
                "designations": ["online_full", "non_territorial"],
                "point_kind": "xa",
            },
            *(
                {"action": "listed", "code": c, "designation": "online_partial", "service_point": PROVINCE}
                for c in ONLINE_PARTIAL
            ),
            {"action": "listed", "code": "1.003005", "designation": "non_territorial", "service_point": COMMUNE},
        ],
    )
    import_and_apply(
        session_factory, processes, first, group_decision("122/QĐ-UBND", "2025-12-01", [GROUP]), today="2025-12-01"
    )
    # A month later one is taken off the on-the-spot list again.
    import_and_apply(
        session_factory,
        list_decision(
            "123/QĐ-UBND",
            "2026-01-10",
            [{"action": "delisted", "code": "2.000977", "designation": "on_the_spot", "service_point": PROVINCE}],
        ),
        today="2026-01-10",
    )
    return session_factory


LARGE = Path(__file__).parents[1] / "search_eval" / "catalogue_large.jsonl.xz"


def import_large(database_url: str, folder: Path) -> int:
    """The real catalogue (3,065 procedures of the national portal) as the baseline in force from
    01/01/2025, imported into the database at `database_url`; returns how many procedures the file holds."""
    from tthc.catalogue.io import import_baseline
    from tthc.db import make_engine, make_session_factory, transaction

    baseline = folder / "catalogue_large.jsonl"
    with lzma.open(LARGE, "rt", encoding="utf-8") as source:
        content = source.read()
    baseline.write_text(content, encoding="utf-8")
    engine = make_engine(database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            import_baseline(session, baseline, dt.date(2025, 1, 1), actor="test")
    finally:
        engine.dispose()
    return sum(1 for line in content.splitlines() if line.strip())


CODES = {"1.001193", "2.000528", "1.004222", "1.000656", "1.003197", "2.000821", "1.004194"}


@pytest.fixture
def births(session_factory, tmp_path):
    from tthc.catalogue.io import import_baseline
    from tthc.db import transaction

    with lzma.open(LARGE, "rt", encoding="utf-8") as source:
        rows = [line for line in source if line.strip() and json.loads(line)["code"] in CODES]
    baseline = tmp_path / "events.jsonl"
    baseline.write_text("".join(rows), encoding="utf-8")
    with transaction(session_factory) as session:
        import_baseline(session, baseline, dt.date(2025, 1, 1), actor="test")
