"""How much a request may send, per route; refused with 413 before any byte of the body is read.

The global limit (`MAX_CONTENT_LENGTH`) covers every route that declares nothing: forms only, so small.
Upload routes declare theirs with `@body_limit(bytes)`. Werkzeug refuses a larger `Content-Length` at
once and stops a chunked body that runs past the limit; the hook below answers 413 before CSRF (which
parses the form) gets to read anything.
"""

from __future__ import annotations

from flask import Flask, abort, current_app, request

MB = 1024 * 1024
FORM_BYTES = 1 * MB  # every form without files (an entry form with all its rows is < 100 KB)
XLSX_ANNEX_BYTES = 5 * MB  # a decision of 300 entries is about 100 KB; a heavily formatted one < 5 MB
SIGNED_PDF_BYTES = 10 * MB  # a scanned, signed decision
WORD_DECISION_BYTES = 10 * MB  # a decision written in Word, pictures (logo, scanned signature) included
FORM_FILE_BYTES = 10 * MB  # a form (mẫu đơn, tờ khai) attached to an entry: .docx, .pdf or .xlsx
MAX_FORM_FIELDS = 2000  # fields (and files) in one multipart body


def body_limit(max_bytes: int):
    """Decorator: this view accepts bodies up to `max_bytes` (instead of the global form limit)."""

    def decorator(view):
        view.tthc_max_bytes = max_bytes
        return view

    return decorator


def init_limits(app: Flask) -> None:
    """Call before CSRFProtect: its hook parses the form, so the limit must already be in place."""
    # Flask defines MAX_CONTENT_LENGTH (as None): set it, a setdefault would leave it unlimited.
    if app.config.get("MAX_CONTENT_LENGTH") is None:
        app.config["MAX_CONTENT_LENGTH"] = FORM_BYTES
    app.config["MAX_FORM_PARTS"] = MAX_FORM_FIELDS
    app.before_request(_apply_body_limit)
    app.before_request(refuse_nul_bytes)  # after the limit: it reads the form


def _apply_body_limit():
    view = current_app.view_functions.get(request.endpoint or "")
    limit = getattr(view, "tthc_max_bytes", None) or current_app.config["MAX_CONTENT_LENGTH"]
    request.max_content_length = limit
    if request.content_length is not None and request.content_length > limit:
        abort(413)


def read_upload(upload, max_bytes: int) -> bytes:
    """The bytes of an uploaded file, read with a bound (the body limit already holds; this keeps a
    view from reading more even if a limit is raised elsewhere)."""
    from ..security import UploadRejected

    data = upload.stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UploadRejected(f"Tệp quá lớn; tối đa {max_bytes // MB} MB.")
    return data


NUL_REFUSED = "Yêu cầu chứa ký tự NUL (mã 0), không có trong địa chỉ hay biểu mẫu hợp lệ nào."


def refuse_nul_bytes():
    """400 for a NUL byte anywhere in the path, the query string or the form (names, values, file
    names). No view needs one, and PostgreSQL refuses it in text: it was a 500 on a procedure code or a
    login name. File contents are not looked at (a PDF or a workbook holds NUL bytes by nature)."""
    texts = [request.path, *request.args.keys(), *request.args.values()]
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        texts += [*request.form.keys(), *request.form.values(), *request.files.keys()]
        texts += [upload.filename or "" for upload in request.files.values()]
    if any("\x00" in text for text in texts):
        abort(400, description=NUL_REFUSED)
