"""Phần II sent as its own file (issue 22): the content of each procedure, named by the line above its
"Trình tự thực hiện" (Word numbers it by its own list, so no "1." is printed), the forms printed after the
content left out. The real Quảng Ninh annex (catalogue_data/originals/qn-294-pl2-content.docx) gives the
content of its 19 procedures."""

import difflib
import io
import json
import unicodedata

import docx

from tthc.annex.pdf import read_content_annex
from tthc.config import PROJECT_ROOT

ORIGINALS = PROJECT_ROOT / "catalogue_data" / "originals"


def _words(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).lower()


def _content_file() -> bytes:
    document = docx.Document()
    for line in [
        "Phụ lục II",
        "NỘI DUNG CỤ THỂ CỦA TỪNG THỦ TỤC HÀNH CHÍNH CẤP XÃ",
        "Trình tự, thủ tục đính chính Giấy chứng nhận đã cấp",
        "Trình tự thực hiện:",
        "Bước 1: Người sử dụng đất nộp hồ sơ tại Trung tâm Phục vụ hành chính công xã.",
        "Bước 2: Cơ quan chuyên môn kiểm tra, đính chính Giấy chứng nhận.",
        "Thời hạn giải quyết",
        "Không quá 10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
        "Căn cứ pháp lý của thủ tục hành chính",
        "Luật Đất đai số 31/2024/QH15;",
        "Mẫu số 01. Đơn đề nghị đính chính Giấy chứng nhận",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Ghi chú: người đề nghị ghi rõ họ tên.",
        "Căn cứ Luật Đất đai, tôi đề nghị …",
        "Trình tự, thủ tục tặng cho quyền sử dụng đất cho Nhà nước",
        "Trình tự thực hiện:",
        "Bước 1: Người sử dụng đất nộp hồ sơ.",
        "Thời hạn giải quyết",
        "Không quá 10 ngày làm việc.",
    ]:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_content_only_annex_names_each_procedure_and_leaves_the_forms_out():
    procedures, notices = read_content_annex(_content_file())
    assert notices == []
    assert [p["name"] for p in procedures] == [
        "Đính chính Giấy chứng nhận đã cấp",
        "Tặng cho quyền sử dụng đất cho Nhà nước",
    ]
    first, second = (p["content"] for p in procedures)
    assert len(first["steps"]) == 2 and first["time_limit"].startswith("Không quá 10 ngày")
    assert first["legal_basis"] == ["Luật Đất đai số 31/2024/QH15"]  # the form's own lines are not content
    assert "notes" not in first
    assert len(second["steps"]) == 1


def test_the_quang_ninh_content_annex_gives_the_content_of_its_19_procedures():
    procedures, notices = read_content_annex((ORIGINALS / "qn-294-pl2-content.docx").read_bytes())
    assert notices == []
    names = [  # the same 19 commune-level land procedures as the process annex 295
        line["procedure"]
        for line in map(json.loads, (ORIGINALS / "processes.jsonl").read_text(encoding="utf-8").splitlines())
        if line["file"] == "qn-295-pl2-qtnb-draft.docx"
    ]
    assert len(procedures) == len(names) == 19
    for procedure, name in zip(procedures, names, strict=True):
        assert difflib.SequenceMatcher(None, _words(procedure["name"]), _words(name)).ratio() >= 0.85, name
        content = procedure["content"]
        assert {"steps", "dossier", "time_limit", "applicants", "agencies", "results", "legal_basis"} <= set(content)
        text = json.dumps(content, ensure_ascii=False)
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA" not in text and "Hướng dẫn khai" not in text  # forms left out
