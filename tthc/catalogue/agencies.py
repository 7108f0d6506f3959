"""The agency register: the agencies as entities, and how the free text of records maps onto them.

Records keep agencies as their decisions wrote them ("Giám đốc Sở Tư pháp, Trung tâm Trợ giúp pháp lý
nhà nước", "sở tư pháp "), by role (executing, competent, authorized, coordinating). The register
(`Agency`: name, short name, level, aliases) answers which agencies a text names, in this order:
1. the whole text, folded (no marks, lower case, punctuation and spaces collapsed), is an agency's name,
   short name or alias, or an administrator mapped it (`AgencyMapping`);
2. otherwise each part of it (split at commas, semicolons, " và ") the same way, and a part that names a
   register entry inside a longer phrase ("Giám đốc Sở Tư pháp") maps to that entry.
What maps to nothing is listed for an administrator (`unmapped_texts`), who maps it once
(`map_text`): the mapping is read whenever the text is met, so it applies to every version already
recorded, which stays as it was written. An administrator may also grant an agency drafting for one
procedure or a whole sector (`AgencyGrant`), e.g. electricity procedures that name no agency.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..audit import record_event
from ..models.catalogue import GRANT_KINDS, Agency, AgencyGrant, AgencyMapping
from ..problems import DomainError
from ..records import AGENCY_ROLE_LABELS, LEVELS
from ..text import fold_words, nfc, sort_key


class AgencyError(DomainError):
    """A change of the register refused (an unknown agency, an empty text, a grant of an unknown kind)."""


fold_agency = fold_words  # one spelling of an agency name: folded, punctuation to spaces, single spaces


# How the name of an agency (not of a post in it) begins: such a text is registered as it is met.
AGENCY_HEADS = (
    "so ",
    "ubnd ",
    "uy ban ",
    "phong ",
    "trung tam ",
    "ban ",
    "cuc ",
    "chi cuc ",
    "cong an ",
    "bo ",
    "van phong ",
    "thanh tra ",
    "kho bac ",
    "bao hiem ",
    "dai ",
    "hoi dong ",
    "toa an ",
    "vien ",
    "benh vien ",
    "truong ",
    "co quan ",
    "tong cuc ",
    "ngan hang ",
    "chi nhanh ",
    "doi ",
)


# Real agency names stay under 150 characters; the unique index on the name (PostgreSQL's b-tree holds
# at most 2,704 bytes a row) would refuse a much longer one with an error, not a message.
MAX_AGENCY_NAME = 300


def looks_like_agency_name(text: str) -> bool:
    """ "Sở …", "UBND …", short enough to be one name (a longer text stays for an administrator to map)."""
    return len(text) <= MAX_AGENCY_NAME and fold_agency(text).startswith(AGENCY_HEADS)


# Administrative units (folded). "Ủy ban nhân dân xã, phường, thị trấn" is one agency: a part that is only
# such a word continues the list begun by the part before it, when that part ends with one.
ADMINISTRATIVE_UNITS = frozenset(
    ("xa", "phuong", "thi tran", "huyen", "quan", "thi xa", "thanh pho", "tinh", "dac khu", "cap xa", "cap huyen")
)
SEPARATOR_RE = re.compile(r"(\s*(?:[,;\n]|\bvà\b)\s*)")


def _ends_with_unit(folded: str) -> bool:
    return any(folded == unit or folded.endswith(f" {unit}") for unit in ADMINISTRATIVE_UNITS)


def _is_unit(folded: str) -> bool:
    """Only an administrative unit, or one with where it is ("thị trấn nơi cư trú")."""
    return any(folded == unit or folded.startswith(f"{unit} noi ") for unit in ADMINISTRATIVE_UNITS)


def split_agency_text(text: str) -> list[str]:
    """The agencies a text names, split at commas, semicolons and " và ", a list of administrative units
    after a head noun kept whole ("Ủy ban nhân dân xã, phường, thị trấn")."""
    pieces = SEPARATOR_RE.split(nfc(text or ""))
    parts: list[str] = []
    for position in range(0, len(pieces), 2):
        part = pieces[position].strip(" .")
        if not part:
            continue
        separator = pieces[position - 1].strip() if position else ""
        if (
            parts
            and separator in (",", "và")
            and _is_unit(fold_agency(part))
            and _ends_with_unit(fold_agency(parts[-1]))
        ):
            parts[-1] += (", " if separator == "," else " và ") + part
        else:
            parts.append(part)
    return parts


@dataclass(frozen=True)
class RegisteredAgency:
    """An agency of the register as read (plain data: a register is kept per catalogue state and shared
    between threads, after the session that read it is closed)."""

    id: int
    name: str
    short_name: str = ""
    level: str = ""
    parent_id: int | None = None
    aliases: tuple[str, ...] = ()
    address: str = ""

    @classmethod
    def of(cls, agency: Agency) -> RegisteredAgency:
        return cls(
            agency.id,
            agency.name,
            agency.short_name or "",
            agency.level or "",
            agency.parent_id,
            tuple(agency.aliases or ()),
            agency.address or "",
        )


@dataclass
class Register:
    """The register as read once: folded spellings and administrators' mappings → agency ids."""

    agencies: dict[int, RegisteredAgency]
    spellings: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    mapped: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))

    def add(self, found: Agency | RegisteredAgency) -> None:
        agency = found if isinstance(found, RegisteredAgency) else RegisteredAgency.of(found)
        self.agencies[agency.id] = agency
        for spelling in [agency.name, agency.short_name, *(agency.aliases or [])]:
            if fold_agency(spelling):
                self.spellings[fold_agency(spelling)].add(agency.id)

    def resolve(self, text: str) -> tuple[set[int], list[str]]:
        """(agency ids the text names, the parts of it that name none)."""
        whole = fold_agency(text)
        if not whole:
            return set(), []
        found = self._exact(whole)
        if found:
            return found, []
        ids: set[int] = set()
        missing: list[str] = []
        for part in split_agency_text(text):
            folded = fold_agency(part)
            named = self._exact(folded) or self._inside(folded)
            ids |= named
            if not named:
                missing.append(part)
        return ids, missing

    def _exact(self, folded: str) -> set[int]:
        return set(self.spellings.get(folded, ())) | set(self.mapped.get(folded, ()))

    def _inside(self, folded: str) -> set[int]:
        """Register spellings found inside the phrase as whole words, the longest one (a head of an agency
        is the agency: "giam doc so tu phap" → "so tu phap")."""
        padded = f" {folded} "
        hits = [
            (len(spelling), ids)
            for spelling, ids in self.spellings.items()
            if len(spelling) > 3 and f" {spelling} " in padded
        ]
        return set(max(hits, key=lambda hit: hit[0])[1]) if hits else set()

    def roles_of(self, record: dict[str, Any] | None) -> dict[int, set[str]]:
        """{agency id: the roles it has} in a record."""
        roles: dict[int, set[str]] = defaultdict(set)
        for role, names in ((record or {}).get("agencies") or {}).items():
            for name in names or []:
                for agency_id in self.resolve(name)[0]:
                    roles[agency_id].add(role)
        return dict(roles)

    def names(self, text: str) -> list[str]:
        """The register names a text maps to (Vietnamese order); the text itself when it maps to none."""
        ids, _ = self.resolve(text)
        if not ids:
            return [nfc(text).strip()] if (text or "").strip() else []
        return sorted((self.agencies[i].name for i in ids), key=sort_key)


@dataclass(frozen=True)
class RoleAgency:
    """One register agency in one role of a procedure."""

    role: str
    agency: RegisteredAgency


@dataclass(frozen=True)
class UnmappedText:
    """A part of a record's agency text (in one role) that names no register entry."""

    role: str
    text: str


def agencies_by_role(register: Register, record: dict[str, Any] | None) -> tuple[list[RoleAgency], list[UnmappedText]]:
    """The register agencies of a record by role (role order of the record format, then Vietnamese order;
    one agency once per role however many texts name it), and the texts of each role that name none."""
    named: list[RoleAgency] = []
    unmapped: list[UnmappedText] = []
    given = (record or {}).get("agencies") or {}
    for role in [*AGENCY_ROLE_LABELS, *sorted(set(given) - set(AGENCY_ROLE_LABELS))]:
        ids: set[int] = set()
        for text in given.get(role) or []:
            found, missing = register.resolve(text)
            ids |= found
            unmapped += [UnmappedText(role, part) for part in missing if UnmappedText(role, part) not in unmapped]
        agencies = sorted((register.agencies[i] for i in ids), key=lambda a: sort_key(a.name))
        named += [RoleAgency(role, agency) for agency in agencies]
    return named, unmapped


def load_register(session: Session) -> Register:
    register = Register({})
    for agency in session.scalars(select(Agency)):
        register.add(agency)
    for folded, agency_id in session.execute(select(AgencyMapping.folded, AgencyMapping.agency_id)):
        register.mapped[folded].add(agency_id)
    return register


@dataclass
class ProcedureAgencies:
    """Which agencies have a role in one procedure, and which are granted drafting for it."""

    roles: dict[int, set[str]]
    granted: set[int]

    def may_draft(self, agency_id: int | None) -> bool:
        return agency_id is not None and (agency_id in self.roles or agency_id in self.granted)


def procedure_agencies(
    session: Session, record: dict[str, Any] | None, register: Register | None = None
) -> ProcedureAgencies:
    """The register's answer for one procedure's record (its code and sector name the grants)."""
    register = register or load_register(session)
    record = record or {}
    wanted = [("code", record.get("code") or ""), ("sector", record.get("sector") or "")]
    granted = {g.agency_id for g in session.scalars(select(AgencyGrant)) if (g.kind, g.value) in wanted and g.value}
    return ProcedureAgencies(register.roles_of(record), granted)


# --- what administrators do -----------------------------------------------------------------------------
def find_agency(session: Session, name: str) -> Agency | None:
    """The register entry a name (any spelling, short name or alias) names, if exactly one."""
    ids, missing = load_register(session).resolve(name)
    if len(ids) == 1 and not missing:
        return session.get(Agency, next(iter(ids)))
    return None


def register_agency(
    session: Session,
    name: str,
    *,
    short_name: str = "",
    level: str = "",
    aliases: list[str] | tuple[str, ...] = (),
    actor: str = "",
) -> Agency:
    """The agency of this name: the existing entry when any spelling of it is registered, else a new one."""
    name = " ".join(nfc(name or "").split())
    if not fold_agency(name):
        raise AgencyError("Tên cơ quan không được để trống.")
    if len(name) > MAX_AGENCY_NAME or len(short_name or "") > MAX_AGENCY_NAME:
        raise AgencyError(f"Tên cơ quan dài quá {MAX_AGENCY_NAME} ký tự.")
    if level not in LEVELS:
        raise AgencyError(f"Cấp «{level[:20]}» không có trong danh sách cấp.")
    existing = session.scalar(select(Agency).where(Agency.folded == fold_agency(name)))
    if existing is not None:
        return existing
    agency = Agency(
        name=name,
        sort_key=sort_key(name),
        short_name=nfc(short_name).strip(),
        level=level,
        aliases=[nfc(a).strip() for a in aliases if a.strip()],
        folded=fold_agency(name),
    )
    session.add(agency)
    session.flush()
    record_event(session, "agency.register", "agency", agency.id, user=None, actor=actor, detail={"name": name})
    return agency


def set_address(session: Session, agency_id: int | None, address: str, *, actor: str = "") -> Agency:
    """An agency's address for phản ánh, kiến nghị (blank: none recorded)."""
    agency = session.get(Agency, agency_id) if agency_id is not None else None
    if agency is None:
        raise AgencyError("Không có cơ quan này trong danh sách.")
    agency.address = " ".join(nfc(address or "").split())
    record_event(
        session, "agency.address", "agency", agency.id, user=None, actor=actor, detail={"address": agency.address}
    )
    return agency


@dataclass(frozen=True)
class FeedbackAddress:
    """Where citizens send phản ánh, kiến nghị about one procedure: who, and their address."""

    name: str
    address: str
    source: str  # "configured", "agency" (the register's address of an executing agency) or "authority"


def feedback_address(
    register: Register,
    record: dict[str, Any] | None,
    configured: str,
    authority: str,
    authority_address: str,
) -> FeedbackAddress | None:
    """The configured address, else the address the register holds for an executing agency of the record,
    else the authority's; None when none is known (the operator is told: `feedback_unconfigured`)."""
    if configured.strip():
        return FeedbackAddress("", configured.strip(), "configured")
    for text in ((record or {}).get("agencies") or {}).get("executing") or []:
        for agency_id in sorted(register.resolve(text)[0]):
            agency = register.agencies[agency_id]
            if (agency.address or "").strip():
                return FeedbackAddress(agency.name, agency.address.strip(), "agency")
    if authority_address.strip():
        return FeedbackAddress(authority, authority_address.strip(), "authority")
    return None


def feedback_unconfigured(configured: str, authority_address: str) -> str:
    """What the operator must be told when procedures may have no address for phản ánh, kiến nghị ("" if
    none): neither TTHC_FEEDBACK_ADDRESS nor TTHC_AUTHORITY_ADDRESS is set."""
    if configured.strip() or authority_address.strip():
        return ""
    return (
        "Chưa cấu hình địa chỉ tiếp nhận phản ánh, kiến nghị (TTHC_FEEDBACK_ADDRESS) hay địa chỉ của cơ quan "
        "(TTHC_AUTHORITY_ADDRESS): thủ tục mà cơ quan thực hiện chưa có địa chỉ trong danh sách cơ quan sẽ "
        "không nêu được nơi gửi phản ánh, kiến nghị."
    )


def map_text(session: Session, text: str, agency_ids: list[int], *, actor: str = "") -> list[AgencyMapping]:
    """An administrator's reading of an agency text: it names these agencies, from now on and in history."""
    folded = fold_agency(text)
    if not folded:
        raise AgencyError("Nội dung cơ quan cần ánh xạ đang trống.")
    agencies = [session.get(Agency, i) for i in agency_ids]
    if not agencies or any(a is None for a in agencies):
        raise AgencyError("Chọn ít nhất một cơ quan có trong danh sách cơ quan.")
    known = set(session.scalars(select(AgencyMapping.agency_id).where(AgencyMapping.folded == folded)))
    rows = [
        AgencyMapping(folded=folded, text=nfc(text).strip(), agency_id=i, created_by=actor)
        for i in agency_ids
        if i not in known
    ]
    session.add_all(rows)
    session.flush()
    record_event(
        session,
        "agency.map",
        "agency_mapping",
        rows[0].id if rows else None,
        user=None,
        actor=actor,
        detail={"text": nfc(text).strip(), "agencies": sorted(agency_ids)},
    )
    return rows


def grant(session: Session, agency_id: int, kind: str, value: str, *, actor: str = "") -> AgencyGrant:
    """Let an agency's drafters draft for one procedure (`kind` "code") or a sector (`kind` "sector")."""
    value = " ".join(nfc(value or "").split())
    if kind not in GRANT_KINDS or not value:
        raise AgencyError("Quyền soạn thảo cần một mã thủ tục hoặc một lĩnh vực.")
    if session.get(Agency, agency_id) is None:
        raise AgencyError("Cơ quan không có trong danh sách cơ quan.")
    existing = session.scalar(
        select(AgencyGrant).where(
            AgencyGrant.agency_id == agency_id, AgencyGrant.kind == kind, AgencyGrant.value == value
        )
    )
    if existing is not None:
        return existing
    row = AgencyGrant(agency_id=agency_id, kind=kind, value=value, created_by=actor)
    session.add(row)
    session.flush()
    record_event(
        session,
        "agency.grant",
        "agency_grant",
        row.id,
        user=None,
        actor=actor,
        detail={"agency": agency_id, "kind": kind, "value": value},
    )
    return row


@dataclass
class Unmapped:
    text: str
    count: int
    codes: list[str]


def unmapped_texts(session: Session, on_date: dt.date | None = None) -> tuple[list[Unmapped], int]:
    """The agency texts of the catalogue that name no register entry (most frequent first), and how many
    procedures name no agency at all."""
    from .queries import catalogue_on

    register = load_register(session)
    found: dict[str, Unmapped] = {}
    without = 0
    for version in catalogue_on(session, on_date or dt.date.today()):
        names = [n for role in ((version.record or {}).get("agencies") or {}).values() for n in role or []]
        if not any((n or "").strip() for n in names):
            without += 1
        for name in names:
            for part in register.resolve(name)[1]:
                entry = found.setdefault(fold_agency(part), Unmapped(part, 0, []))
                entry.count += 1
                if len(entry.codes) < 5:
                    entry.codes.append(version.code)
    return sorted(found.values(), key=lambda u: (-u.count, sort_key(u.text))), without


def register_list(session: Session) -> list[Agency]:
    return list(session.scalars(select(Agency).order_by(Agency.sort_key)))
