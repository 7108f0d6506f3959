"""The public life-event pages (/su-kien/), linked from the home page, the search page and each
procedure page, on a small real catalogue (procedures of catalogue_large by national code)."""

from __future__ import annotations

from tests.support.phone import PHONE


def test_home_links_the_events_and_the_list_shows_only_events_handled_here(client, births):
    home = client.get("/", headers=PHONE).get_data(as_text=True)
    assert 'href="/su-kien/"' in home
    page = client.get("/su-kien/", headers=PHONE).get_data(as_text=True)
    assert "Sinh con" in page and "Người thân qua đời" in page
    assert "Mất hộ chiếu" not in page  # none of its procedures is handled here


def test_an_event_page_lists_its_steps_in_order_with_links(client, births):
    page = client.get("/su-kien/khai-sinh", headers=PHONE).get_data(as_text=True)
    first = page.index('href="/thu-tuc/1.001193"')
    assert first < page.index('href="/thu-tuc/2.000528"') < page.index('href="/thu-tuc/1.004222"')
    assert "nếu cha hoặc mẹ là người nước ngoài" in page
    assert "chỉ cán bộ thấy" not in page  # hidden steps are for staff only
    assert "Liên thông" not in page  # not in force here: hidden from the public


def test_an_event_with_nothing_here_is_not_shown(client, births):
    assert client.get("/su-kien/mat-ho-chieu").status_code == 404
    assert client.get("/su-kien/khong-co").status_code == 404


def test_the_procedure_page_names_its_events(client, births):
    page = client.get("/thu-tuc/1.001193", headers=PHONE).get_data(as_text=True)
    assert "Thuộc sự kiện" in page and 'href="/su-kien/khai-sinh"' in page


def test_a_situation_on_the_search_page_shows_the_event_first(client, births):
    page = client.get("/tim-kiem?q=v%E1%BB%A3+t%C3%B4i+v%E1%BB%ABa+sinh+em+b%C3%A9", headers=PHONE)
    text = page.get_data(as_text=True)
    assert 'href="/su-kien/khai-sinh"' in text
    assert text.index('href="/su-kien/khai-sinh"') < text.index("/thu-tuc/1.001193")
