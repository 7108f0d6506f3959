"""The decision document (Quyết định công bố) as a signed-ready PDF, Decree 30/2020 layout.

Phần II prints what the decision makes the catalogue say: for amended and replaced entries the merged
record that applying it writes (tthc.catalogue.apply.plan_decision), never the partial annex row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from ..catalogue.apply import plan_decision
from ..catalogue.designations import entry_designations, is_list_decision
from ..catalogue.queries import version_in_force
from ..dates import vn_long_date
from ..models.catalogue import DESIGNATIONS, DesignationAction, VersionState
from ..models.decisions import Decision, DecisionKind, DecisionStatus, EntryAction
from . import render
from .postings import cached_file, store_file

DOCUMENT_KIND = "decision_document"
# Bumped when the decision document's own layout changes (list-type decisions' tables: 2), so a PDF
# cached under the old layout is made again; the posting sheets' caches stay.
DECISION_LAYOUT = "2"

# The legal basis every announcement decision cites (Decree 63/2010 Art. 13-15 as amended by Decree
# 92/2017; Circular 02/2017/TT-VPCP), used when the decision records no căn cứ of its own.
DEFAULT_LEGAL_ACTS = (
    "Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08 tháng 6 năm 2010 của Chính phủ về kiểm soát thủ tục hành chính;",
    "Căn cứ Nghị định số 92/2017/NĐ-CP ngày 07 tháng 8 năm 2017 của Chính phủ sửa đổi, bổ sung một số điều "
    "của các nghị định liên quan đến kiểm soát thủ tục hành chính;",
    "Căn cứ Thông tư số 02/2017/TT-VPCP ngày 31 tháng 10 năm 2017 của Văn phòng Chính phủ hướng dẫn về "
    "nghiệp vụ kiểm soát thủ tục hành chính;",
)
GROUPS = (  # Phần I, in the order of the annex template
    ("new", "mới ban hành", "Căn cứ pháp lý"),
    ("amended", "được sửa đổi, bổ sung", "Tên VBQPPL quy định nội dung sửa đổi, bổ sung"),
    ("replaced", "được thay thế", "Tên VBQPPL quy định việc thay thế"),
    ("abolished", "bị bãi bỏ", "Tên VBQPPL quy định việc bãi bỏ"),
)
COUNT_WORDS = {"new": "mới ban hành", "amended": "sửa đổi, bổ sung", "replaced": "thay thế", "abolished": "bãi bỏ"}


@dataclass
class DecisionDoc:
    number: str
    title: str
    issuer: str
    authority: str
    signer: str
    signer_title: str
    place_date: str
    long_date: str
    effective_text: str
    legal_acts: list[str]
    summary: str
    draft: bool
    status_label: str
    groups: list[dict[str, Any]] = field(default_factory=list)
    contents: list[dict[str, Any]] = field(default_factory=list)
    listings: list[dict[str, Any]] = field(default_factory=list)  # a list-type decision's tables

    @property
    def annex_title(self) -> str:
        return "DANH MỤC THỦ TỤC HÀNH CHÍNH" if self.listings else "DANH MỤC VÀ NỘI DUNG THỦ TỤC HÀNH CHÍNH"


def _place(issuer: str) -> str:
    """ "UBND tỉnh Quảng Trị" → "Quảng Trị" (the place line of Decree 30/2020); "" when unknown."""
    match = re.search(r"(?:tỉnh|thành phố|TP\.?)\s+(.+)$", issuer or "", flags=re.IGNORECASE)
    return match.group(1).strip() if match else ""


NOT_RECORDED = "Chưa cập nhật"


def amending_act(entry) -> list[str]:
    """The act that amends, replaces or abolishes the entry (Phần I's last column): the entry's own
    `basis`, never the procedure's old legal basis; "Chưa cập nhật" when the drafter has not given it."""
    return [b for b in entry.basis or [] if b.strip()] or [NOT_RECORDED]


def legal_act_line(text: str) -> str:
    """A căn cứ as decisions print it: "Căn cứ …;" whatever form the drafter typed it in."""
    text = text.strip()
    if re.match(r"(?i)^(theo|xét) ", text):  # "Theo đề nghị của …" closes the căn cứ: as typed
        return text
    text = text.rstrip(";.,").strip()
    if not re.match(r"(?i)^căn cứ\b", text):
        text = f"Căn cứ {text}"
    return f"{text};"


def _row(record: dict[str, Any], code: str, basis: list[str]) -> dict[str, str]:
    agencies = record.get("agencies") or {}
    return {
        "code": code or "Chưa có mã",
        "name": record.get("name", ""),
        "sector": record.get("sector", ""),
        "agency": "; ".join(agencies.get("executing") or []),
        "basis": "; ".join(basis),
        "basis_lines": list(basis),
        "level": record.get("level") or "",
    }


# What a list table holds, as its heading says it ("Danh mục thủ tục hành chính giải quyết tại chỗ");
# tthc.annex.word_lists reads the designation back from these words.
DESIGNATION_PHRASES = {
    "received": "tiếp nhận hồ sơ tại Trung tâm",
    "on_the_spot": "giải quyết tại chỗ",
    "online_full": "thực hiện trực tuyến toàn trình",
    "online_partial": "thực hiện trực tuyến một phần",
    "postal": "tiếp nhận, trả kết quả qua dịch vụ bưu chính công ích",
    "non_territorial": "thực hiện không phụ thuộc vào địa giới hành chính",
}
POINT_KIND_LABELS = {
    "tinh": "Các Trung tâm Phục vụ hành chính công cấp tỉnh",
    "xa": "Các Trung tâm Phục vụ hành chính công cấp xã",
}
DELISTED_NOTE = "Đưa ra khỏi danh mục"
GROUP_LETTERS = "ABCDĐEGHIK"


def list_tables(session: Session, decision: Decision) -> list[dict[str, Any]]:
    """A list-type decision's annex as real list decisions lay it out: one table per designation, listed
    entries first, then the delisted ones; in each, a group row per service point or centre level.
    [{"heading", "action", "designation", "places": [{"place", "rows": [{code, name, sector, agency,
    note}]}]}]. An entry with several designations is in each of their tables."""
    tables: dict[tuple[str, str], dict[str, list[dict[str, str]]]] = {}
    for entry in (decision.extra or {}).get("designations") or []:
        if not isinstance(entry, dict):
            continue
        version = version_in_force(session, entry.get("code") or "")
        record = version.record if version is not None else {}
        place = entry.get("service_point") or POINT_KIND_LABELS.get(
            entry.get("point_kind") or "", "Chưa rõ nơi tiếp nhận"
        )
        row = {
            "code": entry.get("code") or "",
            "name": version.name if version else entry.get("name", ""),
            "sector": record.get("sector") or NOT_RECORDED,
            "agency": "; ".join((record.get("agencies") or {}).get("executing") or []) or NOT_RECORDED,
            "note": DELISTED_NOTE if entry.get("action") == DesignationAction.DELISTED else "",
        }
        for designation in entry_designations(entry):
            places = tables.setdefault((entry.get("action") or DesignationAction.LISTED, designation), {})
            places.setdefault(place, []).append(row)
    order: list[tuple[str, str]] = [(action, name) for action in DesignationAction for name in DESIGNATIONS]
    out = []
    for number, key in enumerate(sorted(tables, key=order.index), start=1):
        action, designation = key
        phrase = DESIGNATION_PHRASES.get(designation, DESIGNATIONS.get(designation, designation).lower())
        lead = "đưa ra khỏi danh mục " if action == DesignationAction.DELISTED else ""
        out.append(
            {
                "heading": f"{number}. Danh mục thủ tục hành chính {lead}{phrase}",
                "action": action,
                "designation": designation,
                "places": [
                    {"place": place, "label": f"{_letter(i)}. {place}", "rows": rows}
                    for i, (place, rows) in enumerate(tables[key].items())
                ],
            }
        )
    return out


def _letter(index: int) -> str:
    """A, B, C, D, Đ, … for the group rows of a table; numbers once the letters run out."""
    return GROUP_LETTERS[index] if index < len(GROUP_LETTERS) else str(index + 1)


def _list_summary(tables: list[dict[str, Any]]) -> str:
    codes = {
        action: {row["code"] for t in tables if t["action"] == action for p in t["places"] for row in p["rows"]}
        for action in DesignationAction
    }
    counts = [
        f"{len(codes[a]):02d} thủ tục {w}"
        for a, w in (
            (DesignationAction.LISTED, "được đưa vào danh mục"),
            (DesignationAction.DELISTED, "đưa ra khỏi danh mục"),
        )
        if codes[a]
    ]
    phrases = list(dict.fromkeys(DESIGNATION_PHRASES.get(t["designation"], "") for t in tables))
    return (
        "danh mục thủ tục hành chính "
        + "; ".join(p for p in phrases if p)
        + (f" ({', '.join(counts)})" if counts else "")
    )


def build(session: Session, decision: Decision) -> DecisionDoc:
    plan = plan_decision(session, decision)
    rows: dict[str, list[dict[str, str]]] = {action: [] for action, _, _ in GROUPS}
    contents: dict[str, list[dict[str, Any]]] = {action: [] for action, _, _ in GROUPS}
    for planned in plan.entries:
        entry = planned.entry
        in_force = [v for v in planned.versions if v.state == VersionState.IN_FORCE]
        if entry.action == EntryAction.ABOLISHED:
            record = planned.versions[0].record if planned.versions else entry.record
            rows["abolished"].append(_row(record, entry.code or "", amending_act(entry)))
            continue
        record = in_force[0].record if in_force else entry.record
        code = entry.code or (in_force[0].code if in_force else "")
        basis = amending_act(entry) if entry.action != EntryAction.NEW else record.get("legal_basis") or []
        row = _row(record, code, basis)
        if entry.action == EntryAction.REPLACED and entry.replaces_code:
            row["name"] += f" (thay thế thủ tục mã {entry.replaces_code})"
        rows[entry.action].append(row)
        contents[entry.action].append(dict(record, code=code))
    signed = decision.signed_date
    tables = list_tables(session, decision) if is_list_decision(decision) else []
    counts = [f"{len(rows[a]):02d} thủ tục {COUNT_WORDS[a]}" for a, _, _ in GROUPS if rows[a]]
    total = sum(len(r) for r in rows.values())
    issuer = decision.issuer or "Ủy ban nhân dân tỉnh"
    place = _place(issuer)
    effective = decision.effective_date
    return DecisionDoc(
        number=decision.number if decision.kind != DecisionKind.BASELINE else "",
        title=decision.title,
        issuer=issuer,
        authority=f"Chủ tịch {issuer}",
        signer=decision.signer,
        signer_title=decision.signing_title or "CHỦ TỊCH",
        place_date=(f"{place}, " if place else "")
        + (vn_long_date(signed) if signed else "ngày      tháng      năm      "),
        long_date=vn_long_date(signed) if signed else "",
        effective_text=(
            "kể từ ngày ký"
            if effective and effective == signed
            else f"kể từ {vn_long_date(effective)}"
            if effective
            else "kể từ ngày ký"
        ),
        legal_acts=[legal_act_line(a) for a in decision.legal_acts if a.strip()]
        if decision.legal_acts
        else list(DEFAULT_LEGAL_ACTS),
        summary=_list_summary(tables)
        if tables
        else f"danh mục {total:02d} thủ tục hành chính" + (f" ({', '.join(counts)})" if counts else ""),
        draft=decision.status not in (DecisionStatus.SIGNED, DecisionStatus.IN_FORCE),
        status_label=decision.status_label,
        groups=[
            {"heading": heading, "basis_heading": basis_heading, "rows": rows[action]}
            for action, heading, basis_heading in GROUPS
            if rows[action]
        ],
        contents=[
            {"letter": "ABCD"[i], "heading": heading, "records": records}
            for i, (heading, records) in enumerate((h, contents[a]) for a, h, _ in GROUPS if contents[a])
        ],
        listings=tables,
    )


def decision_pdf(session: Session, decision: Decision) -> bytes:
    return render.html_to_pdf(render.render_html("decision.html", d=build(session, decision)))


def decision_document(session: Session, decision: Decision, export_dir: Path) -> bytes:
    """The decision PDF; cached once the decision is in force, when nothing it prints can change any
    more (before that, an earlier decision could still change what an amended entry merges into)."""
    revision = decision.revision
    if decision.status != DecisionStatus.IN_FORCE or revision is None:
        return decision_pdf(session, decision)
    key = f"{decision.id}:r{revision.id}:L{render.LAYOUT_VERSION}.{DECISION_LAYOUT}"
    path = cached_file(session, DOCUMENT_KIND, key, export_dir)
    if path is None:
        path = store_file(
            session,
            DOCUMENT_KIND,
            key,
            revision.id,
            f"decisions/{decision.id}-r{revision.id}-L{render.LAYOUT_VERSION}.{DECISION_LAYOUT}.pdf",
            decision_pdf(session, decision),
            export_dir,
        )
    return path.read_bytes()
