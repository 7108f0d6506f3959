"""Staff pages: drafting announcement decisions (thin over tthc.decisions.drafting and checks)."""
from __future__ import annotations

import datetime as dt
import io
import math
from typing import Any

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy import select

from ..catalogue.models import Agency, Sector
from ..decisions import drafting as core
from ..decisions.checks import check_decision, check_one_entry, field_label
from ..decisions.importing import ImportProblem, import_decisions
from ..decisions.models import ACTION_LABELS, Decision
from ..exports.excel import WorkbookProblem, decision_workbook, read_decision_workbook, template_workbook
from ..records import AGENCY_ROLES, CHANNELS, LEVELS, ONLINE_LEVELS, TIME_UNITS
from ..security import safe_filename
from ..text import nfc
from . import db_session, id_param
from .auth import role_required
from .limits import XLSX_ANNEX_BYTES, body_limit, read_upload

bp = Blueprint("drafting", __name__, url_prefix="/soan-thao")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BLANK_METHOD_ROWS = 1
BLANK_DOCUMENT_ROWS = 2
# Rows a form may announce (methods-count, dossier-count, dossier-N-count). Real records have at most a
# handful of methods and a few dozen documents per case; past these the request is refused (400) rather
# than looping on a number the client chose.
MAX_METHODS = 50
MAX_CASES = 50
MAX_DOCUMENTS_PER_CASE = 200


bp.add_app_template_filter(field_label, "problem_field")


class FormError(ValueError):
    """A value typed in the form cannot be read (the message names the field)."""


def _decision(decision_id: int) -> Decision:
    try:
        return core.get_decision(db_session(), current_user, decision_id)
    except core.DraftNotFound:
        abort(404)


def _entry(decision: Decision, entry_id: int):
    try:
        return core.get_entry(db_session(), decision, entry_id)
    except core.DraftNotFound:
        abort(404)


def _date(name: str) -> dt.date | None:
    raw = request.form.get(name, "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise FormError(f"Ngày «{raw[:20]}» không đúng dạng NĂM-THÁNG-NGÀY.") from None


def _wants_json() -> bool:
    return request.headers.get("X-Autosave") == "1"


def _fail(error: Exception, target: str):
    """A refused change: JSON for autosave, otherwise a flash message back on the page."""
    db_session().rollback()
    if _wants_json():
        return jsonify({"saved": False, "message": str(error)}), 400
    flash(str(error))
    return redirect(target)


# --- list, create, import ---------------------------------------------------------------------------
@bp.route("/")
@role_required("drafter")
def index():
    session = db_session()
    agencies = list(session.scalars(select(Agency).order_by(Agency.sort_key))) if core.is_admin(current_user) else []
    return render_template("staff/drafting/index.html", decisions=core.decisions_for(session, current_user),
                           agencies=agencies)


@bp.route("/moi", methods=["POST"])
@role_required("drafter")
def create():
    session = db_session()
    try:
        decision = core.create_draft(
            session, current_user, title=request.form.get("title", ""), number=request.form.get("number", ""),
            issuer=request.form.get("issuer", ""), legal_acts=request.form.get("legal_acts", ""),
            effective_date=_date("effective_date"), agency_id=_agency_id())
    except (core.DraftingError, FormError) as error:
        return _fail(error, url_for(".index"))
    session.commit()
    return redirect(url_for(".decision", decision_id=decision.id))


def _agency_id() -> int | None:
    """The agency chosen on the form (administrators only), which must exist: 400 otherwise."""
    agency_id = id_param(request.form.get("agency_id"), "Cơ quan")
    if agency_id is not None and db_session().get(Agency, agency_id) is None:
        abort(400, description="Cơ quan đã chọn không tồn tại.")
    return agency_id


@bp.route("/mau-phu-luc.xlsx")
@role_required("drafter")
def template():
    return send_file(io.BytesIO(template_workbook()), mimetype=XLSX, as_attachment=True,
                     download_name="mau-phu-luc-quyet-dinh-cong-bo.xlsx")


@bp.route("/nhap-excel", methods=["POST"])
@role_required("drafter")
@body_limit(XLSX_ANNEX_BYTES)
def upload():
    """A filled annex becomes a new draft of the user's agency: all rows or nothing."""
    upload_file = request.files.get("file")
    if upload_file is None or not upload_file.filename:
        flash("Chưa chọn tệp Excel.")
        return redirect(url_for(".index"))
    session = db_session()
    try:
        rows = read_decision_workbook(io.BytesIO(read_upload(upload_file, XLSX_ANNEX_BYTES)))
        _check_entries_allowed(session, rows)
        decision = import_decisions(session, rows, signed=False, user=current_user)[0]
        decision.kind, decision.status = "cong_bo", "draft"
        decision.drafting_agency_id = decision.drafting_agency_id or current_user.agency_id
        decision.created_by_id = current_user.id
        session.commit()
    except WorkbookProblem as error:
        session.rollback()
        return render_template("staff/drafting/import_problems.html", problems=error.problems), 400
    except (ImportProblem, core.DraftingError) as error:
        return _fail(error, url_for(".index"))
    flash(f"Đã nạp {len(decision.entries)} mục từ tệp Excel vào dự thảo.")
    return redirect(url_for(".decision", decision_id=decision.id))


def _check_entries_allowed(session, rows) -> None:
    """A drafter imports only entries for procedures their agency handles."""
    if core.is_admin(current_user):
        return
    from ..catalogue.queries import version_in_force
    refused = []
    for _, flat in rows:
        for entry in flat.get("entries", []):
            code = entry.get("replaces") if entry.get("action") == "replaced" else entry.get("code")
            if entry.get("action") == "new" or not code:
                continue
            version = version_in_force(session, code)
            if version is not None and not core.handles(current_user, version.record):
                refused.append(code)
    if refused:
        raise core.DraftingError("Các thủ tục sau không thuộc cơ quan của bạn: " + ", ".join(refused) + ".")


# --- one decision -------------------------------------------------------------------------------------
@bp.route("/<int:decision_id>")
@role_required("drafter")
def decision(decision_id: int):
    session = db_session()
    item = _decision(decision_id)
    report = check_decision(session, item)
    names = {e.id: core.full_record(session, item, e)["name"] for e in item.entries}
    session.rollback()  # checks only read; nothing to keep
    return render_template("staff/drafting/decision.html", decision=item, report=report, names=names,
                           editable=item.status in core.EDITABLE_STATES, actions=ACTION_LABELS)


@bp.route("/<int:decision_id>", methods=["POST"])
@role_required("drafter")
def save_decision(decision_id: int):
    session = db_session()
    item = _decision(decision_id)
    target = url_for(".decision", decision_id=item.id)
    try:
        core.update_decision(session, item, current_user, title=request.form.get("title", ""),
                             number=request.form.get("number", ""), issuer=request.form.get("issuer", ""),
                             signer=request.form.get("signer", ""), legal_acts=request.form.get("legal_acts", ""),
                             signed_date=_date("signed_date"), effective_date=_date("effective_date"))
    except (core.DraftingError, FormError) as error:
        return _fail(error, target)
    session.commit()
    if _wants_json():
        return jsonify({"saved": True, "at": dt.datetime.now().strftime("%H:%M:%S")})
    flash("Đã lưu thông tin quyết định.")
    return redirect(target)


@bp.route("/<int:decision_id>/excel")
@role_required("drafter")
def download(decision_id: int):
    session = db_session()
    item = _decision(decision_id)
    records = {e.id: core.full_record(session, item, e) for e in item.entries}
    name = safe_filename(item.number or "", f"du-thao-{item.id}")
    return send_file(io.BytesIO(decision_workbook(item, records)), mimetype=XLSX, as_attachment=True,
                     download_name=f"phu-luc-{name}.xlsx")


@bp.route("/<int:decision_id>/nop", methods=["POST"])
@role_required("drafter")
def submit(decision_id: int):
    return _act(decision_id, lambda session, item: core.submit_draft(session, item, current_user),
                "Đã nộp quyết định để thẩm định.")


def _act(decision_id: int, change, message: str = "", anchor: str = "", entry_id: int | None = None):
    """One change to a decision (core call, then one commit), back to the decision (or entry) page."""
    session = db_session()
    item = _decision(decision_id)
    target = (url_for(".entry", decision_id=item.id, entry_id=entry_id) if entry_id
              else url_for(".decision", decision_id=item.id)) + anchor
    try:
        change(session, item)
    except core.DraftingError as error:
        return _fail(error, target)
    session.commit()
    if message:
        flash(message)
    return redirect(target)


@bp.route("/<int:decision_id>/chuyen-ma", methods=["POST"])
@role_required("drafter")
def convert_decision_field(decision_id: int):
    return _act(decision_id, lambda session, item: core.convert_field(session, item, None, current_user,
                                                                      request.form.get("field", "")),
                "Đã chuyển sang Unicode.", "#thong-tin")


# --- entries --------------------------------------------------------------------------------------------
@bp.route("/<int:decision_id>/muc", methods=["POST"])
@role_required("drafter")
def add_entry(decision_id: int):
    session = db_session()
    item = _decision(decision_id)
    action = request.form.get("action", "")
    try:
        entry = core.add_entry(session, item, current_user, action, code=request.form.get("code"),
                               replaces_code=request.form.get("replaces_code"), basis=request.form.get("basis", ""),
                               record={"name": request.form.get("name", "")} if action == "new" else None)
    except core.DraftingError as error:
        return _fail(error, url_for(".decision", decision_id=item.id))
    session.commit()
    if action == "abolished":
        flash(f"Đã thêm mục bãi bỏ thủ tục {entry.code}.")
        return redirect(url_for(".decision", decision_id=item.id))
    return redirect(url_for(".entry", decision_id=item.id, entry_id=entry.id))


@bp.route("/<int:decision_id>/muc/<int:entry_id>")
@role_required("drafter")
def entry(decision_id: int, entry_id: int):
    session = db_session()
    item = _decision(decision_id)
    row = _entry(item, entry_id)
    record = core.full_record(session, item, row)
    problems = check_one_entry(session, item, row)
    session.rollback()
    sectors = [s.name for s in session.scalars(select(Sector).order_by(Sector.sort_key))]
    return render_template("staff/drafting/entry.html", decision=item, entry=row, record=record,
                           problems=problems, editable=item.status in core.EDITABLE_STATES,
                           base=core.base_record(session, item, row), sectors=sectors, agencies=core.agency_names(session),
                           CHANNELS=CHANNELS, TIME_UNITS=TIME_UNITS, ONLINE_LEVELS=ONLINE_LEVELS,
                           LEVELS=LEVELS, AGENCY_ROLES=AGENCY_ROLES,
                           blank_methods=BLANK_METHOD_ROWS, blank_documents=BLANK_DOCUMENT_ROWS)


@bp.route("/<int:decision_id>/muc/<int:entry_id>", methods=["POST"])
@role_required("drafter")
def save_entry(decision_id: int, entry_id: int):
    session = db_session()
    item = _decision(decision_id)
    row = _entry(item, entry_id)
    target = url_for(".entry", decision_id=item.id, entry_id=row.id)
    try:
        record = None
        if row.action != "abolished":
            record = record_from_form(request.form)
            record["extra"] = core.full_record(session, item, row)["extra"]  # not on the form: kept as is
        core.save_entry(session, item, row, current_user, record=record, code=request.form.get("code"),
                        replaces_code=request.form.get("replaces_code"), basis=request.form.get("basis"),
                        note=request.form.get("note"))
    except (core.DraftingError, FormError) as error:
        return _fail(error, target)
    session.commit()
    if _wants_json():
        problems = check_one_entry(session, item, row)
        session.rollback()
        return jsonify({"saved": True, "at": dt.datetime.now().strftime("%H:%M:%S"),
                        "errors": sum(p.severity == "error" for p in problems),
                        "warnings": sum(p.severity == "warning" for p in problems)})
    flash("Đã lưu mục.")
    return redirect(target)


@bp.route("/<int:decision_id>/muc/<int:entry_id>/xoa", methods=["POST"])
@role_required("drafter")
def remove_entry(decision_id: int, entry_id: int):
    return _act(decision_id, lambda session, item: core.remove_entry(session, item, _entry(item, entry_id), current_user),
                "Đã xóa mục.", "#cac-muc")


@bp.route("/<int:decision_id>/muc/<int:entry_id>/di-chuyen", methods=["POST"])
@role_required("drafter")
def move_entry(decision_id: int, entry_id: int):
    offset = -1 if request.form.get("direction") == "up" else 1
    return _act(decision_id, lambda session, item: core.move_entry(session, item, _entry(item, entry_id),
                                                                   current_user, offset), anchor="#cac-muc")


@bp.route("/<int:decision_id>/muc/<int:entry_id>/chuyen-ma", methods=["POST"])
@role_required("drafter")
def convert_entry_field(decision_id: int, entry_id: int):
    def change(session, item):
        core.convert_field(session, item, _entry(item, entry_id), current_user, request.form.get("field", ""))
    return _act(decision_id, change, "Đã chuyển sang Unicode.", entry_id=entry_id)


# --- the record form ------------------------------------------------------------------------------
def _text(form, name: str) -> str:
    """Verbatim (only the browser's CRLF line ends undone): an untouched field must compare equal."""
    return nfc(form.get(name, "")).replace("\r\n", "\n").replace("\r", "\n")


def _lines(form, name: str) -> list[str]:
    return [line for line in _text(form, name).split("\n") if line.strip()]


MAX_FORM_INT = 2**31 - 1  # what a database integer column holds


def _int(form, name: str, label: str, maximum: int = MAX_FORM_INT) -> int | None:
    raw = form.get(name, "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 10:
        raise FormError(f"{label}: «{raw[:20]}» phải là số nguyên không âm.")
    if int(raw) > maximum:
        raise FormError(f"{label}: tối đa {maximum}.")
    return int(raw)


def _count(form, name: str, label: str, maximum: int) -> int:
    """A row count the form announces, bounded: beyond `maximum` the whole request is a 400."""
    try:
        return _int(form, name, label, maximum) or 0
    except FormError as error:
        abort(400, description=str(error))


def _number(form, name: str, label: str) -> int | float | None:
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


def record_from_form(form) -> dict[str, Any]:
    """The structured record from the entry form (blank extra rows are dropped)."""
    record: dict[str, Any] = {key: _text(form, key) for key in (
        "name", "level", "sector", "applicants", "requirements", "fee", "time_limit", "online_level",
        "legacy_online_level", "procedure_type", "place", "notes", "source")}
    record["levels"] = [v for v in form.getlist("levels") if v in LEVELS]
    for key in ("steps", "results", "legal_basis", "forms"):
        record[key] = _lines(form, key)
    record["agencies"] = {role: _lines(form, f"agencies-{role}") for role in AGENCY_ROLES}
    record["postal"] = bool(form.get("postal"))
    record["non_territorial"] = bool(form.get("non_territorial"))
    record["methods"] = []
    for i in range(_count(form, "methods-count", "Số cách thức", MAX_METHODS)):
        prefix = f"methods-{i}-"
        method = {"channel": form.get(prefix + "channel", ""), "time_limit": _text(form, prefix + "time_limit"),
                  "time_limit_value": _number(form, prefix + "time_limit_value", f"Cách thức {i + 1}, thời hạn (số)"),
                  "time_limit_unit": form.get(prefix + "time_limit_unit", ""),
                  "fee": _text(form, prefix + "fee"), "note": _text(form, prefix + "note")}
        if not form.get(prefix + "remove") and _given(method.values()):
            record["methods"].append(method)
    record["dossier"] = []
    for c in range(_count(form, "dossier-count", "Số trường hợp", MAX_CASES)):
        prefix = f"dossier-{c}-"
        case = {"case": _text(form, prefix + "case"), "documents": []}
        for d in range(_count(form, prefix + "count", "Số giấy tờ", MAX_DOCUMENTS_PER_CASE)):
            where = f"{prefix}{d}-"
            label = f"Trường hợp {c + 1}, giấy tờ {d + 1}"
            document = {"name": _text(form, where + "name"),
                        "originals": _int(form, where + "originals", label + ", bản chính"),
                        "copies": _int(form, where + "copies", label + ", bản sao"),
                        "form": _text(form, where + "form")}
            if not form.get(where + "remove") and _given(document.values()):
                case["documents"].append(document)
        if case["documents"] or case["case"].strip():
            record["dossier"].append(case)
    return record
