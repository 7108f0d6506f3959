"""Form files that reach out (issue 25, item 9): a published form file is opened by citizens, so it must
not fetch or run anything. PDF link actions (/URI: official forms often link to the portal) are taken out
and the drafter is told; Launch, GoToR, JavaScript, embedded files and network (UNC) paths are refused.
Word and Excel forms with macros, a remote template, externally fetched parts (pictures, OLE links,
external workbooks, data connections) or DDE/INCLUDE fields are refused with a message."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from openpyxl import Workbook
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, TextStringObject
from sqlalchemy import select

from tests.support.form_files import docx_bytes, draft_with_entry, upload
from tthc.decisions.form_files import clean_form_file
from tthc.models.decisions import FormFile
from tthc.security import UploadRejected

PORTAL = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh.html"


# --- PDF ---------------------------------------------------------------------------------------------
def _pdf(*annotations: DictionaryObject, open_action: DictionaryObject | None = None, link: str | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if link:
        writer.add_annotation(page_number=0, annotation=Link(rect=(50, 50, 300, 80), url=link))
    for annotation in annotations:
        writer.add_annotation(page_number=0, annotation=annotation)
    if open_action is not None:
        writer._root_object[NameObject("/OpenAction")] = open_action
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _action_link(action: dict) -> DictionaryObject:
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([FloatObject(10), FloatObject(10), FloatObject(90), FloatObject(40)]),
        }
    )
    annotation[NameObject("/A")] = DictionaryObject(
        {NameObject(k): (NameObject(v) if v.startswith("/") else TextStringObject(v)) for k, v in action.items()}
    )
    return annotation


def _uris(data: bytes) -> list[str]:
    return re.findall(rb"/URI\s*\(([^)]*)\)", data) + re.findall(rb"/S\s*/URI", data)


def test_links_to_the_portal_are_taken_out_and_said():
    data = _pdf(
        link=PORTAL,
        open_action=DictionaryObject(
            {NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject("http://theo-doi.example/mo")}
        ),
    )
    assert _uris(data)
    cleaned, notices = clean_form_file("pdf", data)
    assert not _uris(cleaned)
    assert len(PdfReader(io.BytesIO(cleaned)).pages) == 1
    assert len(notices) == 1 and "2 liên kết" in notices[0] and "dichvucong.gov.vn" in notices[0]


def test_a_pdf_without_links_is_kept_byte_for_byte():
    data = _pdf()
    assert clean_form_file("pdf", data) == (data, [])


@pytest.mark.parametrize(
    "action, named",
    [
        ({"/S": "/GoToR", "/F": "bieu-mau-khac.pdf"}, "GoToR"),
        ({"/S": "/Launch", "/F": "cmd.exe"}, "Launch"),
        ({"/S": "/JavaScript", "/JS": "app.alert(1)"}, "JavaScript|JS"),
        ({"/S": "/Thread", "/F": "\\\\may-chu\\chia-se\\mau.pdf"}, "máy chủ mạng"),
        ({"/S": "/GoToE", "/D": "x"}, "GoToE"),
    ],
    ids=["gotor", "launch", "javascript", "unc-path", "gotoe"],
)
def test_actions_that_reach_out_are_refused(action, named):
    with pytest.raises(UploadRejected, match=named):
        clean_form_file("pdf", _pdf(_action_link(action)))


# --- Word and Excel ---------------------------------------------------------------------------------------
def _rezip(data: bytes, extra: dict[str, bytes] | None = None, edit=None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            target.writestr(item, edit(item.filename, content) if edit else content)
        for name, content in (extra or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def _rels(*relationships: str) -> bytes:
    body = "".join(relationships)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{body}</Relationships>'
    ).encode()


REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def _with_field(instruction: str):
    def edit(name, content):
        if name != "word/document.xml":
            return content
        field = (
            '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f"<w:r><w:instrText>{instruction}</w:instrText></w:r></w:p>"
        )
        return content.replace(b"<w:sectPr", field.encode() + b"<w:sectPr", 1)

    return edit


def _xlsx() -> bytes:
    book = Workbook()
    book.active.append(["Tờ khai", "Họ và tên"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _with_external_rel(kind: str, target: str) -> bytes:
    relationship = f'<Relationship Id="rId99" Type="{REL}{kind}" Target="{target}" TargetMode="External"/>'
    return _rezip(
        docx_bytes(),
        edit=lambda name, content: (
            content.replace(b"</Relationships>", relationship.encode() + b"</Relationships>")
            if name == "word/_rels/document.xml.rels"
            else content
        ),
    )


WORD_REFUSED = {
    "macro": (lambda: _rezip(docx_bytes(), {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"}), "macro"),
    "remote-template": (
        lambda: _rezip(
            docx_bytes(),
            {
                "word/_rels/settings.xml.rels": _rels(
                    f'<Relationship Id="rId1" Type="{REL}attachedTemplate" '
                    'Target="http://mau.example/Normal.dotm" TargetMode="External"/>'
                )
            },
        ),
        "mẫu (template)",
    ),
    "remote-picture-unc": (lambda: _with_external_rel("image", "\\\\may-chu\\anh.png"), "máy chủ mạng"),
    "remote-picture": (lambda: _with_external_rel("image", "http://theo-doi.example/a.png"), "tải từ ngoài"),
    "linked-object": (lambda: _with_external_rel("oleObject", "http://x.example/bang.xlsx"), "tải từ ngoài"),
    "unc-hyperlink": (lambda: _with_external_rel("hyperlink", "file://may-chu/chia-se/mau.docx"), "máy chủ mạng"),
    "dde-field": (
        lambda: _rezip(docx_bytes(), edit=_with_field('DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc"')),
        "DDEAUTO",
    ),
    "includepicture": (
        lambda: _rezip(docx_bytes(), edit=_with_field('INCLUDEPICTURE "http://theo-doi.example/a.png"')),
        "INCLUDEPICTURE",
    ),
    "activex": (lambda: _rezip(docx_bytes(), {"word/activeX/activeX1.bin": b"x"}), "ActiveX"),
    "ole-object": (lambda: _rezip(docx_bytes(), {"word/embeddings/oleObject1.bin": b"x"}), "nhúng"),
}


@pytest.mark.parametrize("kind", list(WORD_REFUSED))
def test_word_forms_that_reach_out_or_run_code_are_refused(kind):
    make, message = WORD_REFUSED[kind]
    with pytest.raises(UploadRejected, match=re.escape(message)):
        clean_form_file("docx", make())


def test_a_word_form_with_a_link_to_the_portal_is_kept():
    data = _with_external_rel("hyperlink", PORTAL)
    assert clean_form_file("docx", data) == (data, [])


@pytest.mark.parametrize(
    "extra, message",
    [
        ({"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"}, "macro"),
        ({"xl/externalLinks/externalLink1.xml": b"<externalLink/>"}, "bảng tính khác"),
        ({"xl/connections.xml": b"<connections/>"}, "kết nối dữ liệu"),
    ],
    ids=["macro", "external-workbook", "data-connection"],
)
def test_excel_forms_that_reach_out_or_run_code_are_refused(extra, message):
    with pytest.raises(UploadRejected, match=message):
        clean_form_file("xlsx", _rezip(_xlsx(), extra))


def test_a_plain_excel_form_is_kept():
    data = _xlsx()
    assert clean_form_file("xlsx", data) == (data, [])


# --- the drafter's page -------------------------------------------------------------------------------
@pytest.fixture
def drafter(app, demo, make_user, client, auth):
    app.config["WTF_CSRF_ENABLED"] = False
    make_user("soan", "drafter", "Sở Tư pháp")
    auth.login("soan")
    return client


def test_the_drafter_is_told_the_links_went_and_the_stored_file_has_none(drafter, demo):
    decision_id, entry_id = draft_with_entry(drafter)
    page = upload(drafter, decision_id, entry_id, "to-khai.pdf", _pdf(link=PORTAL)).get_data(as_text=True)
    assert "Đã đính kèm mẫu đơn, tờ khai." in page and "1 liên kết" in page
    with demo() as session:
        stored = session.scalars(select(FormFile).where(FormFile.entry_id == entry_id)).one()
        assert stored.content and not _uris(stored.content)
    refused = upload(drafter, decision_id, entry_id, "mau.docx", WORD_REFUSED["macro"][0]()).get_data(as_text=True)
    assert "macro" in refused and "Đã đính kèm" not in refused
