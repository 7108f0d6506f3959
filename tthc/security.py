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
import re
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
        "/GoToR",  # opens another file, local or on a network share
        "/GoToE",  # opens an embedded file
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


# --- Form files citizens open (mẫu đơn, tờ khai) --------------------------------------------------------
_NETWORK_PATH = re.compile(r"^(\\\\|\\?\?\\|(file|smb|nfs):)", re.IGNORECASE)  # \\host\share, file:, smb:


def is_network_path(text: str) -> bool:
    """A UNC path or a file/SMB address: opening it makes Windows send the user's credentials out."""
    return bool(_NETWORK_PATH.match(text.strip()))


def strip_pdf_links(data: bytes) -> tuple[bytes, list[str]]:
    """A form PDF with its link actions (/URI, also at opening and in additional actions) taken out, and
    the addresses taken; the bytes unchanged when there were none. Run after check_pdf_upload, which
    refuses Launch, GoToR, JavaScript and embedded files. UploadRejected when a network (UNC) path is
    left anywhere in the document's objects."""
    from pypdf import PdfReader, PdfWriter

    try:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data), strict=False))
        removed, network = _strip_uri_actions(writer.root_object)
    except UploadRejected:
        raise
    except Exception:  # noqa: BLE001 - anything pypdf cannot rewrite is not a PDF we keep
        raise UploadRejected("Tệp không phải văn bản PDF đọc được.") from None
    if network:
        raise UploadRejected(
            f"Tệp PDF chứa đường dẫn tới máy chủ mạng («{network[:60]}»); hãy in lại ra PDF thường rồi tải lên."
        )
    if not removed:
        return data, removed
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue(), removed


def _strip_uri_actions(root: Any) -> tuple[list[str], str]:  # noqa: C901
    """Remove every /URI action from the object graph under `root`: ([their addresses], the first
    network path found in what is left, or "")."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    def uri_of(value: Any) -> str | None:
        value = value.get_object() if isinstance(value, IndirectObject) else value
        if isinstance(value, DictionaryObject) and value.get("/S") == "/URI":
            return str(value.get("/URI", ""))
        return None

    removed: list[str] = []
    pending: list[Any] = [root]
    seen: set[int] = set()
    while pending:
        node = pending.pop()
        if isinstance(node, IndirectObject):
            node = node.get_object()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if len(seen) > MAX_PDF_OBJECTS:
            raise UploadRejected("Tệp PDF quá phức tạp để kiểm tra.")
        if isinstance(node, DictionaryObject):
            for key in list(node.keys()):
                uri = uri_of(node[key])
                if uri is not None:
                    removed.append(uri)
                    del node[key]
                elif key not in ("/Parent", "/P"):
                    pending.append(node[key])
        elif isinstance(node, ArrayObject):
            for index in reversed(range(len(node))):
                uri = uri_of(node[index])
                if uri is not None:
                    removed.append(uri)
                    del node[index]
                else:
                    pending.append(node[index])
        elif isinstance(node, (str, bytes)):
            text = node.decode("latin-1") if isinstance(node, bytes) else node
            if is_network_path(text):
                return removed, text
    return removed, ""


# Parts of an Office file that run code when it is opened, whatever they are named in.
_MACRO_PARTS = ("vbaproject.bin", "vbadata.xml")
_FIELDS_REACHING_OUT = re.compile(r"\b(DDEAUTO|DDE|INCLUDEPICTURE|INCLUDETEXT|LINK|IMPORT)\b", re.IGNORECASE)
_INSTRUCTION = re.compile(rb"<w:instrText[^>]*>([^<]*)<|w:instr=\"([^\"]*)\"")
_RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*>")
_ATTRIBUTE = re.compile(rb'(\w+)="([^"]*)"')


def check_office_form(data: bytes, kind: str) -> bytes:
    """A .docx or .xlsx form (already through its upload gate) that fetches and runs nothing when a
    citizen opens it: no macros, ActiveX or embedded OLE objects, no part fetched from outside (a remote
    template, a picture or object linked by address, another workbook, a data connection), no network
    path even in a hyperlink, no DDE/INCLUDE fields. Ordinary hyperlinks (to the portal) stay.
    UploadRejected otherwise; `kind` is "docx" or "xlsx"."""
    what = "Tệp Word" if kind == "docx" else "Tệp Excel"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        lowered = [n.lower() for n in names]
        content_types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
        if any(n.endswith(_MACRO_PARTS) for n in lowered) or b"macroenabled" in content_types.lower():
            raise UploadRejected(f"{what} có macro (mã chạy khi mở); hãy lưu lại dạng .{kind} không có macro.")
        if any("/activex/" in f"/{n}" for n in lowered):
            raise UploadRejected(f"{what} có điều khiển ActiveX (chạy khi mở); hãy xóa chúng rồi tải lên lại.")
        if any("/embeddings/" in f"/{n}" and n.endswith(".bin") for n in lowered):
            raise UploadRejected(f"{what} có đối tượng nhúng (OLE) có thể chạy khi mở; hãy xóa rồi tải lên lại.")
        if any(n.startswith("xl/externallinks/") for n in lowered):
            raise UploadRejected("Tệp Excel có liên kết tới bảng tính khác; hãy dán giá trị thay cho liên kết.")
        if "xl/connections.xml" in lowered:
            raise UploadRejected("Tệp Excel có kết nối dữ liệu ngoài; hãy xóa kết nối rồi tải lên lại.")
        for name in names:
            if name.endswith(".rels"):
                _check_relationships(archive.read(name), what)
            elif kind == "docx" and name.startswith("word/") and name.endswith(".xml"):
                instructions = " ".join(
                    (a or b).decode("utf-8", "replace") for a, b in _INSTRUCTION.findall(archive.read(name))
                )
                field = _FIELDS_REACHING_OUT.search(instructions)
                if field:
                    raise UploadRejected(
                        f"Tệp Word có trường {field[1].upper()} (lấy dữ liệu hoặc chạy lệnh từ ngoài khi mở); "
                        "hãy xóa trường đó rồi tải lên lại."
                    )
    return data


def _check_relationships(rels: bytes, what: str) -> None:
    for element in _RELATIONSHIP.findall(rels):
        attributes = {k.decode(): v.decode("utf-8", "replace") for k, v in _ATTRIBUTE.findall(element)}
        target, kind = attributes.get("Target", ""), attributes.get("Type", "").rsplit("/", 1)[-1]
        if is_network_path(target):
            raise UploadRejected(f"{what} có đường dẫn tới máy chủ mạng («{target[:60]}»); hãy xóa rồi tải lên lại.")
        if attributes.get("TargetMode", "").lower() != "external" or kind == "hyperlink":
            continue
        if kind == "attachedTemplate":
            raise UploadRejected(
                f"{what} dùng mẫu (template) từ xa («{target[:60]}»), tải về khi mở; hãy gỡ mẫu đính kèm "
                "(Developer → Document Template) rồi lưu lại."
            )
        raise UploadRejected(f"{what} có phần tải từ ngoài khi mở ({kind}: «{target[:60]}»); hãy nhúng hoặc xóa nó.")


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
