"""What the words of a Word annex mean: column headers by meaning, actions, levels, sectors, codes.

Everything compares folded text (no tone marks, đ→d, lower case), so "Mã TTHC", "MÃ TTHC" and
"Ma TTHC" are one header. The spellings come from real published decisions (docs/drafting.md).
"""

from __future__ import annotations

import re

from ..text import fold

# (pattern on the folded header, key), first match wins: the order settles overlaps such as
# "Tên thủ tục hành chính/ Mã TTHC" (name with the code inside) before "Mã TTHC" and "Tên …".
_COLUMNS: list[tuple[str, str]] = [
    (r"^(stt|tt|so tt|so thu tu)\.?$", "stt"),
    (r"^ten (thu tuc|tthc).*(\bma\b|so ho so)", "name_code"),
    (r"^(ma|ma so|so ho so|ma ho so)\b.*(tthc|thu tuc|ho so)|^ma( so)?$", "code"),
    (r"^ten (thu tuc|tthc|quy trinh)", "name"),
    # worded otherwise: "Thủ tục hành chính", "Danh mục TTHC", "Nội dung thủ tục", "Lĩnh vực/Tên thủ tục",
    # "Tên dịch vụ công"
    (
        r"^(danh muc )?(thu tuc|tthc)( hanh chinh)?$|^noi dung thu tuc"
        r"|^(linh vuc|nhom) ?/ ?ten (thu tuc|tthc)|^ten dich vu cong",
        "name",
    ),
    (
        r"can cu|vbqppl|van ban quy pham|\bvb\b.*quy dinh|van ban quy dinh|ly do bai bo"
        r"|quyet dinh da cong bo(?!.*danh muc)",
        "legal_basis",
    ),
    (r"^(thoi han|thoi gian)( giai quyet)?", "time_limit"),
    (r"dia diem.*cach thuc|cach thuc.*dia diem", "place_channel"),
    (r"dia diem|noi tiep nhan", "place"),
    (r"^cach thuc", "channels"),
    (r"dia gioi", "non_territorial"),
    (r"^phi\b|le phi", "fee"),
    (r"^linh vuc", "field"),
    (r"^cap thuc hien", "level"),
    (r"co quan thuc hien|tham quyen|co quan giai quyet|don vi thuc hien", "agency"),
    (r"ghi chu|noi dung sua doi", "note"),
    (r"dich vu cong truc tuyen|dvc|muc do|toan trinh|mot phan", "online"),
]
_PROCESS_WORDS = re.compile(
    r"trinh tu|trach nhiem|cac buoc|noi dung cong viec|thu tu cong viec|quy trinh|"
    r"ky hieu quy trinh|ban chinh|ban sao|bieu mau"
)

# (pattern on folded text, action). Headings, group rows, notes and titles all use these.
ACTION_WORDS: list[tuple[str, str]] = [
    (r"moi ban hanh|ban hanh moi|^\s*moi\s*$", "new"),
    (r"sua doi|bo sung", "amended"),
    (r"thay the", "replaced"),
    (r"bai bo|huy bo", "abolished"),
]
_LEVELS = [
    (r"cap tinh|\bcua so\b|thuoc so\b", "tinh"),
    (r"cap xa|cap phuong|cap co so|ubnd (cac )?xa", "xa"),
    (r"cap huyen", "huyen"),
    (r"trung uong|cap bo", "trung_uong"),
]
_NATIONAL = r"\d\.\d{6}"
# a cell that cites acts: "Nghị định số 140/2025/NĐ-CP", "Luật Đầu tư số 61/2020/QH14", "Thông tư 10/2024/TT-BTC"
ACT_CITE_RE = re.compile(
    r"\b(luật|nghị định|thông tư|quyết định|nghị quyết|pháp lệnh)\b[^\n]{0,80}?\d+/\d{4}/", re.IGNORECASE
)
_CODE_RE = re.compile(rf"^({_NATIONAL})(\.\d{{3}}\.\d{{2}}\.\d{{2}})?(\.?[A-Z]{{1,2}}\d{{2}})?$")


def column_key(header: str) -> str:
    """A header cell → its meaning (stt, code, name, name_code, time_limit, place, place_channel,
    channels, fee, legal_basis, field, level, agency, note, online, non_territorial), or "unknown"."""
    folded = " ".join(re.sub(r"\[\d+\]|\(.*?\)|[*:]", " ", fold(header)).split())
    if not folded:
        return "unknown"
    for pattern, key in _COLUMNS:
        if re.search(pattern, folded):
            return key
    return "unknown"


def is_process_header(text: str) -> bool:
    """Header words of an internal-process (quy trình nội bộ) or dossier table."""
    return bool(_PROCESS_WORDS.search(fold(text)))


def level_from_text(text: str) -> str | None:
    """ "A. Thủ tục hành chính cấp tỉnh" → "tinh"; "áp dụng chung" or several levels → "" (a group row
    that states a level, but not one); None when the text says nothing about levels."""
    folded = fold(text)
    found = {key for pattern, key in _LEVELS if re.search(pattern, folded)}
    if (
        re.search(r"\(cap [a-z]+(, [a-z]+)+\)", folded)
        or len(found) > 1
        or "ap dung chung" in folded
        or "chua xac dinh cap" in folded
    ):
        return ""
    if found:
        return found.pop()
    if re.fullmatch(r"(cap )?(tinh|xa)\.?", folded.strip()):
        return "tinh" if "tinh" in folded else "xa"
    return None


def sentence_case(text: str) -> str:
    """ "ĐIỆN LỰC" → "Điện lực"; text already in mixed case stays as it is."""
    text = " ".join(text.split())
    if text != text.upper():
        return text
    lower = text.lower()
    return lower[:1].upper() + lower[1:]


def sector_from_text(text: str) -> str | None:
    """The sector a group row or title names: "LĨNH VỰC: CHỨNG THỰC (12 TTHC)" → "Chứng thực";
    "I. Lĩnh vực Việc làm: 07 TTHC" → "Việc làm"; "… TRONG LĨNH VỰC ĐIỆN LỰC THUỘC …" → "Điện lực"."""
    match = re.search(r"lĩnh vực\s*:?\s*(.+)", " ".join(text.split()), flags=re.IGNORECASE)
    if not match:
        return None
    rest = match.group(1)
    # the sector ends where the count or the next clause begins
    rest = re.split(
        r"\s*[(:]\s*\d|\s*:\s*$|\s+(?:THUỘC|thuộc|CỦA|của|TẠI|tại|ÁP DỤNG|áp dụng)\s+|\s*\(\s*\d|\s*\)", rest
    )[0]
    rest = re.sub(r"\s*:?\s*\d+\s*(tthc|thủ tục).*$", "", rest, flags=re.IGNORECASE).strip(" .:;,-")
    rest = sentence_case(rest)
    return rest[:1].upper() + rest[1:] if rest else None


def parse_code(printed: str) -> tuple[str | None, str]:
    """The code as printed → (national code or None when malformed, the printed code without spaces).
    "1.014466. H05" → ("1.014466", "1.014466.H05"); "2.000894.000.00.00.H48" → ("2.000894", …);
    "1.0125010" → (None, "1.0125010"): malformed codes are flagged, never guessed."""
    compact = re.sub(r"\s+", "", printed).rstrip(".;,").upper()
    match = _CODE_RE.match(compact)
    return (match.group(1) if match else None), compact


def looks_like_code(text: str) -> bool:
    """A cell holding one procedure code in any printed form, well formed or not: "1.013401",
    "1.013401.H50", "1.000494.000.00.00.H29", "1.003441. H42", "1.013.788.H42", "1.0125010"."""
    compact = re.sub(r"\s+", "", text or "").rstrip(".;,").upper()
    if not re.fullmatch(r"\d\.[\d.]{5,}(?:\.?[A-Z]{1,2}\d{2})?", compact):
        return False
    return len(re.sub(r"\D", "", compact.split(".H")[0])) >= 6
