"""Staff pages at a province's size, cold and warm (prints figures; no assertions).

    PYTHONPATH=. .venv/bin/python benchmarks/staff_pages.py [--keep /tmp/tthc-staff-pages] [--runs 5]
                                                            [--profile /tmp/staff.prof --page dashboard]

The database (a fresh SQLite file): the real catalogue (tests/search_eval/catalogue_large.jsonl.xz, 3,065
procedures, tests/support/catalogues.py import_large) as the baseline of 01/01/2025; three service points
(the provincial centre by level, the commune centre by level, the State Bank's counter by
agency); a list decision of 2,555 listings (a third of each centre's procedures on the spot, half of all
online, as benchmarks/stats.py) in force from 01/06/2025; then a decision in force from 01/09/2025 that
amends 100 procedures, abolishes 20 and replaces 10; a ministry's source of 300 entries (100 amending a
held procedure's fee, 100 new with names near held ones, 100 abolishing), past its announcement
deadline, so the review dashboard lists it; and a 100-entry draft in review.

Each page is asked through the whole app in-process (Flask's test client, logged in as an administrator):
"cold" is the first request of a new app (no per-process memo yet; the database file in the OS cache),
"warm" the median of `--runs` repeats. Wall and CPU time of this process are printed: on a busy shared
machine CPU time is the steadier figure. With --keep DIR the database is built once and reused.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from tests.support.catalogues import import_large  # noqa: E402
from tthc import create_app  # noqa: E402
from tthc.accounts.service import create_user  # noqa: E402
from tthc.catalogue.queries import catalogue_rows  # noqa: E402
from tthc.catalogue.service_points import create_service_point  # noqa: E402
from tthc.db import make_engine, make_session_factory, transaction  # noqa: E402
from tthc.decisions.effect import apply_due  # noqa: E402
from tthc.decisions.importing import import_decisions  # noqa: E402
from tthc.migrate import upgrade  # noqa: E402
from tthc.models.decisions import Decision, DecisionStatus  # noqa: E402
from tthc.models.sources import Source  # noqa: E402
from tthc.sources.reading import import_source  # noqa: E402

USER, PASSWORD = "bench-admin", "mat-khau-bench-1"
BANK = "Ngân hàng Nhà nước Việt Nam"


def build(folder: Path) -> str:
    database = folder / "staff_pages.sqlite3"
    url = f"sqlite:///{database}"
    if database.exists():
        return url
    upgrade(url)
    import_large(url, folder)
    factory = make_session_factory(make_engine(url))
    with transaction(factory) as session:
        rows = catalogue_rows(session, dt.date(2025, 1, 1))
        create_service_point(session, "Trung tâm Phục vụ hành chính công tỉnh", kind="tinh", rules={"levels": ["tinh"]})
        create_service_point(session, "Bộ phận Một cửa xã", kind="xa", rules={"levels": ["xa", "huyen"]})
        create_service_point(session, "Quầy Ngân hàng Nhà nước", kind="tinh", rules={"agencies": [BANK]})
        create_user(session, USER, "admin", PASSWORD)
    codes = [(r.code, r.name, r.level, r.sector) for r in rows]
    listings = []
    for i, (code, _, level, _) in enumerate(codes):
        point = "Trung tâm Phục vụ hành chính công tỉnh" if level == "tinh" else "Bộ phận Một cửa xã"
        if i % 3 == 0:
            listings.append({"action": "listed", "code": code, "designation": "on_the_spot", "service_point": point})
        if i % 2 == 0:
            designation = "online_full" if i % 4 == 0 else "online_partial"
            listings.append({"action": "listed", "code": code, "designation": designation, "point_kind": "tinh"})
    changes = (
        [{"action": "amended", "code": c, "fee": "150.000 đồng/hồ sơ"} for c, *_ in codes[5:105]]
        + [{"action": "abolished", "code": c} for c, *_ in codes[105:125]]
        + [
            {"action": "replaced", "code": f"9.{900000 + i}", "replaces": c, "name": n + " (thay thế)", "level": lv}
            for i, (c, n, lv, _) in enumerate(codes[125:135])
        ]
    )
    draft = [{"action": "amended", "code": c, "time_limit": "07 ngày làm việc"} for c, *_ in codes[200:300]]
    with transaction(factory) as session:
        list_decision, amending = import_decisions(
            session,
            [
                (
                    1,
                    {
                        "kind": "danh_muc",
                        "number": "1501/QĐ-UBND",
                        "date": "2025-05-20",
                        "title": "Danh mục",
                        "effective_date": "2025-06-01",
                        "entries": listings,
                    },
                ),
                (
                    2,
                    {
                        "number": "2715/QĐ-UBND",
                        "date": "2025-08-20",
                        "title": "Công bố thủ tục sửa đổi",
                        "effective_date": "2025-09-01",
                        "entries": changes,
                    },
                ),
            ],
            signed=True,
        )
        [in_review] = import_decisions(
            session, [(3, {"number": "", "title": "Dự thảo sửa đổi thời hạn", "entries": draft})], signed=False
        )
        in_review.status = DecisionStatus.SUBMITTED
    apply_due(factory, dt.date(2025, 6, 1))
    apply_due(factory, dt.date(2025, 9, 1))
    entries = (
        [
            {"action": "amended", "code": c, "name": n, "level": lv, "fee": "200.000 đồng/hồ sơ"}
            for c, n, lv, _ in codes[300:400]
        ]
        + [
            {"action": "new", "code": "", "name": n + " (cấp lại)", "level": lv, "sector": s}
            for _, n, lv, s in codes[400:500]
        ]
        + [{"action": "abolished", "code": c, "name": n, "level": lv} for c, n, lv, _ in codes[500:600]]
    )
    source = {
        "number": "999/QĐ-BTP",
        "date": "2025-10-01",
        "effective_date": "2025-11-01",
        "issuer": "Bộ Tư pháp",
        "entries": entries,
    }
    with transaction(factory) as session:
        import_source(session, source)
    with factory() as session:
        decisions = session.scalars(select(Decision.status)).all()
        print(
            f"built {database}: decisions {sorted(map(str, decisions))}, "
            f"sources {len(session.scalars(select(Source)).all())}"
        )
    return url


def pages(url: str) -> dict[str, str]:
    from tthc.models.catalogue import ServicePoint

    factory = make_session_factory(make_engine(url))
    with factory() as session:
        source_id = session.scalar(select(Source.id))
        bank = session.scalar(select(ServicePoint.id).where(ServicePoint.name == "Quầy Ngân hàng Nhà nước"))
        centre = session.scalar(select(ServicePoint.id).where(ServicePoint.kind == "tinh"))
    return {
        "dashboard": "/tham-dinh/",
        "sources": "/nguon/",
        "source": f"/nguon/{source_id}",
        "repost": "/can-bo/niem-yet/thay-doi",
        "repost since baseline": "/can-bo/niem-yet/thay-doi?tu=1",
        "point": f"/can-bo/niem-yet/noi-tiep-nhan/{centre}",
        "point by agency": f"/can-bo/niem-yet/noi-tiep-nhan/{bank}",
        "list by point": f"/danh-muc?noi={centre}",
    }


def client_for(url: str, folder: Path):
    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "bench",
            "APPLY_DUE_ON_START": False,
            "WTF_CSRF_ENABLED": False,
            "INDEX_DIR": str(folder / "index"),
            "EXPORT_DIR": str(folder / "exports"),
            "AUTHORITY_LEVELS": "tinh,xa",
        }
    )
    client = app.test_client()
    answer = client.post("/dang-nhap", data={"username": USER, "password": PASSWORD})
    assert answer.status_code == 302, answer.status_code
    return app, client


def fetch(client, path: str) -> tuple[float, float, int]:
    start, cpu = time.perf_counter(), time.process_time()
    answer = client.get(path)
    assert answer.status_code == 200, (path, answer.status_code)
    return time.perf_counter() - start, time.process_time() - cpu, len(answer.data)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", type=Path, help="write a cProfile of one cold request of --page here")
    parser.add_argument("--page", default="dashboard")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="tthc-staff-pages-"))
    folder.mkdir(parents=True, exist_ok=True)
    url = build(folder)
    addresses = pages(url)
    if args.profile:
        app, client = client_for(url, folder)
        profile = cProfile.Profile()
        profile.enable()
        client.get(addresses[args.page])
        profile.disable()
        profile.dump_stats(args.profile)
        app.extensions["tthc"].engine.dispose()
        print(f"profile of {addresses[args.page]} written to {args.profile}")
        return
    print(f"{'page':24} {'cold wall':>10} {'cold CPU':>9} {'warm wall':>10} {'warm CPU':>9} {'KB':>6}")
    for label, path in addresses.items():
        app, client = client_for(url, folder)  # a new app: no per-process memo yet
        client.get("/soan-thao/")  # the first request of an app pays for its templates and mappers
        cold_wall, cold_cpu, size = fetch(client, path)
        warm = [fetch(client, path) for _ in range(args.runs)]
        print(
            f"{label:24} {cold_wall * 1000:8.0f} ms {cold_cpu * 1000:6.0f} ms "
            f"{statistics.median(w[0] for w in warm) * 1000:7.0f} ms "
            f"{statistics.median(w[1] for w in warm) * 1000:6.0f} ms {size / 1024:6.0f}"
        )
        app.extensions["tthc"].engine.dispose()


if __name__ == "__main__":
    main()
