"""Safety helpers every door calls: what an upload may contain, what a search query may be. No Flask:
the core, the CLI and the views share them. (Who may see or act on a decision: tthc.decisions.policy.)

- `check_xlsx_upload(data)` / `check_docx_upload(data)` / `check_pdf_upload(data)`: refuse wrong types,
  oversized files, zip bombs and (Word) XML entity declarations before openpyxl, python-docx or a PDF
  reader sees the bytes (UploadRejected, Vietnamese message).
- `clean_query(text)`: NFC, no control characters, bounded length; what a search box may pass on.
- `csv_cell(value)` / `neutralise_workbook(book)`: no cell of a CSV or workbook the app writes runs as
  a formula.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from typing import Any

from .problems import DomainError
from .text import nfc

# --- Uploads ---------------------------------------------------------------------------------------
MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # the file as sent (a scanned, signed PDF)
# An annex of 300 real entries is 0.4 MB sent and 3.4 MB unzipped; these leave room for heavy formatting.
MAX_XLSX_BYTES = 5 * 1024 * 1024
MAX_XLSX_UNCOMPRESSED = 30 * 1024 * 1024  # all members together, once unzipped
MAX_XLSX_MEMBERS = 2000
MAX_COMPRESSION_RATIO = 100  # real annexes stay well under 20:1; bombs go over 1000:1


class UploadRejected(DomainError, ValueError):
    """An upload we refuse; the message is Vietnamese and says why."""


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def _check_size(data: bytes, limit: int) -> None:
    if not data:
        raise UploadRejected("Tệp tải lên rỗng.")
    if len(data) > limit:
        raise UploadRejected(f"Tệp quá lớn ({_megabytes(len(data))}); tối đa {_megabytes(limit)}.")


def check_xlsx_upload(
    data: bytes, *, max_bytes: int = MAX_XLSX_BYTES, max_uncompressed: int = MAX_XLSX_UNCOMPRESSED
) -> bytes:
    """The bytes, if they are a plausible .xlsx workbook; UploadRejected otherwise.

    Only the zip directory is read (no member is decompressed), so a zip bomb costs nothing here.
    """
    _check_size(data, max_bytes)
    if not data.startswith(b"PK\x03\x04"):
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            raise UploadRejected("Tệp là bảng tính Excel cũ (.xls); hãy lưu lại dưới dạng .xlsx rồi tải lên.")
        raise UploadRejected("Tệp không phải bảng tính Excel (.xlsx).")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise UploadRejected("Tệp Excel bị hỏng hoặc không đọc được (.xlsx).") from None
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise UploadRejected("Tệp nén không phải bảng tính Excel (.xlsx).")
    if len(members) > MAX_XLSX_MEMBERS:
        raise UploadRejected("Tệp Excel có quá nhiều thành phần; hãy kiểm tra lại tệp.")
    for member in members:
        if member.file_size > 1024 * 1024 and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1):
            raise UploadRejected("Tệp Excel có tỉ lệ nén bất thường (nghi ngờ «bom nén»); không xử lý.")
    total = sum(m.file_size for m in members)
    if total > max_uncompressed:
        raise UploadRejected(
            f"Tệp Excel khi giải nén quá lớn ({_megabytes(total)}); tối đa {_megabytes(max_uncompressed)}."
        )
    return data


def unzipped_size(data: bytes | None) -> int:
    """What a zip (.xlsx, .docx) holds once unzipped, from its directory alone (nothing is decompressed);
    0 for anything that is not a readable zip."""
    if not data or not data.startswith(b"PK\x03\x04"):
        return 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return 0


MAX_DOCX_UNCOMPRESSED = 50 * 1024 * 1024  # text is small; pictures are already compressed
# An OOXML file saved with a password is an OLE container holding this stream (UTF-16 name).
_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")
_XML_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY", "<!DOCTYPE".encode("utf-16-le"), "<!ENTITY".encode("utf-16-le"))


def check_docx_upload(
    data: bytes, *, max_bytes: int = MAX_UPLOAD_BYTES, max_uncompressed: int = MAX_DOCX_UNCOMPRESSED
) -> bytes:
    """The bytes, if they are a plausible .docx document; UploadRejected otherwise.

    The zip directory is checked first (members, total size, compression ratio: nothing is
    decompressed before that), then each XML part is scanned for DOCTYPE/ENTITY declarations, which a
    Word document never needs: python-docx parses with lxml, so entity expansion ("billion laughs")
    and external entities are refused here, before it opens the file.
    """
    _check_size(data, max_bytes)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        if _ENCRYPTED_MARK in data:
            raise UploadRejected("Tệp Word được đặt mật khẩu (mã hóa); hãy bỏ mật khẩu rồi tải lên lại.")
        raise UploadRejected("Tệp là văn bản Word cũ (.doc); hãy mở bằng Word và lưu lại dưới dạng .docx.")
    if not data.startswith(b"PK\x03\x04"):
        raise UploadRejected("Tệp không phải văn bản Word (.docx).")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            if "word/document.xml" not in names:
                if any(n.startswith("xl/") for n in names):
                    raise UploadRejected("Tệp là bảng tính Excel (.xlsx), không phải văn bản Word (.docx).")
                raise UploadRejected("Tệp nén không phải văn bản Word (.docx).")
            if len(members) > MAX_XLSX_MEMBERS:
                raise UploadRejected("Tệp Word có quá nhiều thành phần; hãy kiểm tra lại tệp.")
            for member in members:  # a bomb is named as one before its size is
                ratio_limit = MAX_COMPRESSION_RATIO * max(member.compress_size, 1)
                if member.file_size > 1024 * 1024 and member.file_size > ratio_limit:
                    raise UploadRejected("Tệp Word có tỉ lệ nén bất thường (nghi ngờ «bom nén»); không xử lý.")
            total = sum(m.file_size for m in members)
            if total > max_uncompressed:
                raise UploadRejected(
                    f"Tệp Word khi giải nén quá lớn ({_megabytes(total)}); tối đa {_megabytes(max_uncompressed)}."
                )
            for member in members:
                if member.filename.endswith((".xml", ".rels")):
                    content = archive.read(member)
                    if any(mark in content for mark in _XML_DECLARATIONS):
                        raise UploadRejected(
                            "Tệp Word chứa khai báo DOCTYPE/ENTITY (không có trong văn bản "
                            "Word thật, có thể là tấn công XML); không xử lý."
                        )
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, RuntimeError) as error:
        if isinstance(error, UploadRejected):
            raise
        raise UploadRejected("Tệp Word bị hỏng hoặc không đọc được (.docx).") from None
    return data


# Names that make a PDF do something when opened: scripts, launching programs, carried files, media.
PDF_ACTIVE_NAMES = frozenset(
    {
        "/JS",
        "/JavaScript",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/FileAttachment",
        "/RichMedia",
        "/XFA",
        "/ImportData",
        "/SubmitForm",
    }
)
MAX_PDF_OBJECTS = 200_000  # walking stops (and refuses) past this many objects


def check_pdf_upload(data: bytes, *, max_bytes: int = MAX_UPLOAD_BYTES) -> bytes:
    """The bytes, if they are a PDF that pypdf can read, with at least one page and nothing active
    (JavaScript, launch actions, embedded files...); UploadRejected otherwise."""
    _check_size(data, max_bytes)
    if not data.startswith(b"%PDF-"):
        raise UploadRejected("Tệp không phải văn bản PDF.")
    if b"%%EOF" not in data[-2048:]:
        raise UploadRejected("Tệp PDF bị cắt cụt hoặc hỏng (thiếu phần kết thúc).")
    active = _pdf_active_content(data)
    if active:
        raise UploadRejected(f"Tệp PDF chứa nội dung tự chạy ({active}); hãy in lại ra PDF thường rồi tải lên.")
    return data


def _pdf_active_content(data: bytes) -> str | None:
    """The first active name found in the PDF, or None. UploadRejected if pypdf cannot read it."""
    import logging
    import warnings

    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            logging.getLogger("pypdf").setLevel(logging.ERROR)
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted or len(reader.pages) < 1:
                raise UploadRejected("Tệp PDF được mã hóa hoặc không có trang nào.")
            pending: list[Any] = [reader.trailer["/Root"]]
            seen: set[tuple[int, int]] = set()
            walked = 0
            while pending:
                node = pending.pop()
                if isinstance(node, IndirectObject):
                    if (node.idnum, node.generation) in seen:
                        continue
                    seen.add((node.idnum, node.generation))
                    node = node.get_object()
                walked += 1
                if walked > MAX_PDF_OBJECTS:
                    raise UploadRejected("Tệp PDF quá phức tạp để kiểm tra.")
                if isinstance(node, DictionaryObject):
                    for key, value in node.items():
                        if key in PDF_ACTIVE_NAMES:
                            return key.lstrip("/")
                        if isinstance(value, NameObject) and value in PDF_ACTIVE_NAMES:
                            return value.lstrip("/")
                        if key not in ("/Parent", "/P"):  # back-links lead to nodes seen anyway
                            pending.append(value)
                elif isinstance(node, ArrayObject):
                    pending.extend(node)
    except UploadRejected:
        raise
    except Exception:  # noqa: BLE001 - anything pypdf cannot read is not a PDF we keep
        raise UploadRejected("Tệp không phải văn bản PDF đọc được.") from None
    return None


# --- Search queries ----------------------------------------------------------------------------------
MAX_QUERY_LENGTH = 200


def clean_query(text: Any, max_length: int = MAX_QUERY_LENGTH) -> str:
    """NFC text with control and format characters turned into spaces, runs of spaces collapsed, capped
    at `max_length` characters. Query syntax (AND, *, "…", field:) is left to the search helper, which
    must treat the result as plain words."""
    if not isinstance(text, str):
        return ""
    text = nfc(text[: max_length * 4])  # bound the work before normalising
    kept = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") else ch for ch in text)
    return " ".join(kept.split())[:max_length].strip()


# --- Download names ------------------------------------------------------------------------------------
def safe_filename(text: str, fallback: str = "tep") -> str:
    """A file name safe in a Content-Disposition header and on any disk: letters (Vietnamese kept),
    digits and `.-_`; anything else (slashes, quotes, CR/LF, control characters) becomes `-`."""
    kept = "".join(ch if ch.isalnum() or ch in "._-" else "-" for ch in nfc(text or ""))
    kept = "-".join(part for part in kept.split("-") if part).strip(".")
    return kept[:120] or fallback


# --- Spreadsheet cells ---------------------------------------------------------------------------------
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run as a formula (OWASP): text starting with = + - @, a tab or
    a carriage return gets a leading apostrophe. The apostrophe shows in plain-text readers; that is the
    price, and the JSON Lines download keeps the exact text."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def neutralise_workbook(book: Any) -> Any:
    """Every workbook the app writes goes through here just before it is saved (OWASP, CSV injection):
    a cell holding a formula, or text a spreadsheet would take for one (starting with = + - @, a tab or
    a carriage return), becomes a text cell with Excel's quote prefix, as when a person types '=… in
    Excel. The text itself is unchanged (the prefix is a style, so the annex reads back exactly as it
    was written, and "- Luật …" lists look as they did); it is shown, never run, and stays text when
    someone edits the cell. The app writes no formula of its own."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if cell.data_type == "f" or (isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)):
                    cell.value = value if isinstance(value, str) else str(getattr(value, "text", value))
                    cell.data_type = "s"
                    cell.quotePrefix = True
    return book
