"""A misread heading is visible (issue 22): the heading self-check (tthc.annex.heading_check) fires on a
number, date or signer without its shape. Layouts of our own, built with python-docx."""

import datetime as dt

import pytest

from tests.support.word import GOOD_ROWS as GOOD
from tests.support.word import one_table_decision as _decision
from tthc.annex.heading_check import heading_problems
from tthc.annex.word import read_decision_docx


def _heading_doubts(data: bytes) -> list[str]:
    return [p.field for p in read_decision_docx(data).checks if p.code == "heading_doubt"]


def test_a_heading_read_right_has_no_doubt():
    assert _heading_doubts(_decision(GOOD)) == []


@pytest.mark.parametrize(
    ("page", "fields"),
    [
        ({"number": "2715/UBND-KSTT"}, ["number"]),  # an official letter's number, not a decision's
        ({"number": "Quảng Trị"}, ["number"]),
        ({"date_line": "Quảng Trị, ngày 05 tháng 12 năm 2099"}, ["date"]),
        ({"date_line": "Quảng Trị, ngày 05 tháng 12 năm 2009"}, ["date"]),  # before Nghị định 63/2010 it cites
        ({"date_line": "Quảng Trị, tháng 12 năm 2025"}, ["date"]),
        ({"signer": ""}, ["signer"]),
        ({"signing": ("KT. CHỦ TỊCH",), "signer": "PHÓ CHỦ TỊCH"}, ["signer"]),
    ],
    ids=["letter-number", "no-number-shape", "future", "before-cited-act", "no-date", "no-signer", "title-as-signer"],
)
def test_a_heading_without_its_shape_is_a_visible_doubt(page, fields):
    assert _heading_doubts(_decision(GOOD, **page)) == fields


def test_heading_problems_as_data():
    heading = {"number": "2715/QĐ-UBND", "date": "2025-11-19", "issuer": "UBND tỉnh Quảng Trị", "signer": "Lê Đức Tiến"}
    heading["legal_acts"] = ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"]
    assert heading_problems(heading, today=dt.date(2025, 12, 1)) == []
    assert [p.field for p in heading_problems(heading, today=dt.date(2025, 11, 1))] == ["date"]
    assert [p.field for p in heading_problems({**heading, "signer": "Trương Văn Kỳ"})] == []
    (alone,) = heading_problems({"number": "", "date": None, "issuer": "", "signer": ""})
    assert alone.field == "" and "trang đầu" in alone.message


@pytest.mark.parametrize(
    ("issuer", "number", "read"),
    [
        ("BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "5042/QĐ-BNNMT", "Bộ Nông nghiệp và Môi trường"),
        ("BỘ VĂN HÓA, THỂ THAO\nVÀ DU LỊCH", "310/QĐ-BVHTTDL", "Bộ Văn hóa, Thể thao và Du lịch"),
        ("BỘ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI", "88/QĐ-BLĐTBXH", "Bộ Lao động - Thương binh và Xã hội"),
    ],
    ids=["one-line", "wrapped", "former-ministry"],
)
def test_a_ministry_is_read_under_its_official_spelling(issuer, number, read):
    parsed = read_decision_docx(_decision(GOOD, issuer=issuer, number=number))
    assert parsed.heading["issuer"] == read
    assert [p.message for p in parsed.checks if p.field == "issuer"] == []


@pytest.mark.parametrize(
    ("issuer", "number", "says"),
    [
        ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ", "123/QĐ-BYT", "không khớp ký hiệu «BYT»"),
        ("BỘ Y TẾ", "123/QĐ-UBND", "không khớp ký hiệu «UBND»"),
        # a body under the province: its parent's line read with it, against the number's own initials
        ("UBND TỈNH QUẢNG TRỊ\nTRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", "12/QĐ-TTPVHCC", "không khớp ký hiệu «TTPVHCC»"),
        # a department's decision is no announcement (Nghị định 63/2010/NĐ-CP, Điều 15)
        ("SỞ TƯ PHÁP", "12/QĐ-STP", "không phải UBND cấp tỉnh hay một bộ"),
    ],
    ids=["committee-with-ministry-number", "ministry-with-committee-number", "sub-body-with-parent", "department"],
)
def test_an_issuer_unlike_its_number_or_no_announcing_body_is_a_doubt(issuer, number, says):
    parsed = read_decision_docx(_decision(GOOD, issuer=issuer, number=number))
    (doubt,) = [p.message for p in parsed.checks if p.field == "issuer"]
    assert says in doubt


@pytest.mark.parametrize(
    ("issuer", "doubted"),
    [
        ("UBND thành phố Hồ Chí Minh", False),
        ("UBND tỉnh Bà Rịa - Vũng Tàu", False),  # a former province: older decisions name it
        ("UBND thành phố Hồ Chí", True),  # "THÀNH PHỐ HỒ CHÍ" / "MINH": the name cut where its line ran out
        ("UBND tỉnh Sơn", True),
    ],
)
def test_an_issuer_naming_no_province_is_a_doubt(issuer, doubted):
    heading = {"number": "2848/QĐ-UBND", "date": "2025-11-21", "issuer": issuer, "signer": "Nguyễn Văn A"}
    assert ("issuer" in [p.field for p in heading_problems(heading, dt.date(2025, 12, 1))]) is doubted
