"""Missing is not "no" (issue 24, item 6), over real records of the 3,065-procedure catalogue: a procedure
with no way of submitting recorded does not say "not online", an unrecorded fee is not "—", and a time
limit recorded as a bare number is shown as recorded with a mark and listed in the data-quality report."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import lzma
import re
from pathlib import Path

import pytest

from tthc.catalogue.io import import_baseline, quality_report, to_record
from tthc.db import transaction

LARGE = Path(__file__).parents[1] / "search_eval" / "catalogue_large.jsonl.xz"
TIME_LIMIT_BARE_NUMBER = "time_limit_bare_number"  # the problem code of the data-quality report
BARE_NUMBER = re.compile(r"\d[\d.,\s]*")


@functools.cache
def real_records() -> tuple[dict, ...]:
    with lzma.open(LARGE, "rt", encoding="utf-8") as source:
        return tuple(json.loads(line) for line in source if line.strip())


def _first(predicate) -> dict:
    return next(raw for raw in real_records() if predicate(raw))


def test_every_bare_number_time_limit_of_the_real_catalogue_is_in_the_quality_report():
    raws = real_records()
    bare = {raw["code"] for raw in raws if BARE_NUMBER.fullmatch((raw.get("time_limit") or "").strip())}
    assert len(bare) > 200  # "1", "120,000", …: counted from the data, not assumed
    report = quality_report([to_record(raw) for raw in raws])
    listed = {item["code"] for item in report if any(p["code"] == TIME_LIMIT_BARE_NUMBER for p in item["problems"])}
    assert listed == bare
    problem = next(
        p
        for item in report
        if item["code"] == "1.000005"
        for p in item["problems"]
        if p["code"] == TIME_LIMIT_BARE_NUMBER
    )
    assert "«120,000»" in problem["message"] and problem["severity"] == "warning"


@pytest.fixture
def three_real_procedures(session_factory, tmp_path) -> dict[str, dict]:
    """No way of submitting recorded; a time limit of a bare "1"; channels but no fee recorded."""
    chosen = {
        "no_channel": _first(lambda r: not r.get("channels") and not r.get("time_limit")),
        "bare_one": _first(lambda r: r.get("channels") and (r.get("time_limit") or "").strip() == "1"),
        "no_fee": _first(
            lambda r: (
                r.get("channels")
                and r.get("time_limit")
                and not BARE_NUMBER.fullmatch(r["time_limit"].strip())
                and not r.get("fee")
            )
        ),
    }
    path = tmp_path / "baseline.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chosen.values()), encoding="utf-8")
    with transaction(session_factory) as session:
        import_baseline(session, path, dt.date(2025, 1, 1), actor="test")
    return chosen


def _sheet_html(app, session_factory, code: str) -> str:
    from tthc.catalogue.queries import version_in_force
    from tthc.printing import postings, render

    settings = postings.PrintSettings.from_settings(app.extensions["tthc"].settings)
    with session_factory() as session:
        sheet = postings.make_sheet(version_in_force(session, code), settings, frozenset())
    return render.render_html(
        "sheet.html",
        s=sheet,
        point_name="Bộ phận Một cửa",
        address="",
        contact={},
        authority="UBND tỉnh",
        made_on=settings.made_on,
    )


@pytest.mark.browser
def test_missing_channel_fee_and_unit_read_as_missing_on_the_page(
    three_real_procedures, live_server, phone_page, app, session_factory, client
):
    no_channel = three_real_procedures["no_channel"]["code"]
    bare_one = three_real_procedures["bare_one"]["code"]
    no_fee = three_real_procedures["no_fee"]["code"]
    phone_page.goto(f"{live_server}/thu-tuc/{no_channel}")
    online = phone_page.locator("dt:has-text('Dịch vụ công trực tuyến') + dd")
    assert online.inner_text().strip() == "Chưa cập nhật cách thức nộp hồ sơ"
    assert "Chưa cung cấp trực tuyến" not in phone_page.content()

    phone_page.goto(f"{live_server}/thu-tuc/{bare_one}")
    times = phone_page.locator("#cach-thuc + div table tbody tr td:nth-child(2)").all_inner_texts()
    assert times and all(t.strip() == "1 (chưa ghi đơn vị thời gian)" for t in times)

    phone_page.goto(f"{live_server}/thu-tuc/{no_fee}")
    fees = phone_page.locator("#cach-thuc + div table tbody tr td:nth-child(3)").all_inner_texts()
    assert fees and all(f.strip() == "Chưa cập nhật" for f in fees)

    # The posting sheet and the CSV say the same.
    sheet = _sheet_html(app, session_factory, no_channel)
    assert "<td>Chưa cập nhật cách thức nộp hồ sơ</td>" in sheet and "Chưa cung cấp trực tuyến" not in sheet
    assert "1 (chưa ghi đơn vị thời gian)" in _sheet_html(app, session_factory, bare_one)
    fee_cells = re.findall(
        r"<tr><td>[^<]*</td>\s*<td>[^<]*</td><td>([^<]*)</td></tr>", _sheet_html(app, session_factory, no_fee)
    )
    assert fee_cells and all(cell.startswith("Chưa cập nhật") for cell in fee_cells), fee_cells
    rows = {
        row["code"]: row
        for row in csv.DictReader(
            io.StringIO(client.get("/api/v1/catalogue.csv").get_data(as_text=True).lstrip("\ufeff"))
        )
    }
    assert rows[no_channel]["online_availability"] == "chua_cap_nhat"
    assert rows[bare_one]["online_availability"] != "chua_cap_nhat"
