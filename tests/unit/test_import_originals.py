"""Original files as officials circulated them (catalogue_data/originals, issue 22): what is not an
announcement is recognised and nothing is imported; what cannot be read right is flagged."""

import pytest

from tthc.annex.pdf import read_decision_document
from tthc.annex.word import WordProblem
from tthc.config import PROJECT_ROOT

ORIGINALS = PROJECT_ROOT / "catalogue_data" / "originals"


def test_the_lao_cai_delegation_list_is_recognised_as_not_an_announcement():
    with pytest.raises(WordProblem) as refused:
        read_decision_document((ORIGINALS / "laocai-uyquyen-vlncn-list.docx").read_bytes())
    assert "danh mục nhiệm vụ, quyền hạn ủy quyền (không phải công bố thủ tục)" in str(refused.value)


def test_the_lai_chau_pdf_draft_is_read_and_its_flowchart_named_as_not_readable():
    """Annex I holds one new procedure; annex II draws the process as a flowchart: named, not read as rows."""
    parsed = read_decision_document((ORIGINALS / "laichau-hotrodautu-draft.pdf").read_bytes())
    assert [e.values["name"] for e in parsed.entries] == ["Thủ tục hỗ trợ chi phí"]
    assert "Trang 4: quy trình vẽ dạng sơ đồ (lưu đồ), không đọc được thành các bước." in parsed.notices
    assert [p.code for p in parsed.checks if p.code == "count_mismatch"] == []  # Điều 1's 01 agrees now


def test_the_lao_cai_process_annex_gives_its_processes_named_from_the_paragraphs_above():
    from tthc.annex.pdf import read_process_annex

    processes, notices = read_process_annex((ORIGINALS / "laocai-qtnb-hhnh-draft.docx").read_bytes())
    assert notices == []
    assert [[p["name"][:40] for p in item["procedures"]] for item in processes] == [
        ["Cấp Giấy phép vận chuyển hàng hóa nguy h"],
        ["Cấp Giấy phép vận chuyển hàng hóa nguy h", "Cấp điều chỉnh Giấy phép vận chuyển hàng"],
        ["Cấp lại Giấy phép vận chuyển hàng hóa ng"],
    ]
    assert [len(item["process"]["cases"][0]["steps"]) for item in processes] == [11, 12, 12]
    # as a decision: read, not refused; processes only, pointed to the draft they belong to
    parsed = read_decision_document((ORIGINALS / "laocai-qtnb-hhnh-draft.docx").read_bytes())
    assert parsed.process_only and [len(p["procedures"]) for p in parsed.processes] == [1, 2, 1]
    assert any("--attach-to" in n for n in parsed.notices)
