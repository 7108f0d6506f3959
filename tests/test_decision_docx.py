"""The decision document as Word: same content as the PDF, Decree 30/2020 layout, and read back by the
Word importer into the same entries."""
import io
import json

import pytest
from docx import Document
from sqlalchemy import select

from tthc.annex.word import read_decision_docx
from tthc.decisions.models import Decision
from tthc.printing.decision_docx import decision_docx


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def _text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def _by_number(session, number):
    return session.scalar(select(Decision).where(Decision.number == number))


def test_docx_has_the_first_page_articles_signature_and_the_annex(demo, session):
    decision = _by_number(session, "2715/QĐ-UBND")
    decision.signing_title = "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    text = _text(decision_docx(session, decision))
    session.rollback()
    for expected in ("ỦY BAN NHÂN DÂN", "TỈNH QUẢNG TRỊ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 2715/QĐ-UBND",
                     "Quảng Trị, ngày 19 tháng 11 năm 2025", "QUYẾT ĐỊNH:", "Điều 1. ", "Điều 2. ", "Điều 3. ",
                     "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", "Lê Đức Tiến", "PHẦN I. DANH MỤC THỦ TỤC HÀNH CHÍNH",
                     "1. Danh mục thủ tục hành chính mới ban hành", "2. Danh mục thủ tục hành chính bị bãi bỏ",
                     "A. Thủ tục hành chính cấp tỉnh", "PHẦN II. NỘI DUNG CỤ THỂ CỦA TỪNG THỦ TỤC HÀNH CHÍNH",
                     "Cấp giấy phép hoạt động phát điện thuộc thẩm quyền cấp của Ủy ban nhân dân cấp tỉnh",
                     "7. Căn cứ pháp lý"):
        assert expected in text, expected


def test_the_docx_imports_back_to_the_same_entries(demo, session):
    for number in ("2715/QĐ-UBND", "2682/QĐ-UBND"):
        decision = _by_number(session, number)
        parsed = read_decision_docx(decision_docx(session, decision))
        assert (parsed.heading["number"], parsed.heading["issuer"], parsed.heading["signer"]) == \
            (decision.number, decision.issuer, decision.signer)
        assert parsed.heading["date"] == decision.signed_date.isoformat()
        original = [(e.action, e.code, e.record.get("name") or None, e.record.get("level") or None,
                     e.record.get("sector") or None,
                     list(e.basis) if e.action == "abolished" else e.record.get("legal_basis") or [])
                    for e in sorted(decision.entries, key=lambda e: e.position)]
        read_back = [(e.values["action"], e.values["code"], e.values["name"], e.values["level"], e.values["field"],
                      e.values["legal_basis"] or []) for e in parsed.entries]
        assert sorted(read_back, key=json.dumps) == sorted(original, key=json.dumps)
        assert not [d for d in parsed.doubts() if "trùng" in d or "không đúng dạng" in d]


def test_cli_and_review_page_give_the_docx(demo, runner, tmp_path, session, make_user, client):
    decision = _by_number(session, "2682/QĐ-UBND")
    out = tmp_path / "qd.docx"
    result = runner.invoke(args=["print", "decision", str(decision.id), "--format", "docx", "-o", str(out), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["format"] == "docx"
    assert "Đăng ký cai nghiện ma túy tự nguyện" in _text(out.read_bytes())
    pdf = tmp_path / "qd.pdf"
    assert runner.invoke(args=["print", "decision", str(decision.id), "-o", str(pdf)]).exit_code == 0
    assert pdf.read_bytes().startswith(b"%PDF-")  # pdf stays the default
    make_user("tham", "reviewer")
    client.get("/dang-nhap")
    client.post("/dang-nhap", data={"username": "tham", "password": "mat-khau-an-toan-1"})
    page = client.get(f"/tham-dinh/{decision.id}").get_data(as_text=True)
    link = next(part.split('"')[0] for part in page.split('href="')[1:] if part.split('"')[0].endswith(".docx"))
    response = client.get(link)
    assert response.status_code == 200 and response.data.startswith(b"PK")
    assert "attachment" in response.headers["Content-Disposition"]
    assert read_decision_docx(response.data).entries[0].values["code"] == "3.000527"
