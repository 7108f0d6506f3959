"""Posting sheets (niêm yết): one procedure's sheets, a service point's bundle, and the re-post list.

Caches (docs/architecture.md, invariants): a sheet PDF per (service point settings, version) and a bundle per
(service point settings, catalogue revision), files under EXPORT_DIR recorded in `derived_artifact`
with the revision they reflect. Lookups always start from the version in force now, so a sheet of a
superseded version is never served as current. Never imports Flask.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import groupby
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, object_session

from ..catalogue.agencies import FeedbackAddress, Register, feedback_address, load_register
from ..catalogue.designations import designated_anywhere, designation_state, procedures_received
from ..catalogue.queries import (
    VersionRow,
    catalogue_query,
    current_revision,
    rule_parts,
    source_decision_number,
    version_in_force,
    version_rows,
)
from ..catalogue.service_points import fingerprint, normalize_contact
from ..dates import vn_date
from ..models.catalogue import CatalogueRevision, DerivedArtifact, ProcedureVersion, ServicePoint, VersionState
from ..models.decisions import DecisionKind
from ..problems import DomainError, NotFound
from ..records.presence import PART_LABELS, missing_mandatory, missing_notice, not_recorded_text
from ..text import sort_key
from . import render

Progress = Callable[[int, int], None]
SHEET_KIND, BUNDLE_KIND = "posting_sheet", "posting_bundle"


class PrintError(DomainError, ValueError):
    """A print request that cannot be served; the message is Vietnamese."""


class NotInForce(PrintError, NotFound):
    """A sheet asked for a code the catalogue in force does not hold (a page answers 404)."""


@dataclass
class Sheet:
    """What one procedure's posting prints, plus where it comes from."""

    version: ProcedureVersion
    record: dict[str, Any]
    public_url: str
    basis: str
    number: int = 0
    missing: str = "Chưa cập nhật."  # what a part not recorded prints (names the decision and the agency)
    notice: str = ""  # the warning printed when a mandatory part is missing
    designations: frozenset[str] = frozenset()  # online designations by list-type decisions (online_full, …)
    feedback: FeedbackAddress | None = None  # where phản ánh, kiến nghị go when the point names no contact


@dataclass
class PrintSettings:
    export_dir: Path
    public_base_url: str
    authority: str
    made_on: dt.date = field(default_factory=dt.date.today)
    # An operator's test print: allowed with an unset or loopback base URL, every page says "BẢN IN THỬ".
    test_copy: bool = False
    feedback_address: str = ""  # TTHC_FEEDBACK_ADDRESS: where phản ánh, kiến nghị go, before any other
    authority_address: str = ""  # TTHC_AUTHORITY_ADDRESS: the last resort for them

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], made_on: dt.date | None = None) -> PrintSettings:
        return cls(
            Path(settings["EXPORT_DIR"]),
            str(settings.get("PUBLIC_BASE_URL") or "").rstrip("/"),
            settings["AUTHORITY_NAME"],
            made_on or dt.date.today(),
            test_copy=bool(settings.get("PRINT_TEST_COPY")),
            feedback_address=str(settings.get("FEEDBACK_ADDRESS") or ""),
            authority_address=str(settings.get("AUTHORITY_ADDRESS") or ""),
        )

    @property
    def variant(self) -> str:
        """What, besides the record and the point, a printed page depends on (part of every cache key):
        the address its QR code and links lead to, the feedback addresses and the test-print mark."""
        seen = f"{self.public_base_url}|{self.feedback_address}|{self.authority_address}"
        digest = hashlib.sha256(seen.encode()).hexdigest()[:8]
        return f"u{digest}" + ("-thu" if self.test_copy else "")


LOOPBACK_HOSTS = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})


def base_url_problem(base_url: str) -> str | None:
    """Why citizens could not follow a sheet's QR code and links to this address (None: they can)."""
    import ipaddress
    from urllib.parse import urlsplit

    if not base_url.strip():
        return "chưa đặt địa chỉ công khai của trang tra cứu (TTHC_PUBLIC_BASE_URL)"
    parts = urlsplit(base_url.strip())
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        return f"địa chỉ công khai «{base_url[:80]}» không phải một địa chỉ http(s) hợp lệ (TTHC_PUBLIC_BASE_URL)"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        loopback = host in LOOPBACK_HOSTS or host.endswith(".localhost")
    else:
        loopback = address.is_loopback or address.is_unspecified or address.is_link_local
    if loopback:
        return (
            f"địa chỉ công khai {base_url[:80]} chỉ mở được trên chính máy chủ (TTHC_PUBLIC_BASE_URL), "
            "người dân quét mã QR sẽ không tới được trang thủ tục"
        )
    return None


def ensure_printable(settings: PrintSettings) -> None:
    """Posting sheets send citizens to the public site: refuse to print while its address is unset or
    loopback, unless the operator asked for a test print (PRINT_TEST_COPY, marked on every page)."""
    problem = base_url_problem(settings.public_base_url)
    if problem and not settings.test_copy:
        raise PrintError(
            f"Chưa in được phiếu niêm yết: {problem}. Hãy đặt TTHC_PUBLIC_BASE_URL là địa chỉ "
            "trang tra cứu mà người dân truy cập (ví dụ https://dichvucong.tinh.gov.vn); "
            "muốn in thử, quản trị đặt TTHC_PRINT_TEST_COPY=true (mọi trang in chữ «BẢN IN THỬ»)."
        )


def public_url(base_url: str, code: str) -> str:
    return f"{base_url.rstrip('/')}/thu-tuc/{quote(code, safe='')}"


def basis_text(version: ProcedureVersion) -> str:
    """The decision (and date) a version rests on, as printed at the foot of its sheet."""
    decision = version.entry.decision if version.entry is not None else None
    effective = vn_date(version.valid_from)
    if decision is None or decision.kind == DecisionKind.BASELINE:
        return f"danh mục thủ tục hành chính ban đầu, có hiệu lực từ {effective}"
    text = f"Quyết định số {decision.number}"
    if decision.signed_date:
        text += f" ngày {vn_date(decision.signed_date)}"
    if decision.issuer:
        text += f" của {decision.issuer}"
    return f"{text}, có hiệu lực từ {effective}"


def sheet_feedback(register: Register, record: dict[str, Any], settings: PrintSettings) -> FeedbackAddress | None:
    return feedback_address(register, record, settings.feedback_address, settings.authority, settings.authority_address)


def make_sheet(
    version: ProcedureVersion,
    settings: PrintSettings,
    designations: frozenset[str] = frozenset(),
    register: Register | None = None,
) -> Sheet:
    """`register`: the agency register, loaded once by callers making many sheets."""
    number = source_decision_number(version)
    if register is None:
        session = object_session(version)
        register = load_register(session) if session is not None else Register({})
    return Sheet(
        version,
        version.record,
        public_url(settings.public_base_url, version.code),
        basis_text(version),
        missing=not_recorded_text(version.record, number),
        notice=missing_notice(version.record, number),
        designations=designations,
        feedback=sheet_feedback(register, version.record, settings),
    )


def online_designations(session: Session, on_date: dt.date) -> dict[str, frozenset[str]]:
    """{code: the online designations listed for it anywhere} on the date, for the sheets' online line."""
    state = designation_state(session, on_date)
    out: dict[str, set[str]] = {}
    for name in ("online_full", "online_partial"):
        for code in designated_anywhere(state, name):
            out.setdefault(code, set()).add(name)
    return {code: frozenset(names) for code, names in out.items()}


def incomplete_sheets(
    versions: Sequence[ProcedureVersion | VersionRow], missing_by_id: Mapping[int, Sequence[str]] | None = None
) -> list[dict[str, Any]]:
    """The procedures whose sheet will carry the missing-parts notice, for the print page to list first: code,
    name and the parts missing (the notice itself names the source decision, a query per version: the
    sheet writes it, the list does not need it). `missing_by_id`: the mandatory parts each version misses
    (`missing_parts`), for light rows that carry no record."""
    out = []
    for v in versions:
        if missing_by_id is not None:
            missing: Sequence[str] = missing_by_id.get(v.id, ())
        else:
            assert isinstance(v, ProcedureVersion), "a light row carries no record: give missing_by_id"
            missing = missing_mandatory(v.record)
        if missing:
            out.append({"code": v.code, "name": v.name, "missing": [PART_LABELS[p] for p in missing]})
    return out


def missing_parts(session: Session, on_date: dt.date | None = None) -> dict[int, tuple[str, ...]]:
    """{version id: the mandatory parts its record misses} over the catalogue on the date (versions that
    miss none left out): what every point's incomplete-sheet list is cut from (a version is immutable, so
    this holds for as long as the catalogue stays as it is)."""
    out = {}
    for version_id, record in session.execute(
        catalogue_query(on_date or dt.date.today()).with_only_columns(ProcedureVersion.id, ProcedureVersion.record)
    ):
        if missing := missing_mandatory(record):
            out[version_id] = tuple(missing)
    return out


def _point_context(point: ServicePoint | None, settings: PrintSettings) -> dict[str, Any]:
    return {
        "point_name": point.name if point else settings.authority,
        "address": point.address if point else "",
        "contact": normalize_contact(point.feedback_contact if point else None),
        "authority": settings.authority,
        # A point without a contact names the configured address or the authority's (a list page has no
        # one procedure whose agency could be named).
        "fallback": feedback_address(
            Register({}), None, settings.feedback_address, settings.authority, settings.authority_address
        ),
        "made_on": settings.made_on,
        "test_copy": settings.test_copy,
    }


def layout_sheet(sheet: Sheet, point: ServicePoint | None, settings: PrintSettings):
    return render.layout(render.render_html("sheet.html", s=sheet, **_point_context(point, settings)))


def group_by_sector(sheets: list[Sheet]) -> list[tuple[str, list[Sheet]]]:
    """Sheets grouped by sector (Vietnamese order), numbered 1..n across the groups."""
    ordered = sorted(
        sheets, key=lambda s: (s.record.get("sector") == "", sort_key(s.record.get("sector") or ""), s.version.sort_key)
    )
    groups = [(sector, list(items)) for sector, items in groupby(ordered, key=lambda s: s.record.get("sector") or "")]
    number = 0
    for _, items in groups:
        for sheet in items:
            number += 1
            sheet.number = number
    return groups


def revision_date(session: Session, revision: int) -> dt.date | None:
    """The date a catalogue revision took effect: what a list page is dated by (not the print date)."""
    row = session.get(CatalogueRevision, revision) if revision else None
    return row.effective_date if row is not None else None


def layout_list(
    groups,
    point: ServicePoint,
    settings: PrintSettings,
    revision: int,
    on_date: dt.date | None = None,
    reprinted: bool = False,
):
    html = render.render_html(
        "list.html",
        groups=groups,
        revision=revision,
        on_date=on_date,
        reprinted=reprinted,
        **_point_context(point, settings),
    )
    return render.layout(html)


# --- the artifact cache ---------------------------------------------------------------------------
def cached_file(session: Session, kind: str, key: str, export_dir: Path) -> Path | None:
    """The cached file for (kind, key) if it is still on disk and intact, else None."""
    row = session.scalar(select(DerivedArtifact).where(DerivedArtifact.kind == kind, DerivedArtifact.key == key))
    if row is None:
        return None
    path = export_dir / row.path
    if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != row.sha256:
        session.delete(row)
        session.flush()
        return None
    return path


def store_file(
    session: Session, kind: str, key: str, revision_id: int | None, relative: str, content: bytes, export_dir: Path
) -> Path:
    path = export_dir / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{uuid.uuid4().hex}.tmp")
    tmp.write_bytes(content)
    tmp.replace(path)  # readers never see a half-written file
    values = {"revision_id": revision_id, "path": relative, "sha256": hashlib.sha256(content).hexdigest()}
    row = session.scalar(select(DerivedArtifact).where(DerivedArtifact.kind == kind, DerivedArtifact.key == key))
    if row is None:
        try:
            with session.begin_nested():  # two jobs may finish the same artifact at once
                session.add(DerivedArtifact(kind=kind, key=key, **values))
            return path
        except IntegrityError:
            row = session.scalar(
                select(DerivedArtifact).where(DerivedArtifact.kind == kind, DerivedArtifact.key == key)
            )
    for name, value in values.items():
        setattr(row, name, value)
    session.flush()
    return path


def _sheet_key(
    point: ServicePoint | None, version: ProcedureVersion, variant: str, online: str = ""
) -> tuple[str, str]:
    """`online`: the designations the sheet prints (a list-type decision changes them, not the version)."""
    point_part = f"{point.id if point else 0}-{fingerprint(point)}"
    suffix = f"-{online}" if online else ""
    key = f"{point_part}:{version.id}{suffix}:L{render.LAYOUT_VERSION}:{variant}"
    return key, f"postings/sheets/{point_part}/{version.id}{suffix}-L{render.LAYOUT_VERSION}-{variant}.pdf"


def sheet_pdfs(
    session: Session,
    versions: list[ProcedureVersion],
    point: ServicePoint | None,
    settings: PrintSettings,
    progress: Progress | None = None,
) -> list[Path]:
    """One PDF per version (cached per version and point settings), rendering only the missing ones."""
    paths: list[Path] = []
    online = online_designations(session, settings.made_on)
    register = load_register(session)
    for done, version in enumerate(versions, start=1):
        designations = online.get(version.code, frozenset())
        # The feedback address a sheet prints can come from the agency register: part of its key.
        feedback = sheet_feedback(register, version.record, settings)
        shown = hashlib.sha256(repr(feedback).encode()).hexdigest()[:6]
        key, relative = _sheet_key(point, version, settings.variant, "+".join([*sorted(designations), shown]))
        path = cached_file(session, SHEET_KIND, key, settings.export_dir)
        if path is None:
            sheet = make_sheet(version, settings, designations, register)
            content = render.write_pdf([layout_sheet(sheet, point, settings)])
            path = store_file(session, SHEET_KIND, key, version.revision_id, relative, content, settings.export_dir)
        paths.append(path)
        if progress:
            progress(done, len(versions))
    return paths


def merge_pdfs(parts: Sequence[bytes | Path]) -> bytes:
    """Concatenate PDFs; identical font programs shared by the sheets are stored once. The parts' tag
    trees (WeasyPrint writes tagged PDF) are joined under one document, in the order of the pages."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    tags = _TagTree(writer)
    for part in parts:
        reader = PdfReader(io.BytesIO(part) if isinstance(part, bytes) else str(part))
        first_page = len(writer.pages)
        writer.append(reader)
        tags.add(reader, writer.pages[first_page:])
    tags.finish(reader_catalog=reader.trailer["/Root"] if parts else None)
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


class _TagTree:
    """The merged PDF's structure tree: each part's Document element becomes a Part of one Document, and
    the parts' structure-parent keys (pages, link annotations) are renumbered after one another."""

    def __init__(self, writer) -> None:
        from pypdf.generic import ArrayObject, DictionaryObject, NameObject

        self.writer = writer
        self.kids = ArrayObject()
        self.nums = ArrayObject()
        self.next_key = 0
        self.root = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
        self.root_ref = writer._add_object(self.root)
        self.document = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject("/Document"),
                NameObject("/P"): self.root_ref,
                NameObject("/K"): self.kids,
            }
        )
        self.document_ref = writer._add_object(self.document)

    def add(self, reader, pages) -> None:
        from pypdf.generic import NameObject, NumberObject

        tree = reader.trailer["/Root"].get("/StructTreeRoot")
        if tree is None:
            return
        tree = tree.get_object()
        offset, nums = self.next_key, tree["/ParentTree"].get_object().get("/Nums", [])
        for key, value in zip(nums[::2], nums[1::2], strict=True):
            self.nums += [NumberObject(int(key) + offset), value.clone(self.writer)]
            self.next_key = max(self.next_key, int(key) + offset + 1)
        for page in pages:
            objects = [page] + [annotation.get_object() for annotation in page.get("/Annots", [])]
            for obj in objects:
                for name in ("/StructParents", "/StructParent"):
                    if name in obj:
                        obj[NameObject(name)] = NumberObject(int(obj[name]) + offset)
        for element in tree["/K"] if isinstance(tree["/K"], list) else [tree["/K"]]:
            part = element.get_object().clone(self.writer)
            part[NameObject("/S")] = NameObject("/Part")
            part[NameObject("/P")] = self.document_ref
            self.kids.append(part.indirect_reference)

    def finish(self, reader_catalog) -> None:
        from pypdf.generic import ArrayObject, BooleanObject, DictionaryObject, NameObject

        if not self.kids:
            return
        self.root[NameObject("/K")] = ArrayObject([self.document_ref])
        self.root[NameObject("/ParentTree")] = self.writer._add_object(
            DictionaryObject({NameObject("/Nums"): self.nums})
        )
        catalog = self.writer._root_object
        catalog[NameObject("/StructTreeRoot")] = self.root_ref
        catalog[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
        if reader_catalog is not None and "/Lang" in reader_catalog:
            catalog[NameObject("/Lang")] = reader_catalog["/Lang"]


# --- the doors' entry points ----------------------------------------------------------------------
@dataclass
class PrintResult:
    path: Path
    revision: int
    procedures: list[str]
    cached: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": str(self.path),
            "revision": self.revision,
            "procedures": self.procedures,
            "count": len(self.procedures),
            "cached": self.cached,
        }


def versions_for_codes(session: Session, codes: list[str], on_date: dt.date | None = None) -> list[ProcedureVersion]:
    versions = []
    for code in codes:
        version = version_in_force(session, code.strip(), on_date or dt.date.today())
        if version is None:
            raise NotInForce(f"Mã {code} không có trong danh mục đang có hiệu lực.")
        versions.append(version)
    return versions


def procedure_sheets(
    session: Session,
    settings: PrintSettings,
    codes: list[str],
    point: ServicePoint | None = None,
    progress: Progress | None = None,
) -> tuple[bytes, list[ProcedureVersion]]:
    """The posting sheets of the procedures in force with these codes, in the order given."""
    ensure_printable(settings)
    versions = versions_for_codes(session, codes, settings.made_on)
    paths = sheet_pdfs(session, versions, point, settings, progress)
    return (paths[0].read_bytes() if len(paths) == 1 else merge_pdfs(paths)), versions


def bundle(
    session: Session, settings: PrintSettings, point: ServicePoint, progress: Progress | None = None
) -> PrintResult:
    """A service point's whole board: the list page, then every procedure it receives, by sector.
    Cached per (point settings, catalogue revision, the exact versions on the board); only sheets not
    yet cached are rendered."""
    ensure_printable(settings)
    revision = current_revision(session)
    versions = procedures_received(session, point, settings.made_on, revision)
    register = load_register(session)
    groups = group_by_sector([make_sheet(v, settings, register=register) for v in versions])
    ordered = [s.version for _, items in groups for s in items]
    codes = [v.code for v in ordered]
    # The version ids make the key exact even if a revision's changes only take effect later.
    board = hashlib.sha256(",".join(str(v.id) for v in ordered).encode()).hexdigest()[:12]
    point_part = f"{point.id}-{fingerprint(point)}"
    key = f"{point_part}:r{revision}:{board}:L{render.LAYOUT_VERSION}:{settings.variant}"
    cached = cached_file(session, BUNDLE_KIND, key, settings.export_dir)
    if cached is not None:
        if progress:
            progress(len(ordered), len(ordered))
        return PrintResult(cached, revision, codes, True)
    paths = sheet_pdfs(session, ordered, point, settings, progress)
    list_pdf = render.write_pdf([layout_list(groups, point, settings, revision, revision_date(session, revision))])
    content = merge_pdfs([list_pdf, *paths])
    path = store_file(
        session,
        BUNDLE_KIND,
        key,
        revision or None,
        f"postings/bundles/{point_part}/r{revision}-{board}-L{render.LAYOUT_VERSION}-{settings.variant}.pdf",
        content,
        settings.export_dir,
    )
    return PrintResult(path, revision, codes, False)


# --- keeping boards in step -----------------------------------------------------------------------
def _item(version: ProcedureVersion | VersionRow, reason: str) -> dict[str, Any]:
    return {
        "code": version.code,
        "name": version.name,
        "version_id": version.id,
        "revision": version.revision_id,
        "reason": reason,
    }


def repost_for_point(
    before: Sequence[ProcedureVersion | VersionRow],
    after: Sequence[ProcedureVersion | VersionRow],
    abolished_after: Mapping[str, ProcedureVersion | VersionRow],
) -> dict[str, list[dict[str, Any]]]:
    """Which sheets to take down and which to put up when a board moves from `before` to `after`."""
    old = {v.code: v for v in before}
    new = {v.code: v for v in after}
    take_down, put_up = [], []
    for code, version in old.items():
        if code not in new:
            gone = abolished_after.get(code)
            reason = (
                "Bãi bỏ" if gone is not None and gone.state == VersionState.ABOLISHED else "Không còn tiếp nhận tại đây"
            )
            if gone is not None and gone.replaced_by_code:
                reason = f"Thay thế bởi {gone.replaced_by_code}"
            take_down.append(_item(version, reason))
        elif new[code].id != version.id:
            take_down.append(_item(version, "Nội dung đã được sửa đổi, bổ sung"))
    for code, version in new.items():
        if code not in old:
            put_up.append(_item(version, "Mới tiếp nhận tại đây"))
        elif old[code].id != version.id:
            put_up.append(_item(version, "Nội dung mới"))
    key = lambda item: sort_key(item["name"])  # noqa: E731
    return {"take_down": sorted(take_down, key=key), "put_up": sorted(put_up, key=key)}


def repost_plan(
    session: Session, since_revision: int, points: list[ServicePoint], until_revision: int | None = None
) -> dict[str, Any]:
    """Per service point, the sheets to take down and to put up between two catalogue revisions.
    Points whose board does not change are listed with empty lists."""
    until = current_revision(session) if until_revision is None else until_revision
    if since_revision < 0 or since_revision > until:
        raise PrintError(f"Phiên bản danh mục {since_revision} không hợp lệ (hiện tại: {until}).")
    # Light rows: the plan compares version ids (a version is immutable: equal ids, equal content) and the
    # points' rules read only a few parts of a record (VersionRow.parts); no record is decoded.
    after = version_rows(session, None, until)
    same = {v.id: v for v in after}
    before = version_rows(session, None, since_revision, parts=False)
    differing = rule_parts(session, [v.id for v in before if v.id not in same])  # the rest: read with `after`
    before = [same.get(v.id) or replace(v, parts=differing[v.id]) for v in before]
    in_after = {v.code for v in after}
    gone = {v.code for v in before if v.code not in in_after}  # why they went: their latest version
    latest = {v.code: v for v in version_rows(session, None, until, include_abolished=True, codes=gone)}
    decisions = session.execute(
        select(CatalogueRevision.id, CatalogueRevision.effective_date, CatalogueRevision.decision_id)
        .where(CatalogueRevision.id > since_revision, CatalogueRevision.id <= until)
        .order_by(CatalogueRevision.id)
    ).all()
    from ..catalogue.designations import designation_state, point_designations, point_receives

    state_before = designation_state(session, None, since_revision)
    state_after = designation_state(session, None, until)
    result = []
    for point in points:
        listed_before = point_designations(session, point, state=state_before)
        listed_after = point_designations(session, point, state=state_after)
        changes = repost_for_point(
            [v for v in before if point_receives(point, v, listed_before)],
            [v for v in after if point_receives(point, v, listed_after)],
            latest,
        )
        result.append({"service_point": {"id": point.id, "name": point.name}, **changes})
    return {
        "since_revision": since_revision,
        "revision": until,
        "revisions": [
            {"revision": r.id, "effective_date": r.effective_date.isoformat(), "decision_id": r.decision_id}
            for r in decisions
        ],
        "service_points": result,
    }


def repost_sheets(
    session: Session,
    settings: PrintSettings,
    point: ServicePoint,
    since_revision: int,
    progress: Progress | None = None,
) -> tuple[bytes | None, dict[str, Any]]:
    """The sheets a point must put up since the revision, after the point's list page reprinted (its
    numbering and content change with the board), dated by the catalogue revision it shows. None when
    nothing changed."""
    ensure_printable(settings)
    plan = repost_plan(session, since_revision, [point])["service_points"][0]
    ids = [item["version_id"] for item in plan["put_up"]]
    if not ids and not plan["take_down"]:
        return None, plan
    versions = {v.id: v for v in session.scalars(select(ProcedureVersion).where(ProcedureVersion.id.in_(ids)))}
    paths = sheet_pdfs(session, [versions[i] for i in ids], point, settings, progress)
    revision = current_revision(session)
    register = load_register(session)
    board = group_by_sector(
        [
            make_sheet(v, settings, register=register)
            for v in procedures_received(session, point, settings.made_on, revision)
        ]
    )
    list_pdf = render.write_pdf(
        [layout_list(board, point, settings, revision, revision_date(session, revision), reprinted=True)]
    )
    return merge_pdfs([list_pdf, *paths]), plan
