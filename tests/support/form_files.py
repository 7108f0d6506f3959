"""Form files (mẫu đơn, tờ khai) as a drafter uploads them: a draft with one amended entry, Word and PDF
bytes, the upload request."""

from __future__ import annotations

import io
import re

from docx import Document
from pypdf import PdfWriter

CODE = "1.001233"  # a procedure of Sở Tư pháp in the sample


def docx_bytes(text: str = "Tờ khai đăng ký") -> bytes:
    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def draft_with_entry(client) -> tuple[int, int]:
    response = client.post(
        "/soan-thao/moi",
        data={"title": "Công bố sửa đổi (mẫu đơn)", "issuer": "UBND tỉnh", "effective_date": "2027-03-01"},
    )
    decision_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    response = client.post(f"/soan-thao/{decision_id}/muc", data={"action": "amended", "code": CODE})
    entry_id = int(re.search(r"/muc/(\d+)$", response.headers["Location"]).group(1))
    return decision_id, entry_id


def upload(client, decision_id: int, entry_id: int, name: str, content: bytes, title: str = ""):
    return client.post(
        f"/soan-thao/{decision_id}/muc/{entry_id}/mau-don",
        data={"title": title, "file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
