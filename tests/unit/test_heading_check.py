"""A misread heading is visible (issue 22): the heading self-check (tthc.annex.heading_check) fires on a
number, date or signer without its shape. Layouts of our own, built with python-docx."""

import datetime as dt

import pytest

from tests.unit.test_name_check import GOOD, _decision
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
