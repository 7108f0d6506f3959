"""The drafting form as data: what a browser posts for a decision or an entry → dates and the structured
record. Pure functions over any form mapping with `get(name, default)` and `getlist(name)` (a werkzeug
MultiDict, or a plain stand-in in tests); no Flask."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, Protocol, overload

from ..problems import DomainError
from ..records import AGENCY_ROLE_LABELS, LEVELS
from ..text import nfc


class FormData(Protocol):
    @overload
    def get(self, key: str) -> str | None: ...

    @overload
    def get(self, key: str, default: str) -> str: ...

    def getlist(self, key: str) -> list[str]: ...


class FormError(DomainError, ValueError):
    """A value typed in the form cannot be read (the message names the field)."""


class FormTooLarge(FormError):
    """The form announces more rows than a real record has: the whole request is refused (400), rather
    than looping on a number the client chose."""


# Rows a form may announce (methods-count, dossier-count, dossier-N-count, process counts). Real records
# have a handful of methods and a few dozen documents per case.
MAX_METHODS = 50
MAX_CASES = 50
MAX_DOCUMENTS_PER_CASE = 200
MAX_STEPS = 200
MAX_FORM_INT = 2**31 - 1  # what a database integer column holds


def form_date(form: FormData, name: str) -> dt.date | None:
    """A YYYY-MM-DD field → a date; blank → None; anything else → FormError."""
    raw = form.get(name, "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise FormError(f"Ngày «{raw[:20]}» không đúng dạng NĂM-THÁNG-NGÀY.") from None


def _text(form: FormData, name: str) -> str:
    """Verbatim (only the browser's CRLF line ends undone): an untouched field must compare equal."""
    return nfc(form.get(name, "")).replace("\r\n", "\n").replace("\r", "\n")


def _lines(form: FormData, name: str) -> list[str]:
    return [line for line in _text(form, name).split("\n") if line.strip()]


def _int(form: FormData, name: str, label: str, maximum: int = MAX_FORM_INT) -> int | None:
    raw = form.get(name, "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 10:
        raise FormError(f"{label}: «{raw[:20]}» phải là số nguyên không âm.")
    if int(raw) > maximum:
        raise FormError(f"{label}: tối đa {maximum}.")
    return int(raw)


def _count(form: FormData, name: str, label: str, maximum: int) -> int:
    """A row count the form announces, bounded: beyond `maximum`, FormTooLarge."""
    try:
        return _int(form, name, label, maximum) or 0
    except FormError as error:
        raise FormTooLarge(str(error)) from None


def _number(form: FormData, name: str, label: str) -> int | float | None:
    raw = form.get(name, "").strip().replace(",", ".")
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise FormError(f"{label}: «{raw[:20]}» phải là một số.") from None
    if not math.isfinite(value) or value > 1_000_000:  # "inf", "nan", 1e400: no real time limit
        raise FormError(f"{label}: «{raw[:20]}» không phải một số hợp lệ.")
    if value < 0:
        raise FormError(f"{label}: không được âm.")
    return int(value) if value.is_integer() else value


def _given(values) -> bool:
    return any(v not in ("", None) and (not isinstance(v, str) or v.strip()) for v in values)


def record_from_form(form: FormData) -> dict[str, Any]:
    """The structured record from the entry form (blank extra rows are dropped)."""
    record: dict[str, Any] = {
        key: _text(form, key)
        for key in (
            "name",
            "level",
            "sector",
            "applicants",
            "requirements",
            "fee",
            "time_limit",
            "online_level",
            "legacy_online_level",
            "procedure_type",
            "place",
            "notes",
            "source",
        )
    }
    record["levels"] = [v for v in form.getlist("levels") if v in LEVELS]
    for key in ("steps", "results", "legal_basis", "forms"):
        record[key] = _lines(form, key)
    record["agencies"] = {role: _lines(form, f"agencies-{role}") for role in AGENCY_ROLE_LABELS}
    record["postal"] = bool(form.get("postal"))
    record["non_territorial"] = bool(form.get("non_territorial"))
    record["methods"] = []
    for i in range(_count(form, "methods-count", "Số cách thức", MAX_METHODS)):
        prefix = f"methods-{i}-"
        method = {
            "channel": form.get(prefix + "channel", ""),
            "time_limit": _text(form, prefix + "time_limit"),
            "time_limit_value": _number(form, prefix + "time_limit_value", f"Cách thức {i + 1}, thời hạn (số)"),
            "time_limit_unit": form.get(prefix + "time_limit_unit", ""),
            "fee": _text(form, prefix + "fee"),
            "note": _text(form, prefix + "note"),
        }
        if not form.get(prefix + "remove") and _given(method.values()):
            record["methods"].append(method)
    record["dossier"] = []
    for c in range(_count(form, "dossier-count", "Số trường hợp", MAX_CASES)):
        prefix = f"dossier-{c}-"
        case: dict[str, Any] = {"case": _text(form, prefix + "case"), "documents": []}
        for d in range(_count(form, prefix + "count", "Số giấy tờ", MAX_DOCUMENTS_PER_CASE)):
            where = f"{prefix}{d}-"
            label = f"Trường hợp {c + 1}, giấy tờ {d + 1}"
            document = {
                "name": _text(form, where + "name"),
                "originals": _int(form, where + "originals", label + ", bản chính"),
                "copies": _int(form, where + "copies", label + ", bản sao"),
                "form": _text(form, where + "form"),
            }
            if not form.get(where + "remove") and _given(document.values()):
                case["documents"].append(document)
        if case["documents"] or case["case"].strip():
            record["dossier"].append(case)
    record["process"] = process_from_form(form)
    return record


def process_from_form(form: FormData) -> dict[str, Any] | None:
    """The internal process from the entry form; None when neither a code nor a step is given."""
    process: dict[str, Any] = {"code": _text(form, "process-code").strip(), "cases": []}
    for c in range(_count(form, "process-count", "Số trường hợp của quy trình", MAX_CASES)):
        prefix = f"process-{c}-"
        case: dict[str, Any] = {
            "case": _text(form, prefix + "case").strip(),
            "channel": form.get(prefix + "channel", ""),
            "total": _text(form, prefix + "total").strip(),
            "steps": [],
        }
        for k in range(_count(form, prefix + "count", "Số bước", MAX_STEPS)):
            where = f"{prefix}{k}-"
            step: dict[str, Any] = {
                key: _text(form, where + key).strip() for key in ("order", "work", "unit", "time", "product")
            }
            if not form.get(where + "remove") and _given(step.values()):
                step["linked"] = bool(form.get(where + "linked"))
                case["steps"].append(step)
        if case["steps"] or case["case"]:
            process["cases"].append(case)
    return process if process["code"] or process["cases"] else None
