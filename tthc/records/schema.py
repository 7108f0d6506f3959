"""Record keys, enumerations and their Vietnamese labels; normalising any input into a full record."""

from __future__ import annotations

import copy
import json
from typing import Any

from ..text import nfc
from .process import normalize_process
from .vocabulary import CHANNELS, TIME_UNITS  # noqa: F401  (re-exported: part of the schema)

LEVELS = {
    "tinh": "Cấp tỉnh",
    "xa": "Cấp xã",
    "huyen": "Cấp huyện (trước 01/7/2025)",
    "trung_uong": "Cấp trung ương",
    "khac": "Cơ quan khác",
    "": "Chưa xác định cấp",
}
ONLINE_LEVELS = {
    "toan_trinh": "Dịch vụ công trực tuyến toàn trình",
    "mot_phan": "Dịch vụ công trực tuyến một phần",
    "": "Không",
}
AGENCY_ROLES = {
    "executing": "Cơ quan thực hiện",
    "competent": "Cơ quan có thẩm quyền",
    "authorized": "Cơ quan được ủy quyền",
    "coordinating": "Cơ quan phối hợp",
}
# Roles a record carries only when its decision names them: absent when empty, so the records written
# before the role existed keep their bytes (canonical JSON, exports) and every reader treats absent as [].
OPTIONAL_AGENCY_ROLES = {
    "receiving": "Cơ quan tiếp nhận hồ sơ",
}
# Every role, in the order pages, sheets and forms show them.
AGENCY_ROLE_LABELS = {**AGENCY_ROLES, **OPTIONAL_AGENCY_ROLES}

# key -> (Vietnamese label, default value). Order is the export order.
_SPEC: dict[str, tuple[str, Any]] = {
    "code": ("Mã thủ tục", ""),
    "name": ("Tên thủ tục", ""),
    "level": ("Cấp thực hiện", ""),
    "levels": ("Các cấp thực hiện", []),
    "sector": ("Lĩnh vực", ""),
    "agencies": ("Cơ quan", {role: [] for role in AGENCY_ROLES}),
    "applicants": ("Đối tượng thực hiện", ""),
    "steps": ("Trình tự thực hiện", []),
    "methods": ("Cách thức thực hiện", []),
    "dossier": ("Thành phần, số lượng hồ sơ", []),
    "requirements": ("Yêu cầu, điều kiện", ""),
    "results": ("Kết quả thực hiện", []),
    "legal_basis": ("Căn cứ pháp lý", []),
    "forms": ("Mẫu đơn, tờ khai", []),
    "fee": ("Phí, lệ phí", ""),
    "time_limit": ("Thời hạn giải quyết", ""),
    "online_level": ("Dịch vụ công trực tuyến", ""),
    "legacy_online_level": ("Mức độ dịch vụ công (cũ)", ""),
    "postal": ("Tiếp nhận, trả kết quả qua bưu chính công ích", False),
    "non_territorial": ("Phi địa giới hành chính", False),
    "procedure_type": ("Loại thủ tục", ""),
    "place": ("Địa điểm tiếp nhận", ""),
    "notes": ("Ghi chú", ""),
    "source": ("Nguồn", ""),
    "process": ("Quy trình nội bộ", None),
    "extra": ("Thông tin khác", {}),
}
RECORD_KEYS = tuple(_SPEC)
FIELD_LABELS = {key: label for key, (label, _) in _SPEC.items()}
FIELD_LABELS.update({f"agencies.{role}": label for role, label in AGENCY_ROLE_LABELS.items()})

# Decree 63/2010 Art. 8.2 (as amended by Decree 92/2017): the parts every procedure must have.
MANDATORY_FIELDS = ("name", "steps", "methods", "dossier", "applicants", "agencies.executing")

METHOD_KEYS = ("channel", "time_limit", "time_limit_value", "time_limit_unit", "fee", "note")
DOCUMENT_KEYS = ("name", "originals", "copies", "form")


def empty_record() -> dict[str, Any]:
    return {key: copy.deepcopy(default) for key, (_, default) in _SPEC.items()}


def _normalize_method(method: dict[str, Any]) -> dict[str, Any]:
    out = {"channel": "", "time_limit": "", "time_limit_value": None, "time_limit_unit": "", "fee": "", "note": ""}
    out.update({k: v for k, v in method.items() if k in METHOD_KEYS})
    return out


def _normalize_document(document: dict[str, Any] | str) -> dict[str, Any]:
    if isinstance(document, str):
        document = {"name": document}
    out = {"name": "", "originals": None, "copies": None, "form": ""}
    out.update({k: v for k, v in document.items() if k in DOCUMENT_KEYS})
    return out


def normalize_record(record: dict[str, Any]) -> dict[str, Any]:
    """A full record in canonical key order, every text NFC; unknown keys go to `extra`."""
    record = nfc(record)
    out = empty_record()
    extra = dict(record.get("extra") or {})
    for key, value in record.items():
        if key == "extra":
            continue
        if key in out:
            out[key] = value if value is not None else copy.deepcopy(_SPEC[key][1])
        else:
            extra[key] = value
    agencies: dict[str, list[str]] = {role: [] for role in AGENCY_ROLES}
    for role, names in (out["agencies"] or {}).items():
        agencies[role] = [names] if isinstance(names, str) else list(names or [])
    for role in OPTIONAL_AGENCY_ROLES:
        if not agencies.get(role, True):
            del agencies[role]
    out["agencies"] = agencies
    for key in ("levels", "steps", "results", "legal_basis", "forms"):
        value = out[key]
        out[key] = [value] if isinstance(value, str) else list(value or [])
    out["methods"] = [_normalize_method(m) for m in out["methods"] or []]
    out["dossier"] = [
        {"case": case.get("case", "") or "", "documents": [_normalize_document(d) for d in case.get("documents") or []]}
        for case in out["dossier"] or []
    ]
    out["process"] = normalize_process(out["process"])
    out["postal"] = bool(out["postal"])
    out["non_territorial"] = bool(out["non_territorial"])
    # Sorted: JSONB does not keep key order, and exports must be byte-stable on every database.
    out["extra"] = dict(sorted(extra.items()))
    return out


def canonical_json(record: dict[str, Any]) -> str:
    """The one-line JSON of a record in the project's own format (stable bytes)."""
    return json.dumps(normalize_record(record), ensure_ascii=False, separators=(", ", ": "))
