"""Public history: decisions and what each changed, change log + Atom, between two dates, two versions."""

import datetime as dt
import xml.etree.ElementTree as ET

from sqlalchemy import select

from tests.support.review import make_draft, signed_decision
from tthc.catalogue.queries import history
from tthc.decisions.effect import apply_due
from tthc.models.decisions import Decision


def _decision_id(factory, number):
    with factory() as session:
        return session.scalar(select(Decision.id).where(Decision.number == number))


def test_public_decision_list_and_page(client, demo):
    page = client.get("/quyet-dinh/").get_data(as_text=True)
    assert "2715/QĐ-UBND" in page and "Đang có hiệu lực" in page
    did = _decision_id(demo, "2715/QĐ-UBND")
    page = client.get(f"/quyet-dinh/{did}").get_data(as_text=True)
    assert "mới ban hành 9" in page and "bãi bỏ 8" in page
    assert "Cấp giấy phép hoạt động phát điện" in page and "<ins" in page and "<del" in page
    assert "Góp ý" not in page  # no staff forms in public
    data = client.get(f"/quyet-dinh/{did}.json").get_json()
    assert data["summary"]["by_action"]["abolished"] == 8 and data["entries"][0]["changes"][0]["label"]


def test_the_baseline_has_a_public_page_like_the_api_lists_it(client, demo):
    with demo() as session:
        baseline = session.scalar(select(Decision).where(Decision.kind == "baseline"))
        title, count = baseline.title, len(baseline.entries)
    listed = {d["id"] for d in client.get("/api/v1/decisions?per_page=100").get_json()["items"]}
    assert baseline.id in listed
    assert title in client.get("/quyet-dinh/").get_data(as_text=True)
    page = client.get(f"/quyet-dinh/{baseline.id}")
    assert page.status_code == 200 and title in page.get_data(as_text=True)
    assert client.get(f"/quyet-dinh/{baseline.id}.json").get_json()["summary"]["by_action"]["new"] == count


def _signed_tomorrow(factory, make_user):
    make_user("soan", "drafter", agency="Sở Tư pháp")
    make_user("tham", "reviewer")
    make_user("ky", "signer")
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    did = signed_decision(
        factory,
        [{"action": "amended", "code": "2.000587", "applicants": "Người được trợ giúp pháp lý"}],
        number="7/QĐ-UBND",
        effective_date=tomorrow,
    )
    return did, tomorrow


def test_signed_not_in_force_is_public_and_changes_nothing(client, demo, make_user):
    did, tomorrow = _signed_tomorrow(demo, make_user)
    listing = client.get("/quyet-dinh/").get_data(as_text=True)
    assert "7/QĐ-UBND" in listing and "Đã công bố, chưa có hiệu lực" in listing
    page = client.get(f"/quyet-dinh/{did}").get_data(as_text=True)
    assert "chưa có hiệu lực" in page and "Đối tượng thực hiện" in page
    today_page = client.get("/thu-tuc/2.000587").get_data(as_text=True)
    assert "Người được trợ giúp pháp lý" not in today_page
    assert "Sắp thay đổi" in today_page and f"từ ngày {tomorrow:%d/%m/%Y}" in today_page
    apply_due(demo, tomorrow)
    procedure = client.get(f"/thu-tuc/2.000587?ngay={tomorrow.isoformat()}").get_data(as_text=True)
    assert "Người được trợ giúp pháp lý" in procedure and "7/QĐ-UBND" in procedure
    assert "Xem thay đổi so với phiên bản trước" in procedure and "Sắp thay đổi" not in procedure
    with demo() as session:
        versions = history(session, "2.000587")
    compare = client.get(f"/thu-tuc/2.000587/so-sanh?tu={versions[0].id}&den={versions[1].id}").get_data(as_text=True)
    assert "Đối tượng thực hiện" in compare and "Người được trợ giúp pháp lý" in compare
    default = client.get("/thu-tuc/2.000587/so-sanh")
    assert default.status_code == 200 and "Người được trợ giúp pháp lý" in default.get_data(as_text=True)
    assert client.get(f"/thu-tuc/2.000596/so-sanh?tu={versions[0].id}&den={versions[1].id}").status_code == 404
    between = client.get(f"/thay-doi/giua-hai-ngay?tu={dt.date.today().isoformat()}&den={tomorrow.isoformat()}")
    text = between.get_data(as_text=True)
    assert "1 thủ tục sửa đổi" in text and "Người được trợ giúp pháp lý" in text


def test_change_log_and_atom_feed(client, demo):
    page = client.get("/thay-doi/").get_data(as_text=True)
    assert "2682/QĐ-UBND" in page and "2715/QĐ-UBND" in page
    response = client.get("/thay-doi/atom.xml")
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)]
    assert any(t.startswith("2682/QĐ-UBND") for t in titles) and len(titles) == 3


def test_between_dates_on_the_sample(client, demo):
    text = client.get("/thay-doi/giua-hai-ngay?tu=2025-06-01&den=2025-12-01").get_data(as_text=True)
    assert "10 thủ tục mới, 8 thủ tục bãi bỏ" in text
    assert client.get("/thay-doi/giua-hai-ngay?tu=hom-qua&den=2025-12-01").status_code == 400


def test_drafts_are_not_public(client, demo):
    did = make_draft(demo, [{"action": "amended", "code": "2.000587", "fee": "x"}])
    assert client.get(f"/quyet-dinh/{did}").status_code == 404


def test_history_pages_answer_304_until_the_catalogue_or_a_decision_changes(client, demo, make_user):
    did = _decision_id(demo, "2715/QĐ-UBND")
    with demo() as session:
        code_versions = history(session, "2.000587")
    pages = [
        "/quyet-dinh/",
        f"/quyet-dinh/{did}",
        f"/quyet-dinh/{did}.json",
        "/thay-doi/",
        "/thay-doi/atom.xml",
        "/thay-doi/giua-hai-ngay?tu=2025-01-01&den=2026-01-01",
        "/thu-tuc/2.000587/so-sanh",
    ]
    tags = {}
    for url in pages:
        first = client.get(url)
        assert first.status_code == 200 and first.headers["ETag"], url
        assert first.headers["Cache-Control"] == "public, no-cache"
        again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and again.get_data() == b"", url
        tags[url] = first.headers["ETag"]
    # Another page's tag, or another query, is not this answer.
    assert client.get("/thay-doi/", headers={"If-None-Match": tags["/quyet-dinh/"]}).status_code == 200
    assert len(code_versions) >= 1
    # A decision signed for tomorrow changes no revision, but it is now on the public list.
    _signed_tomorrow(demo, make_user)
    listing = client.get("/quyet-dinh/", headers={"If-None-Match": tags["/quyet-dinh/"]})
    assert listing.status_code == 200 and "7/QĐ-UBND" in listing.get_data(as_text=True)
    assert listing.headers["ETag"] != tags["/quyet-dinh/"]
