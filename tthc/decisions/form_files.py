"""Forms (mẫu đơn, tờ khai) as files: drafters attach them to an entry of a decision; once the decision
is applied they belong to the procedure version the entry made, and citizens download them.

Files are checked like every upload (tthc.security gates), stored append-only (a removal is a new row),
and versioned with the procedure: a version shows the files of its own entry, or — when its entry
attached none — those of the latest earlier version that had some (like any part an amendment leaves
blank, they carry over).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from ..audit import record_event
from ..models.catalogue import ProcedureVersion
from ..models.decisions import Decision, DecisionEntry, EntryAction, FormFile
from ..security import (
    UploadRejected,
    check_docx_upload,
    check_office_form,
    check_pdf_upload,
    check_xlsx_upload,
    safe_filename,
    strip_pdf_links,
)
from ..text import nfc
from .drafting import ensure_editable

MAX_FORM_BYTES = 10 * 1024 * 1024  # a scanned form as PDF; Word and Excel forms are far smaller
FORM_TYPES: dict[str, tuple[str, Callable[..., Any]]] = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", check_docx_upload),
    "pdf": ("application/pdf", check_pdf_upload),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", check_xlsx_upload),
}


def clean_form_file(extension: str, content: bytes) -> tuple[bytes, list[str]]:
    """The file as it will be served, and what was changed in it (Vietnamese, for the drafter).

    Citizens open these files, so nothing in them may reach out: the format's gate first, then a PDF's
    link actions are taken out (official forms often link to the portal: the text stays, the click goes)
    and a network path, Launch, GoToR, JavaScript or an embedded file is refused; a Word or Excel file
    with macros, a remote template or parts fetched from outside is refused (UploadRejected)."""
    _, gate = FORM_TYPES[extension]
    gate(content, max_bytes=MAX_FORM_BYTES)
    if extension != "pdf":
        return check_office_form(content, extension), []
    cleaned, links = strip_pdf_links(content)
    if not links:
        return content, []
    hosts = list(dict.fromkeys(urlsplit(link).netloc or link[:40] for link in links))
    return cleaned, [
        f"Đã gỡ {len(links)} liên kết ra ngoài khỏi tệp PDF ({', '.join(hosts[:3])}): bấm vào mẫu sẽ không "
        "mở địa chỉ nào. Địa chỉ cần cho công dân hãy ghi thành chữ trong mẫu."
    ]


def _extension(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def attach_form(
    session: Session, decision: Decision, entry: DecisionEntry, user, filename: str, content: bytes, title: str = ""
) -> tuple[FormFile, list[str]]:
    """Check and store one form file on a draft entry: (the file, what was changed in it, see
    clean_form_file); refused (UploadRejected) unless it is a real .docx, .pdf or .xlsx that passes."""
    ensure_editable(decision, user)
    if entry.decision_id != decision.id or entry.action == EntryAction.ABOLISHED:
        raise UploadRejected("Chỉ đính kèm mẫu đơn, tờ khai cho mục công bố mới, sửa đổi hoặc thay thế.")
    filename = nfc(filename or "").strip()
    extension = _extension(filename)
    if extension not in FORM_TYPES:
        raise UploadRejected("Mẫu đơn, tờ khai phải là tệp .docx, .pdf hoặc .xlsx.")
    content_type, _ = FORM_TYPES[extension]
    if not content:
        raise UploadRejected("Tệp rỗng.")
    content, notices = clean_form_file(extension, content)
    title = nfc(title or "").strip() or filename.rsplit(".", 1)[0]
    stem = safe_filename(filename.rsplit(".", 1)[0], fallback="mau-don")
    form = FormFile(
        decision_id=decision.id,
        entry_id=entry.id,
        title=title[:300],
        filename=f"{stem}.{extension}",
        extension=extension,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        uploaded_by_id=getattr(user, "id", None),
    )
    session.add(form)
    session.flush()
    record_event(
        session,
        "entry.form_attached",
        "decision",
        decision.id,
        user=user,
        detail={
            "entry": entry.id,
            "form_file": form.id,
            "filename": form.filename,
            "sha256": form.sha256,
            "changed": notices,
        },
    )
    return form, notices


def remove_form(session: Session, decision: Decision, entry: DecisionEntry, user, form_id: int) -> None:
    """Take a file off a draft entry: a new row that removes it (the file itself stays in history)."""
    ensure_editable(decision, user)
    if form_id not in {f.id for f in entry_forms(session, entry.id)}:
        raise UploadRejected("Không có tệp mẫu này trong mục.")
    session.add(
        FormFile(
            decision_id=decision.id,
            entry_id=entry.id,
            title="",
            filename="",
            extension="",
            content_type="",
            size=0,
            sha256="",
            content=None,
            removes_id=form_id,
            uploaded_by_id=getattr(user, "id", None),
        )
    )
    session.flush()
    record_event(
        session,
        "entry.form_removed",
        "decision",
        decision.id,
        user=user,
        detail={"entry": entry.id, "form_file": form_id},
    )


def entry_forms(session: Session, entry_id: int) -> list[FormFile]:
    """The files an entry carries now (attached and not removed), in the order attached. The file bodies
    stay in the database until a download asks for one."""
    rows = session.scalars(
        select(FormFile).where(FormFile.entry_id == entry_id).options(defer(FormFile.content)).order_by(FormFile.id)
    ).all()
    removed = {r.removes_id for r in rows if r.removes_id is not None}
    return [r for r in rows if r.removes_id is None and r.id not in removed]


def entries_with_forms(session: Session) -> frozenset[int]:
    """The entries that ever had a form file attached: a page reads files only for those (one small
    query per catalogue state, instead of one per page that has none)."""
    return frozenset(session.scalars(select(FormFile.entry_id).distinct()))


def version_forms(
    session: Session,
    versions: list[ProcedureVersion],
    shown: ProcedureVersion | None,
    with_forms: Collection[int] | None = None,
) -> list[FormFile]:
    """The files of the version shown: its entry's, else those of the latest earlier version with some.
    `versions` is the procedure's history (any order); `with_forms`, when given, the entries worth asking
    about (entries_with_forms)."""
    if shown is None:
        return []
    earlier = sorted(
        (v for v in versions if (v.valid_from, v.id) <= (shown.valid_from, shown.id)),
        key=lambda v: (v.valid_from, v.id),
        reverse=True,
    )
    for version in earlier:
        if version.entry_id is None or (with_forms is not None and version.entry_id not in with_forms):
            continue
        forms = entry_forms(session, version.entry_id)
        if forms:
            return forms
    return []
    earlier = sorted(
        (v for v in versions if (v.valid_from, v.id) <= (shown.valid_from, shown.id)),
        key=lambda v: (v.valid_from, v.id),
        reverse=True,
    )
    for version in earlier:
        if version.entry_id is None:
            continue
        forms = entry_forms(session, version.entry_id)
        if forms:
            return forms
    return []


def public_form(session: Session, form_id: int) -> FormFile | None:
    """A file a citizen may download: attached to an entry that became a procedure version (so its
    decision is published) and not removed before that; None otherwise (a draft's file is a 404)."""
    form = session.get(FormFile, form_id)
    if form is None or form.removes_id is not None or form.content is None:
        return None
    published = session.scalar(select(ProcedureVersion.id).where(ProcedureVersion.entry_id == form.entry_id).limit(1))
    if published is None or form.id not in {f.id for f in entry_forms(session, form.entry_id)}:
        return None
    return form
