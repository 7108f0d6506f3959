"""`tthc stats --json`, /thong-ke/ and the Excel report, each figure counted again independently, on
the sample with internal processes, a linked group and list decisions at two service points."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections import Counter

from openpyxl import load_workbook
from sqlalchemy import select

from tests.support.catalogues import COMMUNE_ON_THE_SPOT
from tests.support.designations import COMMUNE, PROVINCE
from tthc.catalogue.agencies import load_register
from tthc.catalogue.queries import catalogue_on
from tthc.models.catalogue import CatalogueRevision, ServicePoint
from tthc.models.decisions import Decision

ONLINE_FULL = ["1.001233", "2.000840", "2.001255"]
NON_TERRITORIAL = ["1.003005", "2.001255"]


def stats_json(runner, *args):
    result = runner.invoke(args=["stats", "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_every_figure_of_stats_json_counted_independently(stats_catalogue, runner):
    figures = stats_json(runner, "--at", "2026-02-01")
    with stats_catalogue() as session:
        versions = catalogue_on(session, dt.date(2026, 2, 1))
        register = load_register(session)
        points = {p.name: p for p in session.scalars(select(ServicePoint))}
        decisions = session.execute(
            select(Decision, CatalogueRevision.effective_date).join(
                CatalogueRevision, CatalogueRevision.decision_id == Decision.id
            )
        ).all()
        published = [(d, eff) for d, eff in decisions if d.kind == "cong_bo" and not (d.extra or {}).get("list_kind")]
        entries = Counter(e.action for d, eff in published for e in d.entries if eff.month >= 10 and eff.year == 2025)
    codes = {v.code for v in versions}
    assert figures["total"] == len(versions) == 36
    assert {i["value"]: i["count"] for i in figures["by_level"]} == Counter(v.level for v in versions)
    assert {i["value"]: i["count"] for i in figures["by_sector"]} == Counter(v.sector for v in versions)
    # By register agency: a procedure counts once for each agency its executing texts name, an unread
    # part under its own text, no agency under "" (tests/web/test_agencies.py counts a small case by hand).
    by_agency: Counter = Counter()
    for version in versions:
        named: set[str] = set()
        for text in version.record["agencies"]["executing"]:
            ids, missing = register.resolve(text)
            named |= {register.agencies[i].name for i in ids} | set(missing)
        by_agency.update(named or {""})
    assert {i["value"]: i["count"] for i in figures["by_agency"]} == by_agency
    assert sum(by_agency.values()) > len(versions)  # the sample names two agencies in one text somewhere
    assert sum(i["count"] for i in figures["by_sector"]) == 36

    assert figures["online"]["full"] == 3 and sorted(figures["lists"]["online:full"]) == sorted(ONLINE_FULL)
    assert figures["online"]["partial"] == 2 and figures["online"]["partial_share"] == round(2 / 36, 4)
    assert figures["online"]["full_share"] == round(3 / 36, 4)
    assert figures["non_territorial"]["count"] == 2 and figures["non_territorial"]["share"] == round(2 / 36, 4)
    assert sorted(figures["lists"]["non_territorial"]) == NON_TERRITORIAL

    centres = {c["name"]: c for c in figures["on_the_spot"]["centres"]}
    provincial = [v.code for v in versions if v.level == "tinh"]
    province = centres[PROVINCE]
    assert province["received"] == len(provincial) == 26
    assert province["on_the_spot"] == 6  # 2.000977 was taken off on 10/01/2026
    assert province["share"] == round(6 / 26, 4) and province["target"] == 0.2 and province["met"] is True
    commune_received = [v.code for v in versions if v.level == "xa"] + ["2.000829"]
    commune = centres[COMMUNE]
    assert commune["received"] == len(commune_received) == 7
    assert commune["on_the_spot"] == 3 and commune["share"] == round(3 / 7, 4)
    assert commune["target"] == 0.5 and commune["met"] is False
    assert commune["id"] == points[COMMUNE].id
    assert sorted(figures["lists"][commune["on_the_spot_key"]]) == COMMUNE_ON_THE_SPOT

    assert figures["processes"]["missing"] == 34 and figures["processes"]["over_time_limit"] == 1
    assert figures["lists"]["process:over"] == ["2.000840"]
    assert set(figures["lists"]["process:missing"]) == codes - {"1.001233", "2.000840"}

    by_quarter = Counter(f"{eff.year}-Q{(eff.month - 1) // 3 + 1}" for _, eff in published)
    assert {q["quarter"]: q["decisions"] for q in figures["decisions"]["quarters"] if q["decisions"]} == by_quarter
    # A quarter with list decisions only (123/QĐ-UBND, 10/01/2026) is a row of its own.
    q1 = next(q for q in figures["decisions"]["quarters"] if q["quarter"] == "2026-Q1")
    assert (q1["decisions"], q1["list_decisions"], q1["list_entries"], q1["days_mean"]) == (0, 1, 1, None)
    q4 = next(q for q in figures["decisions"]["quarters"] if q["quarter"] == "2025-Q4")
    assert (
        (q4["new"], q4["amended"], q4["abolished"], q4["replaced"])
        == (entries["new"], entries["amended"], entries["abolished"], 0)
        == (10, 2, 8, 0)
    )
    assert q4["list_decisions"] == 1
    days = {d.number: (eff - (d.signed_date or eff)).days for d, eff in published}
    assert {d["number"]: d["days_to_effect"] for d in figures["decisions"]["decisions"]} == days
    assert figures["online_history"][-1]["date"] == "2026-02-01" and figures["online_history"][-1]["full"] == 3


def test_a_past_date_gives_the_figures_of_that_date(stats_catalogue, runner):
    before = stats_json(runner, "--at", "2025-11-25")
    assert before["total"] == 36
    assert before["online"]["full"] == 0 and before["non_territorial"]["count"] == 0
    assert before["processes"] == {
        "missing": 36,
        "over_time_limit": 0,
        "with_process": 0,
        "missing_key": "process:missing",
        "over_key": "process:over",
    }
    assert all(c["on_the_spot"] == 0 and c["met"] is False for c in before["on_the_spot"]["centres"])
    december = stats_json(runner, "--at", "2025-12-15")
    province = next(c for c in december["on_the_spot"]["centres"] if c["name"] == PROVINCE)
    assert province["on_the_spot"] == 7  # 2.000977 still listed then
    assert [q["quarter"] for q in before["decisions"]["quarters"]] == ["2025-Q4"]
    assert before["decisions"]["quarters"][0]["decisions"] == 2  # the two sample decisions only


def test_stats_page_report_and_lists(stats_catalogue, client):
    response = client.get("/thong-ke/?ngay=2026-02-01")
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page[-3000:]
    assert page.count('<svg class="chart') == 2 and 'class="target"' in page
    assert "Đạt" in page and "Chưa đạt" in page
    assert "chi_so=centre:" in page and "chi_so=process:over" in page
    listed = client.get("/thong-ke/danh-sach?chi_so=process:over&ngay=2026-02-01").get_data(as_text=True)
    assert "Quy trình vượt thời hạn giải quyết" in listed and "/thu-tuc/2.000840" in listed
    assert listed.count('href="/thu-tuc/') == 1
    assert client.get("/thong-ke/danh-sach?chi_so=khong-co").status_code == 404
    report = client.get("/thong-ke/bao-cao.xlsx?ngay=2026-02-01")
    book = load_workbook(io.BytesIO(report.data))
    assert {"Tổng hợp", "Giải quyết tại chỗ", "Trực tuyến theo thời gian", "Quyết định theo quý", "Danh sách"} <= set(
        book.sheetnames
    )
    centres = book["Giải quyết tại chỗ"]
    assert [row[6] for row in centres.iter_rows(min_row=2, values_only=True)] == ["Đạt", "Chưa đạt"]
    assert len(centres._charts) == 1 and len(book["Trực tuyến theo thời gian"]._charts) == 1


def test_cli_text_output_and_report_file(stats_catalogue, runner, tmp_path):
    result = runner.invoke(args=["stats", "--at", "2026-02-01", "--xlsx", str(tmp_path / "r.xlsx")])
    assert result.exit_code == 0, result.output
    assert "giải quyết tại chỗ 6/26 (23,1%), chỉ tiêu 20,0%: đạt." in result.output
    assert "giải quyết tại chỗ 3/7 (42,9%), chỉ tiêu 50,0%: chưa đạt." in result.output
    assert (tmp_path / "r.xlsx").stat().st_size > 0
    assert runner.invoke(args=["stats", "--at", "2026-13-01"]).exit_code == 1
