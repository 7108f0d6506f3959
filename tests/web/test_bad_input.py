"""Bad input gets a clear Vietnamese 4xx (or ImportProblem), never a 500, and nothing half-written:
broken/huge/bomb/formula Excel files, wrong PDF, wrong JSON shapes, NFD text, hostile search queries,
dates out of range."""

from __future__ import annotations

import io
import json
import re
import unicodedata
import zipfile
from urllib.parse import quote

import pytest
from flask import Blueprint, request
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy import func, select

from tthc.decisions.importing import decision_from_flat, import_decisions
from tthc.models.decisions import Decision
from tthc.problems import ImportProblem
from tthc.records.flat import read_jsonl
from tthc.security import UploadRejected, check_pdf_upload, check_xlsx_upload, clean_query
from tthc.web.access import public_view


def workbook_bytes(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


# --- Uploads -----------------------------------------------------------------------------------------
def test_a_real_workbook_passes_even_full_of_formulas():
    plain = workbook_bytes([["Mã TTHC", "Tên"], ["1.001193", "Đăng ký khai sinh"]])
    assert check_xlsx_upload(plain) == plain
    formulas = workbook_bytes([[f"=SUM(A1:A{i})", "=HYPERLINK(\"http://x\",\"y\")", "=1/0"] for i in range(1, 200)])
    assert check_xlsx_upload(formulas) == formulas  # formulas are text to the reader, never evaluated


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "rỗng"),
        (b"Ma TTHC;Ten\n1.001193;Dang ky khai sinh\n", "không phải bảng tính Excel"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "Excel cũ (.xls)"),
        (b"PK\x03\x04" + b"\x00\xff" * 300, "bị hỏng"),
        (None, "không phải bảng tính Excel"),  # a zip, but not a workbook
        (None, "bom nén"),
    ],
    ids=["empty", "csv", "xls", "broken-zip", "zip-not-xlsx", "zip-bomb"],
)
def test_bad_workbooks_are_refused_before_openpyxl(data, message, request):
    if data is None and message.startswith("không"):
        data = zip_bytes({"readme.txt": b"xin chao"})
    elif data is None:  # 30 MB of zeros compress to ~30 kB: ratio ~1000
        data = zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b"\0" * (30 * 1024 * 1024)})
    with pytest.raises(UploadRejected, match=re.escape(message)):
        check_xlsx_upload(data)


def test_oversized_and_huge_when_unzipped_workbooks_are_refused():
    workbook = workbook_bytes([["x" * 1000] for _ in range(500)])
    with pytest.raises(UploadRejected, match="Tệp quá lớn"):
        check_xlsx_upload(workbook, max_bytes=len(workbook) - 1)
    with pytest.raises(UploadRejected, match="khi giải nén quá lớn"):
        check_xlsx_upload(workbook, max_uncompressed=100_000)


def test_pdf_upload_check():
    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(100, 100)
    writer.write(out)
    pdf = out.getvalue()
    assert check_pdf_upload(pdf) == pdf
    with pytest.raises(UploadRejected, match="không phải văn bản PDF"):
        check_pdf_upload(b"<html>" + pdf)
    with pytest.raises(UploadRejected, match="cắt cụt"):
        check_pdf_upload(pdf[:20])


@pytest.fixture
def upload_app(app):
    """An upload view written the way drafting/review views are told to (docs/security.md)."""
    sample = Blueprint("sample_upload", __name__)

    @sample.route("/thu-nghiem/tai-len", methods=["POST"])
    @public_view
    def upload():
        data = check_xlsx_upload(request.files["tep"].read())
        return {"bytes": len(data)}

    app.register_blueprint(sample)
    app.config.update(WTF_CSRF_ENABLED=False, MAX_CONTENT_LENGTH=64 * 1024)
    return app


def test_upload_views_answer_400_and_413_in_vietnamese(upload_app):
    client = upload_app.test_client()
    good = workbook_bytes([["a"]])
    assert client.post("/thu-nghiem/tai-len", data={"tep": (io.BytesIO(good), "a.xlsx")}).json == {"bytes": len(good)}
    bad = client.post("/thu-nghiem/tai-len", data={"tep": (io.BytesIO(b"%PDF-1.4"), "a.xlsx")})
    assert bad.status_code == 400 and "không phải bảng tính Excel" in bad.get_data(as_text=True)
    huge = client.post("/thu-nghiem/tai-len", data={"tep": (io.BytesIO(b"\0" * 100_000), "a.xlsx")})
    assert huge.status_code == 413 and "Tệp quá lớn" in huge.get_data(as_text=True)


# --- Search queries --------------------------------------------------------------------------------
def test_clean_query():
    assert clean_query(unicodedata.normalize("NFD", "đăng ký khai sinh")) == "đăng ký khai sinh"
    assert clean_query("khai\x00sinh\x1b[31m\u200b\u202e  kết\thôn\r\n") == "khai sinh [31m kết hôn"
    assert len(clean_query("a" * 100_000)) == 200
    # Words, not syntax: the searcher's job.
    assert clean_query('name:"x" AND (y OR z*)~2^3') == 'name:"x" AND (y OR z*)~2^3'
    assert clean_query(None) == "" and clean_query(["x"]) == ""
    assert clean_query("\ud800 lỗi") == "lỗi"


HOSTILE_QUERIES = [
    'name:"khai sinh" AND (x OR y*)~2^3',
    "*",
    "?",
    "((((",
    ")",
    '"',
    "NOT",
    "a" * 20_000,
    "khai\x00sinh\x1b\x7f",
    unicodedata.normalize("NFD", "đăng ký"),
    "Ðång kÝ",
    "¸nh s¸ng",
    "\ud800",
    "%00",
    "'; DROP TABLE procedure;--",
]


def test_public_pages_survive_hostile_query_strings(app, demo):
    client = app.test_client()
    public_gets = [
        r.rule
        for r in app.url_map.iter_rules()
        if "GET" in r.methods and not r.arguments and not r.rule.startswith("/static")
    ]
    for rule in public_gets + ["/thu-tuc/1.001193"]:
        for text in HOSTILE_QUERIES:
            for key in ("q", "tu-khoa", "ngay", "cap", "linh-vuc", "trang"):
                raw = quote(text.encode("utf-8", "surrogatepass"))  # a lone surrogate: invalid UTF-8 bytes
                response = client.get(f"{rule}?{key}={raw}&{key}=2")
                assert response.status_code < 500, (rule, key, text[:30], response.status_code)


@pytest.mark.parametrize(
    "value, message",
    [
        ("2025-02-30", "không đúng dạng"),
        ("20/11/2025", "không đúng dạng"),
        ("1800-01-01", "ngoài khoảng"),
        ("9999-12-31", "ngoài khoảng"),
        ("x" * 5000, "không đúng dạng"),
    ],
)
def test_dates_out_of_range_give_400_in_vietnamese(client, value, message):
    response = client.get("/", query_string={"ngay": value})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


# --- JSON with wrong shapes ----------------------------------------------------------------------------
GOOD_ENTRY = {"action": "new", "code": "9.999999", "name": "Thủ tục thử", "channels": ["Trực tiếp"]}


@pytest.mark.parametrize(
    "flat, message",
    ids=str,
    argvalues=[
        ({"number": "1/QĐ"}, "thiếu danh sách «entries»"),
        ({"entries": {"action": "new"}}, "thiếu danh sách «entries»"),
        ({"entries": [5]}, "mục phải là một đối tượng JSON"),
        ({"entries": [{"action": "xoa"}]}, "hình thức «xoa» không hợp lệ"),
        ({"entries": [dict(GOOD_ENTRY, channels="Trực tiếp")]}, "«channels» phải là một danh sách văn bản"),
        ({"entries": [dict(GOOD_ENTRY, documents=[{"ten": 1}])]}, "«documents» phải là một danh sách văn bản"),
        ({"entries": [dict(GOOD_ENTRY, time_limit=15)]}, "«time_limit» phải là một chuỗi văn bản"),
        ({"entries": [dict(GOOD_ENTRY, name=["a"])]}, "«name» phải là một chuỗi văn bản"),
        ({"entries": [GOOD_ENTRY], "title": {"x": 1}}, "«title» phải là một chuỗi văn bản"),
        ({"entries": [GOOD_ENTRY], "legal_acts": 7}, "«legal_acts» phải là một danh sách văn bản"),
        ({"entries": [GOOD_ENTRY], "date": 20251120}, "«date» phải là một chuỗi văn bản"),
        ({"entries": [GOOD_ENTRY], "date": "2025-13-01"}, "không đúng dạng YYYY-MM-DD"),
        ({"entries": [dict(GOOD_ENTRY, name="Thñ tôc ®¨ng ký khai sinh")]}, "có vẻ là văn bản mã TCVN3"),
        ({"entries": [GOOD_ENTRY], "title": "Thuû tuïc haønh chính"}, "có vẻ là văn bản mã VNI"),
    ],
)
def test_wrong_shapes_are_import_problems_naming_the_key(flat, message):
    with pytest.raises(ImportProblem, match=re.escape(message)):
        decision_from_flat(flat, "Dòng 1", signed=False)


def test_cli_import_of_bad_files_writes_nothing(runner, session_factory, tmp_path):
    good = json.dumps({"number": "1/QĐ-UBND", "date": "2025-11-20", "entries": [GOOD_ENTRY]}, ensure_ascii=False)
    cases = {
        "shape.jsonl": good + "\n" + json.dumps({"number": "2/QĐ-UBND", "entries": [dict(GOOD_ENTRY, fee=1)]}),
        "latin1.jsonl": None,
        "deep.jsonl": good + "\n" + "[" * 100_000 + "]" * 100_000,
        "array.jsonl": good + "\n[1, 2]",
    }
    for name, content in cases.items():
        path = tmp_path / name
        if content is None:
            path.write_bytes(good.encode() + b"\n" + '{"number": "Quyết định"}'.encode("cp1258", "replace") + b"\xff\n")
        else:
            path.write_text(content, encoding="utf-8")
        result = runner.invoke(args=["decision", "import", str(path), "--json"])
        assert result.exit_code == 1, (name, result.output)
        assert result.output.startswith("Lỗi: Dòng 2"), (name, result.output)
        assert "Traceback" not in result.output
    with session_factory() as session:
        assert session.scalar(select(func.count(Decision.id))) == 0  # the good first lines were not kept


def test_nfd_input_is_stored_nfc(session_factory, tmp_path):
    nfd = unicodedata.normalize("NFD", "Đăng ký khai sinh cho trẻ em")
    path = tmp_path / "nfd.jsonl"
    path.write_text(
        json.dumps(
            {"number": "5/QĐ", "date": "2025-11-20", "entries": [dict(GOOD_ENTRY, name=nfd)]}, ensure_ascii=False
        ),
        encoding="utf-8",
    )
    with session_factory() as session:
        (decision,) = import_decisions(session, read_jsonl(path), signed=False)
        assert decision.entries[0].record["name"] == unicodedata.normalize("NFC", nfd)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)
ENTRY_KEYS = [
    "code",
    "name",
    "field",
    "level",
    "time_limit",
    "fee",
    "channels",
    "documents",
    "steps",
    "legal_basis",
    "abolition_basis",
    "replaces",
    "agency",
    "levels",
    "results",
    "note",
    "place",
]
entries = st.fixed_dictionaries(
    {"action": st.sampled_from(["new", "amended", "replaced", "abolished", "x"])},
    optional={k: json_values | st.text(max_size=30) for k in ENTRY_KEYS},
)
decisions = st.fixed_dictionaries(
    {"entries": st.lists(entries, max_size=3) | json_values},
    optional={k: json_values for k in ("number", "date", "title", "issuer", "legal_acts", "signer", "extra_key")},
)


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(decisions)
def test_any_json_shape_is_imported_or_refused_cleanly(flat):
    try:
        decision = decision_from_flat(flat, "Dòng 1", signed=False)
    except ImportProblem:
        return
    json.dumps([e.record for e in decision.entries])  # what the database stores must be JSON


def test_real_vietnamese_is_never_taken_for_mojibake(sample_dir):
    from tthc.text import looks_like_mojibake

    texts = []

    def walk(value):
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, (list, dict)):
            for item in value.values() if isinstance(value, dict) else value:
                walk(item)

    for name in ("procedures.jsonl", "decisions.jsonl"):
        for _, row in read_jsonl(sample_dir / name):
            walk(row)
    assert len(texts) > 1000
    assert [t for t in texts if looks_like_mojibake(t)] == []
    assert looks_like_mojibake("Thñ tôc ®¨ng ký") == "TCVN3" and looks_like_mojibake("Thuû tuïc haønh chính") == "VNI"
