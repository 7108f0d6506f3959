"""Public search pages, the JSON API and its OpenAPI document, downloads, ETag / 304."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tthc.web import caching


@pytest.fixture
def today_is(monkeypatch):
    """Pin the day the pages read the catalogue for: the ETag names it, so a run across midnight changes it."""

    def pin(day: dt.date) -> None:
        monkeypatch.setattr(caching, "catalogue_day", lambda: day)

    return pin


def test_search_page_without_javascript(client, demo):
    page = client.get("/tim-kiem?q=dang+ky+viec+nuoi+con+nuoi+trong+nuoc").get_data(as_text=True)
    assert "Tìm thấy" in page
    first = page.index('class="hit"')
    assert "/thu-tuc/2.001263" in page[first : first + 400]
    assert "<mark>Đăng</mark>" in page
    assert 'id="loc-tieu-de"' in page  # facets


def test_search_page_escapes_the_query_and_offers_did_you_mean(client, demo):
    page = client.get("/tim-kiem?q=<script>alert(1)</script>+khiếu+nạiii").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "Có phải bạn muốn tìm" in page


def test_browse_by_filter_paging_and_past_date(client, demo):
    page = client.get("/tim-kiem?linh_vuc=Trợ+giúp+pháp+lý").get_data(as_text=True)
    assert "12 thủ tục" in page and "bỏ lọc" in page
    first = client.get("/tim-kiem?q=nuoi").get_data(as_text=True)
    assert 'rel="next"' not in first or "Trang 1/" in first
    past = client.get("/tim-kiem?q=cai+nghien+ma+tuy&ngay=2025-06-01").get_data(as_text=True)
    assert "/thu-tuc/3.000527" not in past
    assert client.get("/tim-kiem?q=x&ngay=hôm-qua").status_code == 400


def test_home_keeps_the_catalogue_and_adds_browse_and_downloads(client, demo):
    page = client.get("/").get_data(as_text=True)
    assert "36 thủ tục" in page and 'role="search"' in page
    assert "/tim-kiem?cap=xa" in page and "/api/v1/catalogue.csv" in page
    sectors = page[page.index("Theo lĩnh vực") :]
    assert sectors.index("Điện lực") < sectors.index("Nuôi con nuôi") < sectors.index("Trợ giúp pháp lý")  # đ after d


def test_api_procedures_shape(client, demo):
    body = client.get("/api/v1/procedures?q=tro+giup+phap+ly&level=tinh&per_page=5").get_json()
    # counts only names above the confidence floor (issue 23), as the page and facets do
    assert body["total"] == 10 and body["page"] == 1 and len(body["hits"]) == 5
    hit = body["hits"][0]
    assert {"code", "name", "level", "sector", "status", "name_parts", "url", "page"} <= hit.keys()
    assert "name_html" not in hit
    assert {f["value"] for f in body["facets"]["level"]} == {"tinh"}
    quick = client.get("/api/v1/procedures?q=tro+giup&facets=0").get_json()
    assert quick["facets"] == {}
    bad = client.get("/api/v1/procedures?per_page=1000")
    assert bad.status_code == 400 and "per_page" in bad.get_json()["message"]


def test_api_procedure_with_versions(client, demo):
    body = client.get("/api/v1/procedures/2.001561").get_json()
    assert body["state"] == "abolished" and body["record"]["code"] == "2.001561"
    assert [v["state"] for v in body["versions"]] == ["in_force", "abolished"]
    assert body["versions"][1]["decision"]["number"] == "2715/QĐ-UBND"
    past = client.get("/api/v1/procedures/2.001561?ngay=2025-06-01").get_json()
    assert past["state"] == "in_force"
    missing = client.get("/api/v1/procedures/9.999999")
    assert missing.status_code == 404 and missing.get_json()["status"] == 404


def test_api_decisions_are_only_the_public_ones(client, demo):
    body = client.get("/api/v1/decisions").get_json()
    assert body["total"] == 3
    assert {d["status"] for d in body["items"]} == {"in_force"}
    numbers = [d["number"] for d in body["items"]]
    assert "2715/QĐ-UBND" in numbers
    entries = next(d for d in body["items"] if d["number"] == "2682/QĐ-UBND")["entries"]
    assert entries == [
        {"action": "new", "code": "3.000527", "replaces_code": None, "name": "Đăng ký cai nghiện ma túy tự nguyện"}
    ]


def test_openapi_document(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    assert {
        "/api/v1/procedures",
        "/api/v1/procedures/{code}",
        "/api/v1/decisions",
        "/api/v1/catalogue.{format}",
    } <= doc["paths"].keys()


def test_downloads_csv_and_jsonl_on_a_date(client, demo):
    csv = client.get("/api/v1/catalogue.csv?ngay=2025-06-01")
    assert csv.status_code == 200 and csv.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in csv.headers["Content-Disposition"]
    assert csv.get_data(as_text=True).count("\n") > 34
    lines = client.get("/api/v1/catalogue.jsonl").get_data(as_text=True).splitlines()
    assert len(lines) == 36 and json.loads(lines[0])["code"]
    assert client.get("/api/v1/catalogue.pdf").status_code == 404


def test_download_xlsx(client, demo):
    response = client.get("/api/v1/catalogue.xlsx")
    assert response.status_code == 200 and response.data[:2] == b"PK"


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/tim-kiem?q=nuoi",
        "/thu-tuc/2.001263",
        "/api/v1/procedures?q=nuoi",
        "/api/v1/procedures/2.001263",
        "/api/v1/decisions",
    ],
)
def test_etag_and_last_modified_answer_304(client, demo, url, today_is):
    today_is(dt.date(2026, 12, 7))
    first = client.get(url)
    assert first.status_code == 200 and first.headers["ETag"] and first.headers["Last-Modified"]
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    since = client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304
    other_date = client.get(
        url + ("&" if "?" in url else "?") + "ngay=2025-06-01", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert other_date.status_code == 200 and other_date.headers["ETag"] != first.headers["ETag"]
    today_is(dt.date(2026, 12, 8))
    next_day = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert next_day.status_code == 200, "after midnight another catalogue may be in force"


def test_etag_changes_with_the_catalogue(client, session_factory, sample_dir):
    import datetime as dt

    from tthc.catalogue.io import import_baseline
    from tthc.db import transaction
    from tthc.decisions.effect import apply_due
    from tthc.decisions.importing import import_decisions
    from tthc.records.flat import read_jsonl

    with transaction(session_factory) as session:
        import_baseline(session, sample_dir / "procedures.jsonl", dt.date(2025, 1, 1), actor="test")
    before = client.get("/tim-kiem?q=cai+nghien+ma+tuy")
    with transaction(session_factory) as session:
        import_decisions(session, read_jsonl(sample_dir / "decisions.jsonl"), signed=True, actor="test")
    apply_due(session_factory)
    after = client.get("/tim-kiem?q=cai+nghien+ma+tuy", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and "/thu-tuc/3.000527" in after.get_data(as_text=True)
