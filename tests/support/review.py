"""Helpers for the review tests: draft decisions built from the real sample through core functions."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from tthc.db import transaction
from tthc.decisions.importing import import_decisions
from tthc.models.accounts import User
from tthc.models.decisions import Decision


def tiny_pdf() -> bytes:
    """A real one-page PDF (the upload gate parses PDFs, so a few magic bytes no longer pass)."""
    import io

    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(595, 842)
    writer.write(out)
    return out.getvalue()


def sample_procedure(sample_dir, code: str) -> dict[str, Any]:
    with open(sample_dir / "procedures.jsonl", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["code"] == code:
                return record
    raise KeyError(code)


# The act an amended or replaced entry names (required to submit): a real decree of the sample's sectors.
AMENDING_ACT = (
    "Nghị định số 07/2025/NĐ-CP ngày 09 tháng 01 năm 2025 của Chính phủ sửa đổi, bổ sung một số "
    "điều của các nghị định trong lĩnh vực hộ tịch, quốc tịch, chứng thực"
)


def with_amending_act(entry: dict[str, Any]) -> dict[str, Any]:
    """An amended or replaced flat entry that names no act gets AMENDING_ACT; `abolition_basis: []`
    (given explicitly) keeps an entry without one, for the tests of that check."""
    if entry.get("action") in ("amended", "replaced") and "abolition_basis" not in entry:
        return {**entry, "abolition_basis": [AMENDING_ACT]}
    return entry


def make_draft(
    session_factory,
    entries: list[dict[str, Any]],
    *,
    title: str = "Dự thảo thử nghiệm",
    created_by: str | None = None,
    issuer: str = "UBND tỉnh",
) -> int:
    """A draft decision (status draft) with flat entries; returns its id. Amended and replaced entries
    name an amending act unless the entry says otherwise (see with_amending_act)."""
    entries = [with_amending_act(e) for e in entries]
    with transaction(session_factory) as session:
        [decision] = import_decisions(
            session,
            [(1, {"number": "", "title": title, "issuer": issuer, "entries": entries})],
            signed=False,
            actor="test",
        )
        if created_by:
            user = session.scalar(select(User).where(User.username == created_by))
            decision.created_by_id = user.id
            decision.drafting_agency_id = user.agency_id
        return decision.id


def load(session, decision_id: int) -> Decision:
    return session.get(Decision, decision_id)


def user(session, username: str) -> User:
    return session.scalar(select(User).where(User.username == username))


def signed_decision(
    factory, entries, *, number: str, effective_date, drafter="soan", reviewer="tham", signer="ky", pdf=None
) -> int:
    """A draft taken through submit, approve and sign by the three given users; returns its id."""
    import datetime as dt

    from tthc.decisions import workflow

    did = make_draft(factory, entries, created_by=drafter)
    with transaction(factory) as session:
        workflow.submit(session, load(session, did), user(session, drafter))
    with transaction(factory) as session:
        workflow.approve(session, load(session, did), user(session, reviewer))
    with transaction(factory) as session:
        workflow.sign(
            session,
            load(session, did),
            user(session, signer),
            number=number,
            signed_date=dt.date.today(),
            signer="Lê Văn C",
            effective_date=effective_date,
            pdf=pdf,
        )
    return did
