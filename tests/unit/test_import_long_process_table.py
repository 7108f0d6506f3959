"""A process annex written as one long table (issue 22, item 7): "STT | TT | Trình tự/Tên TTHC | Bộ phận
xử lý | Thời gian …", a numbered title row per procedure, cases "1.1 | Trường hợp … | 25 ngày làm việc",
stages "Giai đoạn 1" and steps "Bước 1" under the merged work heading. The real Quảng Ninh annex
(catalogue_data/originals/qn-295-pl2-qtnb-draft.docx) gives the processes of processes.jsonl."""

import difflib
import json
import unicodedata

import pytest

from tthc.annex.pdf import read_process_annex
from tthc.annex.processes import processes_from_table
from tthc.config import PROJECT_ROOT

ORIGINALS = PROJECT_ROOT / "catalogue_data" / "originals"
HEADER = ["STT", "TT", "TRÌNH TỰ/TÊN TTHC", "TRÌNH TỰ/TÊN TTHC", "BỘ PHẬN XỬ LÝ", "THỜI GIAN GIẢI QUYẾT"]


def _words(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def _row(*cells: str) -> list[str]:
    return list(cells) + [""] * (len(HEADER) - len(cells))


def test_a_numbered_long_table_gives_one_process_per_procedure_with_its_cases_and_stages():
    title = "Đính chính Giấy chứng nhận đã cấp"
    rows = [
        HEADER,
        _row("1", "1", title, title, title, "08 ngày làm việc"),
        _row("", "", "Giai đoạn 1", "Giai đoạn 1", "", "3"),
        _row("", "", "Bước 1", "Tiếp nhận và kiểm tra hồ sơ", "Trung tâm Phục vụ hành chính công xã", "0,5"),
        _row("", "", "Bước 2", "Thẩm định hồ sơ", "Cơ quan chuyên môn cấp xã", "2,5"),
        _row("2", "2", "Tặng cho quyền sử dụng đất", "Tặng cho quyền sử dụng đất", "Tặng cho quyền sử dụng đất"),
        _row(
            "",
            "2.1",
            "Trường hợp nộp trực tiếp",
            "Trường hợp nộp trực tiếp",
            "Trường hợp nộp trực tiếp",
            "10 ngày làm việc",
        ),
        _row("", "", "Bước 1", "Tiếp nhận hồ sơ", "Bộ phận một cửa", "01"),
        _row("", "", "Ghi chú: cơ quan thuế trả lời trong 05 ngày", "Ghi chú: cơ quan thuế trả lời trong 05 ngày"),
        _row("", "", "Bước 2", "Phê duyệt", "Chủ tịch UBND cấp xã", "09"),
    ]
    parts = processes_from_table(rows)
    assert [p["title"] for p in parts] == [title, "Tặng cho quyền sử dụng đất"]
    first, second = (p["process"]["cases"] for p in parts)
    assert first[0]["total"] == "08 ngày làm việc"
    assert [(s["order"], s["work"], s["time"]) for s in first[0]["steps"]] == [
        ("Giai đoạn 1, Bước 1", "Tiếp nhận và kiểm tra hồ sơ", "0,5"),
        ("Giai đoạn 1, Bước 2", "Thẩm định hồ sơ", "2,5"),
    ]
    assert [(c["case"], c["channel"], c["total"]) for c in second] == [
        ("Trường hợp nộp trực tiếp", "truc_tiep", "10 ngày làm việc")
    ]
    assert [s["order"] for s in second[0]["steps"]] == ["Bước 1", "Bước 2"]  # the note is not a step


def _close(a: str, b: str) -> bool:
    """The same text up to a letter misread when the signed PDF was converted back to Word."""
    return difflib.SequenceMatcher(None, _words(a), _words(b)).ratio() >= 0.9


@pytest.mark.parametrize("name", ["qn-295-pl2-qtnb-draft.docx", "qn-295-pl2-qtnb-signed.docx"])
def test_the_quang_ninh_process_annex_gives_the_processes_of_processes_jsonl(name):
    """The draft, and the same annex converted back from the signed PDF (one table per page, the header
    repeated with a letter misread, footnotes and page numbers between, rows and a title cut in two)."""
    expected = [
        line
        for line in map(json.loads, (ORIGINALS / "processes.jsonl").read_text(encoding="utf-8").splitlines())
        if line["file"] == name
    ]
    processes, notices = read_process_annex((ORIGINALS / name).read_bytes())
    assert notices == []
    assert len(processes) == len(expected) == 19
    for item, want in zip(processes, expected, strict=True):
        assert _close(item["procedures"][0]["name"], want["procedure"]), want["procedure"]
        cases = want.get("cases") or [{"name": "", "steps": want["steps"], "total_time": want["total_time"]}]
        got = item["process"]["cases"]
        assert [c["total"] for c in got] == [c["total_time"] or "" for c in cases], want["procedure"]
        assert all(_close(c["case"], w["name"]) for c, w in zip(got, cases, strict=True)), want["procedure"]
        assert [[(_words(s["order"]), s["time"]) for s in c["steps"]] for c in got] == [
            [(_words(", ".join(x for x in (s["phase"], s["label"]) if x)), s["time"]) for s in c["steps"]]
            for c in cases
        ], want["procedure"]
