"""The Excel annex of an announcement decision: its sheets, columns and labels (docs/drafting.md).

"Quyết định" (the decision's own fields), "Phần I - Danh mục" (one row per entry: STT, action, code, name,
sector, level, agency, legal act), "Phần II - Nội dung" (one row per procedure, every record part; lists as
multi-line cells), and two detail sheets linked by STT: "Cách thức" (one row per channel) and "Hồ sơ" (one
row per document). tthc.annex.write writes this layout, tthc.annex.read reads it back.
"""

from __future__ import annotations

from ..models.decisions import ACTION_LABELS
from ..records import AGENCY_ROLES, CHANNELS, LEVELS, ONLINE_LEVELS, OPTIONAL_AGENCY_ROLES, TIME_UNITS

SHEET_DECISION = "Quyết định"
SHEET_LIST = "Phần I - Danh mục"
SHEET_CONTENT = "Phần II - Nội dung"
SHEET_METHODS = "Cách thức"
SHEET_DOSSIER = "Hồ sơ"
SHEET_HELP = "Hướng dẫn"

# The decision sheet: label -> flat decision key.
DECISION_FIELDS = {
    "Số quyết định": "number",
    "Trích yếu": "title",
    "Cơ quan ban hành": "issuer",
    "Người ký": "signer",
    "Ngày ký": "signed_date",
    "Ngày có hiệu lực": "effective_date",
    "Căn cứ ban hành": "legal_acts",
}
LIST_COLUMNS = [
    "STT",
    "Hình thức",
    "Mã TTHC",
    "Mã TTHC bị thay thế",
    "Tên thủ tục hành chính",
    "Lĩnh vực",
    "Cấp thực hiện",
    "Cơ quan thực hiện",
    "Văn bản quy phạm pháp luật",
    "Ghi chú",
]
# Phần II column -> (record key, kind). Kinds: text, lines, level, levels, online, bool, agency:<role>, json.
CONTENT_COLUMNS: dict[str, tuple[str, str]] = {
    "STT": ("", "stt"),
    "Mã TTHC": ("code", "text"),
    "Tên thủ tục": ("name", "text"),
    "Cấp thực hiện": ("level", "level"),
    "Các cấp thực hiện": ("levels", "levels"),
    "Lĩnh vực": ("sector", "text"),
    **{label: ("agencies", f"agency:{role}") for role, label in AGENCY_ROLES.items()},
    "Đối tượng thực hiện": ("applicants", "text"),
    "Trình tự thực hiện": ("steps", "lines"),
    "Yêu cầu, điều kiện": ("requirements", "text"),
    "Kết quả thực hiện": ("results", "lines"),
    "Căn cứ pháp lý": ("legal_basis", "lines"),
    "Mẫu đơn, tờ khai": ("forms", "lines"),
    "Phí, lệ phí (chung)": ("fee", "text"),
    "Thời hạn giải quyết (chung)": ("time_limit", "text"),
    "Dịch vụ công trực tuyến": ("online_level", "online"),
    "Mức độ (cũ)": ("legacy_online_level", "text"),
    "Bưu chính công ích": ("postal", "bool"),
    "Phi địa giới": ("non_territorial", "bool"),
    "Loại thủ tục": ("procedure_type", "text"),
    "Địa điểm tiếp nhận": ("place", "text"),
    "Ghi chú": ("notes", "text"),
    "Nguồn": ("source", "text"),
    "Thông tin khác (JSON)": ("extra", "json"),
    # Added later, so last: the columns officials already know keep their places.
    **{label: ("agencies", f"agency:{role}") for role, label in OPTIONAL_AGENCY_ROLES.items()},
}
METHOD_COLUMNS = [
    "STT",
    "Mã TTHC",
    "Cách thức",
    "Thời hạn giải quyết",
    "Thời hạn (số)",
    "Đơn vị thời hạn",
    "Phí, lệ phí",
    "Ghi chú",
]
DOSSIER_COLUMNS = ["STT", "Mã TTHC", "Trường hợp", "Tên giấy tờ", "Bản chính", "Bản sao", "Mẫu đơn, tờ khai"]
# Optional last column of Cách thức and Hồ sơ: "Bỏ" takes that channel / document out of the version in
# force (an amendment changes exactly the rows it gives; annexes made before the column still import).
REMOVE_COLUMN = "Bỏ"
# Phần II columns added after annexes were first made: a workbook without them still imports (blank).
LATER_CONTENT_COLUMNS = tuple(OPTIONAL_AGENCY_ROLES.values())
REMOVE_MARK = "Bỏ"
REMOVE_MARKS = ("bo", "x", "co")  # folded: Bỏ, x, Có
SHEETS = {
    SHEET_LIST: LIST_COLUMNS,
    SHEET_CONTENT: list(CONTENT_COLUMNS),
    SHEET_METHODS: METHOD_COLUMNS,
    SHEET_DOSSIER: DOSSIER_COLUMNS,
}
YES, NO = "Có", "Không"
# Columns whose values are text that Excel would turn into numbers (2.000840 → 2.00084, 03 → 3): the
# template formats them as Text and the reader refuses a number in them.
TEXT_ONLY_COLUMNS = frozenset({"Mã TTHC", "Mã TTHC bị thay thế", "Bản chính", "Bản sao"})


# Drop-down lists for the choice columns: sheet -> {column header: list}.
CHOICES = {
    "Hình thức": list(ACTION_LABELS.values()),
    "Cấp thực hiện": [label for key, label in LEVELS.items() if key],
    "Cách thức": [label for key, label in CHANNELS.items() if key],
    "Đơn vị thời hạn": [label for key, label in TIME_UNITS.items() if key],
    "Dịch vụ công trực tuyến": [label for key, label in ONLINE_LEVELS.items() if key],
    "Có/Không": [YES, NO],
}
CHOICE_COLUMNS = {
    SHEET_LIST: {"Hình thức": "Hình thức", "Cấp thực hiện": "Cấp thực hiện"},
    SHEET_CONTENT: {
        "Cấp thực hiện": "Cấp thực hiện",
        "Dịch vụ công trực tuyến": "Dịch vụ công trực tuyến",
        "Bưu chính công ích": "Có/Không",
        "Phi địa giới": "Có/Không",
    },
    SHEET_METHODS: {"Cách thức": "Cách thức", "Đơn vị thời hạn": "Đơn vị thời hạn"},
}


# --- the internal-process sheet (quy trình nội bộ) ------------------------------------------------
# Kept apart from the sheets above: one row per step, linked to Phần I by STT like the other detail
# sheets. The sheet is optional on import (annexes made before it existed still import); a procedure
# with rows here gets its whole process from them (an amended entry: the process is replaced whole).
SHEET_PROCESS = "Quy trình nội bộ"
PROCESS_COLUMNS = [
    "STT",
    "Mã TTHC",
    "Ký hiệu quy trình",
    "Trường hợp",
    "Cách thức",
    "Bước",
    "Nội dung công việc",
    "Đơn vị thực hiện",
    "Thời gian",
    "Kết quả, biểu mẫu",
    "Liên thông",
    "Tổng thời gian (ghi trong phụ lục)",
]
