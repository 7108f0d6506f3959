"""What a record says of each part: given, explicitly none ("Không" written by a decision), or not
recorded at all; and what is shown for each. Also the online availability derived from the record's
level, its designations and its channels. Every door (page, posting sheet, decision document, API,
exports, search, statistics) asks these functions, so they never disagree.

The record format keeps the difference without a new key: a part that is empty (``""``, ``[]``, a
dossier without a named document) was not recorded; a part whose only content is a word of "none"
("Không", "Không có", "Không quy định", …) was given as none by the decision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..text import fold
from .vocabulary import CHANNELS, TIME_UNITS

GIVEN, NONE, NOT_RECORDED = "given", "none", "not_recorded"
NOT_RECORDED_LABEL = "Chưa cập nhật"

# The parts shown to citizens, in the order of the posting sheet (Decree 63/2010 Art. 8.2).
PARTS = (
    "applicants",
    "agencies.executing",
    "steps",
    "methods",
    "dossier",
    "requirements",
    "results",
    "forms",
    "legal_basis",
    "time_limit",
    "fee",
)
# Decree 63/2010 Art. 8.2 (as amended by Decree 92/2017): a posting sheet must not lack these.
MANDATORY_PARTS = ("steps", "methods", "dossier", "applicants", "agencies.executing")
PART_LABELS = {
    "applicants": "Đối tượng thực hiện",
    "agencies.executing": "Cơ quan thực hiện",
    "steps": "Trình tự thực hiện",
    "methods": "Cách thức thực hiện",
    "dossier": "Thành phần, số lượng hồ sơ",
    "requirements": "Yêu cầu, điều kiện",
    "results": "Kết quả thực hiện",
    "forms": "Mẫu đơn, tờ khai",
    "legal_basis": "Căn cứ pháp lý",
    "time_limit": "Thời hạn giải quyết",
    "fee": "Phí, lệ phí",
}
_NONE_WORDS = {
    "khong",
    "khong co",
    "khong quy dinh",
    "khong yeu cau",
    "khong co yeu cau",
    "khong co mau",
    "khong co mau don",
    "khong co mau don, to khai",
    "khong thu",
    "mien phi",
    "mien",
    "khong co phi",
    "khong mat phi",
    "khong thu phi",
    "khong co ket qua",
}
_NONE_WORD_LENGTH = max(map(len, _NONE_WORDS)) + 8  # longer texts say something: no need to fold them


def is_none_word(text: Any) -> bool:
    """ "Không", "Không quy định.", "Miễn phí" … : a decision saying there is none."""
    return isinstance(text, str) and len(text) <= _NONE_WORD_LENGTH and fold(text).strip(" .;:-–") in _NONE_WORDS


def _texts(record: dict[str, Any], part: str) -> list[str]:
    """The texts a part holds, blanks dropped."""
    if part == "agencies.executing":
        value: Any = (record.get("agencies") or {}).get("executing") or []
    elif part == "dossier":
        value = [d.get("name", "") for case in record.get("dossier") or [] for d in case.get("documents") or []]
    elif part == "methods":
        value = [
            CHANNELS.get(m.get("channel") or "", "") if m.get("channel") else m.get("note", "")
            for m in record.get("methods") or []
        ]
        value = [v or "?" for v in value]  # a method without a channel is still a recorded method
    elif part in ("time_limit", "fee"):
        value = [record.get(part) or ""] + [m.get(part) or "" for m in record.get("methods") or []]
        if part == "time_limit":
            value += [
                str(m["time_limit_value"]) for m in record.get("methods") or [] if m.get("time_limit_value") is not None
            ]
    else:
        value = record.get(part)
    if isinstance(value, str):
        value = [value]
    return [v for v in (value or []) if isinstance(v, str) and v.strip()]


def part_state(record: dict[str, Any], part: str) -> str:
    """GIVEN, NONE (the decision wrote "Không") or NOT_RECORDED."""
    texts = _texts(record or {}, part)
    if not texts:
        return NOT_RECORDED
    return NONE if all(is_none_word(t) for t in texts) else GIVEN


def part_states(record: dict[str, Any]) -> dict[str, str]:
    return {part: part_state(record, part) for part in PARTS}


def not_recorded_parts(record: dict[str, Any]) -> list[str]:
    return [part for part in PARTS if part_state(record, part) == NOT_RECORDED]


def missing_mandatory(record: dict[str, Any]) -> list[str]:
    """The mandatory parts a record does not have (an explicit "Không" counts as given)."""
    return [part for part in MANDATORY_PARTS if part_state(record, part) == NOT_RECORDED]


def announcing_decision(record: dict[str, Any], decision_number: str = "") -> str:
    """The decision a citizen can read for what is missing: the one the source names as announcing the
    procedure, else the decision the version came from."""
    named = (record.get("extra") or {}).get("announcing_decision")
    return named.strip() if isinstance(named, str) and named.strip() else (decision_number or "").strip()


def where_to_look(record: dict[str, Any], decision_number: str = "") -> str:
    """ "xem Quyết định số 361/QĐ-BTP hoặc liên hệ Sở Tư pháp" """
    decision = announcing_decision(record, decision_number)
    agencies = [a for a in (record.get("agencies") or {}).get("executing") or [] if a.strip()]
    where = []
    if decision:
        number = decision if fold(decision).startswith(("quyet dinh", "danh muc")) else f"Quyết định số {decision}"
        where.append(f"xem {number}")
    where.append(f"liên hệ {'; '.join(agencies)}" if agencies else "liên hệ bộ phận một cửa nơi nộp hồ sơ")
    return " hoặc ".join(where)


def not_recorded_text(record: dict[str, Any], decision_number: str = "") -> str:
    """ "Chưa cập nhật — xem Quyết định số 361/QĐ-BTP hoặc liên hệ Sở Tư pháp." """
    return f"{NOT_RECORDED_LABEL} — {where_to_look(record, decision_number)}."


def missing_notice(record: dict[str, Any], decision_number: str = "") -> str:
    """The warning a posting sheet carries when a mandatory part is missing ("" when none is)."""
    missing = missing_mandatory(record)
    if not missing:
        return ""
    names = ", ".join(PART_LABELS[p].lower() for p in missing)
    where = where_to_look(record, decision_number)
    return f"Lưu ý: thủ tục này chưa được cập nhật đủ các nội dung bắt buộc ({names}). Để biết đủ, {where}."


def presence_summary(record: dict[str, Any], decision_number: str = "") -> dict[str, Any]:
    """What the API and the exports say of the parts (a JSON-able dict)."""
    return {
        "parts": part_states(record),
        "missing_mandatory": missing_mandatory(record),
        "not_recorded_text": not_recorded_text(record, decision_number),
    }


# --- time limits and fees as shown ----------------------------------------------------------------
# A time limit that is only a number ("1", "120,000"): the source lost its unit. Shown as recorded, marked,
# and listed in the data-quality report; never read as "1 ngày".
_BARE_NUMBER = re.compile(r"\d[\d.,\s]*")
UNIT_MISSING_MARK = "(chưa ghi đơn vị thời gian)"


def is_bare_number(text: Any) -> bool:
    return isinstance(text, str) and _BARE_NUMBER.fullmatch(text.strip()) is not None


def time_limit_text(text: Any) -> str:
    """A recorded time limit as shown: verbatim, a bare number marked; "" when none is recorded."""
    text = text.strip() if isinstance(text, str) else ""
    return f"{text} {UNIT_MISSING_MARK}" if is_bare_number(text) else text


def method_time_text(method: dict[str, Any]) -> str:
    """One way of submitting's time limit as shown (its text, else its value and unit); "" when not recorded."""
    if (method.get("time_limit") or "").strip():
        return time_limit_text(method["time_limit"])
    value = method.get("time_limit_value")
    if value is None:
        return ""
    unit = TIME_UNITS.get(method.get("time_limit_unit") or "", "")
    number = f"{value:g}" if isinstance(value, float) else str(value)
    return f"{number} {unit}" if unit else f"{number} {UNIT_MISSING_MARK}"


def bare_time_limits(record: dict[str, Any]) -> list[str]:
    """The record's time limits that are a bare number, as recorded (each once)."""
    texts = [record.get("time_limit")] + [m.get("time_limit") for m in record.get("methods") or []]
    return list(dict.fromkeys(t.strip() for t in texts if isinstance(t, str) and is_bare_number(t)))


def shown_or_not_recorded(text: Any) -> str:
    """A fee or a time limit in a table cell: the text, else "Chưa cập nhật" (never "—", never "Không")."""
    return text.strip() if isinstance(text, str) and text.strip() else NOT_RECORDED_LABEL


# --- online availability -------------------------------------------------------------------------
ONLINE_FULL, ONLINE_PARTIAL, ONLINE_CHANNEL, ONLINE_NONE = "toan_trinh", "mot_phan", "truc_tuyen", "chua_cung_cap"
ONLINE_NOT_RECORDED = "chua_cap_nhat"
ONLINE_AVAILABILITY = {
    ONLINE_FULL: "Dịch vụ công trực tuyến toàn trình",
    ONLINE_PARTIAL: "Dịch vụ công trực tuyến một phần",
    ONLINE_CHANNEL: "Có nộp trực tuyến (chưa xác định mức độ)",
    ONLINE_NONE: "Chưa cung cấp trực tuyến",
    # No way of submitting is recorded: whether it can be done online is not known, not "no".
    ONLINE_NOT_RECORDED: "Chưa cập nhật cách thức nộp hồ sơ",
}


@dataclass(frozen=True)
class OnlineAvailability:
    key: str
    label: str


def has_online_channel(record: dict[str, Any]) -> bool:
    return any((m or {}).get("channel") == "truc_tuyen" for m in (record or {}).get("methods") or [])


def has_recorded_channel(record: dict[str, Any]) -> bool:
    return any((m or {}).get("channel") for m in (record or {}).get("methods") or [])


def online_key(
    online_level: str,
    has_online: bool,
    designated_full: bool = False,
    designated_partial: bool = False,
    channels_recorded: bool = True,
) -> str:
    """The one rule: a designated or recorded level first (toàn trình over một phần), then an online
    channel without a level, "chưa cung cấp" only when channels are recorded and none is online, and
    "chưa cập nhật" when no channel is recorded at all."""
    if designated_full or online_level == ONLINE_FULL:
        return ONLINE_FULL
    if designated_partial or online_level == ONLINE_PARTIAL:
        return ONLINE_PARTIAL
    if has_online:
        return ONLINE_CHANNEL
    return ONLINE_NONE if channels_recorded else ONLINE_NOT_RECORDED


def online_availability(
    record: dict[str, Any], designations: set[str] | frozenset[str] = frozenset()
) -> OnlineAvailability:
    """`designations`: the designation names listed for the procedure (catalogue.designations), e.g.
    {"online_full"}."""
    key = online_key(
        (record or {}).get("online_level") or "",
        has_online_channel(record),
        "online_full" in designations,
        "online_partial" in designations,
        has_recorded_channel(record),
    )
    return OnlineAvailability(key, ONLINE_AVAILABILITY[key])


# --- what the public may see -----------------------------------------------------------------------
def public_source(source: str) -> str:
    """The "Nguồn" a citizen may see: a web address; never a repository path or an internal file."""
    source = (source or "").strip()
    return source if source.startswith(("https://", "http://")) and " " not in source else ""
