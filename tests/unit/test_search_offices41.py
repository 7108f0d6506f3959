"""Offices named in everyday words (branch off41): "bên thuế", "công an tỉnh", "ủy ban xã", "sở tư
pháp"... say where the citizen goes, not what is filed (stopwords.json «offices», «office_marks»;
see docs/search.md, pass off41). Their words ask for nothing a name must hold; what they tell (a
level, a sector) is context the ranking prefers a little.

The queries were written for these tests, not taken from the evaluation."""

from __future__ import annotations

import json

from tests.support.search_engines import assert_first
from tthc.search.analysis import tokens
from tthc.search.documents import SearchDocument
from tthc.search.memory import MemoryEngine
from tthc.search.query import SearchQuery
from tthc.search.stopwords import STOPWORDS_FILE, office_sectors, read_request

LEVELS = {"xa", "tinh", "trung_uong"}


def test_the_offices_are_reviewed_data_telling_a_level_or_a_sector():
    data = json.loads(STOPWORDS_FILE.read_text(encoding="utf-8"))
    marks = data["office_marks"]
    phrases = {p for group in data["phrases"].values() for p in group}
    seen: set[str] = set()
    for entry in data["offices"]:
        assert set(entry) <= {"level", "sector", "phrases"}, entry
        assert entry.get("level", "xa") in LEVELS, entry
        assert entry.get("sector", "thuế") in marks, entry
        for phrase in entry["phrases"]:
            assert phrase == " ".join(tokens(phrase)), phrase  # lower case words, NFC
            assert len(tokens(phrase)) >= 2, phrase  # a bare "xã", "phường" is a word of many names
            assert phrase not in seen and phrase not in phrases, phrase
            seen.add(phrase)


def test_an_office_is_read_as_context_not_taken_out():
    reading = read_request("nộp tờ khai bên thuế bị sai muốn sửa lại")
    assert reading.words == tokens("nộp tờ khai bên thuế bị sai muốn sửa lại")
    assert reading.office.sectors == {"thuế"} and not reading.office.levels
    assert {reading.words[i] for i in reading.office.words} == {"bên", "thuế"}
    police = read_request("len cong an tinh lam ho chieu").office  # untoned too
    assert police.levels == {"tinh"} and police.sectors == {"công an"}
    # an office telling only a level goes like a place: "xã" is a word of every "hợp tác xã"
    commune = read_request("ra ủy ban xã chứng thực giấy ủy quyền")
    assert commune.office.levels == {"xa"} and not commune.office.words and "xã" not in commune.words
    assert read_request("lên tỉnh nộp hồ sơ khiếu nại").office.levels == {"tinh"}


def test_an_office_alone_is_what_is_asked_and_the_planning_office_still_goes():
    assert not read_request("sở tư pháp").office  # nothing else: its words are the query
    assert not read_request("sở tư pháp ở đâu").office
    reading = read_request("công ty đổi tên phải báo bên kế hoạch đầu tư")  # col40: where to file only
    assert reading.words == tokens("công ty đổi tên phải báo") and not reading.office


def test_a_procedure_is_of_a_sector_by_its_sector_agency_or_name():
    assert office_sectors("Quản lý xuất nhập cảnh ; Phòng quản lý xuất nhập cảnh ; Cấp hộ chiếu") == {"công an"}
    assert "công an" in office_sectors(" ;  ; Xét trợ cấp … tại Công an cấp tỉnh")
    assert not office_sectors("Nhà ở ; Sở Xây dựng ; Cho thuê nhà ở").intersection({"thuế"})  # thuê is no thuế


def test_the_province_police_named_as_the_office_does_not_pull_its_own_staff_procedures(whole):
    # "công an tỉnh" pulled complaints about the police and its officers' allowances ("… tại Công
    # an cấp tỉnh"): read as the office, the passport it issues comes first
    assert_first(whole, {"lên công an tỉnh làm hộ chiếu": "1.001456"})


def test_the_tax_office_named_as_the_office_leaves_the_tax_code_asked(whole):
    # "bên thuế" counted as words the name lacked: the first registration was flagged "nothing fits"
    assert_first(whole, {"bên thuế cấp mã số thuế cá nhân": "1.008498"})


def _at(level: str, code: str) -> SearchDocument:
    return SearchDocument(
        code=code,
        name="Giải quyết khiếu nại lần đầu",
        level=level,
        sector="Giải quyết khiếu nại",
        agency="",
        status="in_force",
        valid_from="2025-01-01",
    )


def test_the_level_an_office_tells_comes_first_among_equal_names():
    engine = MemoryEngine([_at("xa", "1.000001"), _at("tinh", "1.000002")], "test")
    for text, code in (
        ("khiếu nại lần đầu lên ủy ban tỉnh", "1.000002"),
        ("khiếu nại lần đầu ở ủy ban xã", "1.000001"),
    ):
        assert engine.search(SearchQuery(text).normalized()).hits[0]["code"] == code, text
