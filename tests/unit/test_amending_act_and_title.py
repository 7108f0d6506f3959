"""An amended entry names its amending act, and the decision is signed under the signer account's title:
both printed in the decision PDF and DOCX; căn cứ typed by drafters take the "Căn cứ …;" form."""

import datetime as dt
import io

import pytest
from docx import Document
from sqlalchemy import select

from tests.support.pdf import norm, pdf_text, squeeze
from tests.support.review import load, make_draft, tiny_pdf, user
from tthc.accounts.service import AccountError, set_signing_title
from tthc.db import transaction
from tthc.decisions import workflow
from tthc.decisions.checks import check_one_entry
from tthc.models.accounts import AuditLog
from tthc.printing import decision_doc
from tthc.printing.decision_docx import decision_docx

ACT = "Nghị định số 15/2026/NĐ-CP ngày 10 tháng 01 năm 2026 của Chính phủ"
TITLE = "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def test_signed_decision_prints_the_amending_act_and_the_signers_title(people):
    f = people
    did = make_draft(
        f,
        [{"action": "amended", "code": "2.000840", "applicants": "Công dân Việt Nam", "abolition_basis": [ACT]}],
        created_by="soan",
    )
    with transaction(f) as session:
        load(session, did).legal_acts = [
            "Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025",
            "Căn cứ Nghị định số 63/2010/NĐ-CP.",
        ]
        with pytest.raises(AccountError):
            set_signing_title(session, user(session, "ky"), "GIÁM ĐỐC")
        set_signing_title(session, user(session, "ky"), TITLE.replace("\n", "\r\n"))  # as a form posts it
    with transaction(f) as session:
        workflow.submit(session, load(session, did), user(session, "soan"))
    with transaction(f) as session:
        workflow.approve(session, load(session, did), user(session, "tham"))
    with transaction(f) as session:
        workflow.sign(
            session,
            load(session, did),
            user(session, "ky"),
            number="41/QĐ-UBND",
            signed_date=dt.date.today(),
            signer="Lê Đức Tiến",
            effective_date=dt.date.today() + dt.timedelta(days=30),
            pdf=("qd.pdf", tiny_pdf()),
        )
    with f() as session:
        decision = load(session, did)
        assert decision.signing_title == TITLE
        sign_event = session.scalar(
            select(AuditLog).where(AuditLog.action == "decision.sign", AuditLog.object_id == str(did))
        )
        assert sign_event.detail["signing_title"] == TITLE
        doc = decision_doc.build(session, decision)
        assert doc.legal_acts == [
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;",
            "Căn cứ Nghị định số 63/2010/NĐ-CP;",
        ]
        pdf = norm(" ".join(pdf_text(decision_doc.decision_pdf(session, decision))))
        docx = _docx_text(decision_docx(session, decision))
    for text in (pdf, norm(docx)):
        assert squeeze(ACT) in squeeze(text)  # a table cell may break a line inside "15/2026/NĐ-CP"
        assert "KT. CHỦ TỊCH" in text and "PHÓ CHỦ TỊCH" in text
        assert "Căn cứ Luật Tổ chức chính quyền địa phương" in text


def test_amended_entry_without_its_act_is_flagged_and_never_prints_the_old_legal_basis(people):
    f = people
    did = make_draft(
        f,
        [{"action": "amended", "code": "2.000840", "applicants": "Công dân Việt Nam", "abolition_basis": []}],
        created_by="soan",
    )
    with f() as session:
        decision = load(session, did)
        problems = check_one_entry(session, decision, decision.entries[0])
        assert [(p.field, p.severity) for p in problems if p.field == "basis"] == [("basis", "error")]
        assert "Văn bản quy phạm pháp luật quy định nội dung sửa đổi, bổ sung" in next(
            p.message for p in problems if p.field == "basis"
        )
        doc = decision_doc.build(session, decision)
        [row] = doc.groups[0]["rows"]
        assert row["basis_lines"] == ["Chưa cập nhật"]
