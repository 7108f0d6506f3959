"""The drafting form parser, without Flask: posted fields → dates and the structured record."""

from __future__ import annotations

import datetime as dt

import pytest
from werkzeug.datastructures import MultiDict

from tthc.decisions.entry_form import FormError, form_date, record_from_form
from tthc.problems import DomainError


def test_dates_blank_valid_and_refused():
    form = MultiDict({"effective_date": " 2027-03-01 ", "signed_date": "", "bad": "01/03/2027"})
    assert form_date(form, "effective_date") == dt.date(2027, 3, 1)
    assert form_date(form, "signed_date") is None and form_date(form, "missing") is None
    with pytest.raises(FormError, match="NĂM-THÁNG-NGÀY") as refused:
        form_date(form, "bad")
    assert isinstance(refused.value, DomainError)


def test_record_keeps_text_verbatim_and_drops_blank_rows():
    form = MultiDict(
        [
            ("name", "Cấp phép\r\nthử "),
            ("levels", "tinh"),
            ("levels", "khong-co"),
            ("steps", "Bước 1\r\n\r\nBước 2"),
            ("agencies-executing", "Sở Tư pháp"),
            ("postal", "1"),
            ("methods-count", "2"),
            ("methods-0-channel", "truc_tiep"),
            ("methods-0-time_limit_value", "5,5"),
            ("methods-0-time_limit_unit", "ngay_lam_viec"),
            ("methods-1-channel", ""),  # a blank extra row
            ("dossier-count", "1"),
            ("dossier-0-case", ""),
            ("dossier-0-count", "2"),
            ("dossier-0-0-name", "Tờ khai"),
            ("dossier-0-0-originals", "1"),
            ("dossier-0-1-name", "Bản sao"),
            ("dossier-0-1-remove", "1"),  # ticked for removal
        ]
    )
    record = record_from_form(form)
    assert record["name"] == "Cấp phép\nthử "  # CRLF undone, nothing else touched
    assert record["levels"] == ["tinh"] and record["steps"] == ["Bước 1", "Bước 2"]
    assert record["agencies"]["executing"] == ["Sở Tư pháp"] and record["postal"] is True
    assert [(m["channel"], m["time_limit_value"]) for m in record["methods"]] == [("truc_tiep", 5.5)]
    assert record["dossier"] == [
        {"case": "", "documents": [{"name": "Tờ khai", "originals": 1, "copies": None, "form": ""}]}
    ]


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("methods-0-time_limit_value", "năm", "phải là một số"),
        ("methods-0-time_limit_value", "-2", "không được âm"),
        ("dossier-0-0-originals", "1.5", "số nguyên không âm"),
    ],
)
def test_unreadable_numbers_name_their_field(field, value, words):
    form = MultiDict(
        {
            "methods-count": "1",
            "methods-0-channel": "truc_tiep",
            "dossier-count": "1",
            "dossier-0-count": "1",
            "dossier-0-0-name": "Tờ khai",
            field: value,
        }
    )
    with pytest.raises(FormError, match=words):
        record_from_form(form)
