"""Internal processes (quy trình nội bộ) as records, and a decision that amends only them."""

from __future__ import annotations

from tthc.catalogue.queries import version_in_force
from tthc.models.decisions import Decision, DecisionEntry

PROCESS_OK = {
    "code": "QT.STP.01",
    "cases": [
        {
            "case": "",
            "channel": "",
            "total": "",
            "steps": [
                {
                    "order": "B1",
                    "work": "Tiếp nhận, kiểm tra hồ sơ",
                    "unit": "Bộ phận một cửa",
                    "time": "Giờ hành chính",
                    "product": "Mẫu 01",
                },
                {"order": "B2", "work": "Thẩm định hồ sơ", "unit": "Phòng Bổ trợ tư pháp", "time": "1,5 ngày"},
                {
                    "order": "B3",
                    "work": "Lấy ý kiến Sở Nội vụ",
                    "unit": "Sở Nội vụ",
                    "time": "1/4 ngày",
                    "linked": True,
                },
                {"order": "B4", "work": "Phê duyệt", "unit": "Lãnh đạo Sở", "time": "4 giờ"},
                {
                    "order": "B5",
                    "work": "Trả kết quả",
                    "unit": "Bộ phận một cửa",
                    "time": "0,25 ngày",
                    "product": "Quyết định",
                },
            ],
        }
    ],
}


PROCESS_OVER = {
    "code": "QT.STP.02",
    "steps": [
        {"order": "B1", "work": "Tiếp nhận hồ sơ", "unit": "Bộ phận một cửa", "time": "0,5 ngày"},
        {"order": "B2", "work": "Thẩm định, trình ký", "unit": "Phòng Bổ trợ tư pháp", "time": "5 ngày"},
    ],
}


def process_decision(session, number: str, processes: dict[str, dict], *, status="signed", effective=None):
    """A signed decision amending only the internal process of each code (effective on the version's date)."""
    effective = effective or max(version_in_force(session, c).valid_from for c in processes)
    decision = Decision(
        kind="cong_bo",
        number=number,
        title="Công bố quy trình nội bộ giải quyết TTHC",
        issuer="UBND tỉnh Quảng Trị",
        signer="Người ký thử",
        status=status,
        signed_date=effective,
        effective_date=effective,
    )
    decision.entries = [
        DecisionEntry(position=i, action="amended", code=code, record={"process": process}, basis=["Quyết định thử"])
        for i, (code, process) in enumerate(processes.items())
    ]
    session.add(decision)
    session.flush()
    return decision
