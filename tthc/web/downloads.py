"""Every file the site sends goes through `send_download`: one Content-Disposition for all of them.

A decision number is "2715/QĐ-UBND" and a form is "Tờ khai đăng ký.docx": a header is Latin-1 on the
wire, so a raw Vietnamese name in it is a 500 under gunicorn and a dropped connection on the
development server. The header therefore carries an ASCII name for old clients (`filename=`, marks
dropped, đ→d) and the real name as RFC 6266 / RFC 5987 `filename*=UTF-8''…`, always both."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path
from urllib.parse import quote

from flask import Response, send_file

from ..security import safe_filename

# RFC 5987 attr-char: what may stand unescaped in filename*.
_ATTR_CHARS = "!#$&+-.^_`|~"


def ascii_name(name: str) -> str:
    """The name without marks (đ→d, Đ→D), anything else outside [A-Za-z0-9._-] as "-"."""
    decomposed = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    kept = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "._-") else "-" for ch in plain)
    return "-".join(part for part in kept.split("-") if part) or "tep"


def content_disposition(name: str, inline: bool = False) -> str:
    """`attachment; filename="…"; filename*=UTF-8''…` for `name` (made safe first: no quote, slash or CR/LF)."""
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    safe = safe_filename(stem) + (f".{safe_filename(extension)}" if extension else "")
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name(safe)}\"; filename*=UTF-8''{quote(safe, safe=_ATTR_CHARS)}"


def send_download(content: bytes | Path, name: str, mimetype: str, *, inline: bool = False, **options) -> Response:
    """`content` (bytes, or a file on disk) sent as `name`; `options` go to Flask's send_file (etag, max_age)."""
    source = io.BytesIO(content) if isinstance(content, bytes) else content
    response = send_file(source, mimetype=mimetype, **options)
    response.headers["Content-Disposition"] = content_disposition(name, inline)
    return response
