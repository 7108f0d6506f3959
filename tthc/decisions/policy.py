"""Who may see or act on a decision: the one rule every door asks (staff pages, public pages, the JSON
API, the CLI, PDFs and attachments). No Flask.

The rule (docs/security.md tells it in words; tests/unit/test_policy.py pins it in a table):
- Public record: anyone, signed in or not, sees the baseline (the catalogue as first loaded), every
  signed or in-force decision, and a decision withdrawn after it was signed (it was published, so its
  page stays and says it was withdrawn).
- Work in progress (draft, submitted, changes requested, approved, and anything withdrawn before it was
  signed) is seen only by the drafters of its drafting agency, reviewers, signers and administrators.
- An anonymous user or a deactivated account is the public: it sees public record and does nothing.
- Acting: the drafting agency's drafters (and administrators) edit and submit drafts; reviewers request
  changes and approve; signers record the signature; withdrawing is for reviewers, signers and
  administrators, and for the drafting agency before signing; those who see work in progress comment on
  it. Nobody approves or signs a decision they created or submitted, and the one who approved a
  decision never signs it (administrators included): four eyes on every decision. An authority that
  truly has one person for both says so explicitly (setting ONE_PERSON_APPROVES_AND_SIGNS, passed to
  `configure`); every signature made that way is marked (`signed_by_approver`).

Doors: `can(user, action, decision)`; `visible_to(user)` is the "see" rule as a WHERE clause;
`is_public(decision)`; `visible_decision(session, user, id)` loads one decision or raises NotVisible (the
web answers 404, so an id tells nothing about drafts); `ensure(user, action, decision)` raises NotVisible,
or NotPermitted (the web answers 403) when the user sees the decision but may not do this.
"""

from __future__ import annotations

from enum import StrEnum
from types import SimpleNamespace
from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_, true
from sqlalchemy.orm import Session

from ..models.accounts import Role
from ..models.decisions import Decision, DecisionKind, DecisionStatus
from ..problems import DomainError, NotFound

S = DecisionStatus
NOT_VISIBLE_MESSAGE = "Không tìm thấy quyết định này, hoặc bạn không được xem."
NOT_PERMITTED_MESSAGE = "Tài khoản của bạn không được phép thực hiện thao tác này."


class Action(StrEnum):
    SEE = "see"
    EDIT = "edit"
    SUBMIT = "submit"
    REQUEST_CHANGES = "request_changes"
    APPROVE = "approve"
    SIGN = "sign"
    WITHDRAW = "withdraw"
    COMMENT = "comment"
    RESOLVE_COMMENT = "resolve_comment"


PUBLIC_STATES = (S.SIGNED, S.IN_FORCE)
EDITABLE_STATES = (S.DRAFT, S.CHANGES_REQUESTED)
WITHDRAWABLE_STATES = (S.DRAFT, S.SUBMITTED, S.CHANGES_REQUESTED, S.APPROVED, S.SIGNED)
# Roles that see every agency's work in progress; a drafter sees only its own agency's.
WHOLE_PROVINCE = frozenset({Role.REVIEWER, Role.SIGNER, Role.ADMIN})
# Who reviews and signs (the drafting side edits, submits and may withdraw before signing).
ACTING_ROLES = {
    Action.REQUEST_CHANGES: frozenset({Role.REVIEWER, Role.ADMIN}),
    Action.APPROVE: frozenset({Role.REVIEWER, Role.ADMIN}),
    Action.SIGN: frozenset({Role.SIGNER, Role.ADMIN}),
}
# The transitions a decision page offers, in the order it offers them.
WORKFLOW_ACTIONS = (Action.EDIT, Action.SUBMIT, Action.REQUEST_CHANGES, Action.APPROVE, Action.SIGN, Action.WITHDRAW)


# The command line runs as the server's operator, who holds the database anyway: an administrator that
# is no account (it created and submitted nothing; the audit log names it "cli").
OPERATOR = SimpleNamespace(
    id=None, username="cli", role=Role.ADMIN, agency_id=None, agency=None, active=True, is_authenticated=True
)


class _Settings:
    one_person_approves_and_signs = False


def configure(*, one_person_approves_and_signs: bool = False) -> None:
    """The authority's explicit choice (set from the settings when the app starts)."""
    _Settings.one_person_approves_and_signs = bool(one_person_approves_and_signs)


def one_person_approves_and_signs() -> bool:
    return _Settings.one_person_approves_and_signs


def approved_it(user: Any, decision: Any) -> bool:
    """The user approved the decision."""
    user_id = getattr(user, "id", None)
    return user_id is not None and user_id == getattr(decision, "approved_by_id", None)


def signed_by_approver(user: Any, decision: Any) -> bool:
    """This signature would come from the one who approved (allowed only when the authority says so)."""
    return approved_it(user, decision)


class NotVisible(NotFound):
    """No such decision (or entry of it), or one the user may not see. Doors answer as if it did not
    exist (404). `what` is the id asked for."""

    def __init__(self, what: object = None, message: str = NOT_VISIBLE_MESSAGE):
        super().__init__(message)
        self.what = what


class NotPermitted(DomainError, PermissionError):
    """The user sees the decision but may not do this to it (403); the message says what in Vietnamese."""

    def __init__(self, message: str = NOT_PERMITTED_MESSAGE):
        super().__init__(message)


# --- the rule ----------------------------------------------------------------------------------------
def is_public(decision: Any) -> bool:
    if decision.kind == DecisionKind.BASELINE:
        return True
    if decision.status == S.WITHDRAWN:
        return (decision.extra or {}).get("withdrawn_from") == S.SIGNED
    return decision.status in PUBLIC_STATES


def is_staff(user: Any) -> bool:
    """A signed-in, active account with a staff role; anyone else is the public."""
    return (
        user is not None
        and bool(getattr(user, "is_authenticated", False))
        and bool(getattr(user, "active", False))
        and getattr(user, "role", None) in tuple(Role)
    )


def is_admin(user: Any) -> bool:
    return is_staff(user) and user.role == Role.ADMIN


def drafts(user: Any, decision: Any) -> bool:
    """The user drafts this decision: a drafter of its drafting agency, or an administrator."""
    if not is_staff(user):
        return False
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.DRAFTER and user.agency_id is not None and decision.drafting_agency_id == user.agency_id


def took_part(user: Any, decision: Any) -> bool:
    """The user created or submitted the decision (so may not approve or sign it)."""
    return getattr(user, "id", None) is not None and user.id in (decision.created_by_id, decision.submitted_by_id)


def _works_on(user: Any, decision: Any) -> bool:
    """Sees the work in progress: a whole-province role, or the drafting agency."""
    return is_staff(user) and (user.role in WHOLE_PROVINCE or drafts(user, decision))


def can(user: Any, action: Action | str, decision: Any) -> bool:
    """May `user` (None or anonymous: the public) do `action` to `decision` now?"""
    if decision is None:
        return False
    action = Action(action)
    if action is Action.SEE:
        return is_public(decision) or _works_on(user, decision)
    if not _works_on(user, decision) or decision.kind != DecisionKind.CONG_BO:
        return False
    role, status = user.role, decision.status
    if action in (Action.EDIT, Action.SUBMIT):
        return status in EDITABLE_STATES and drafts(user, decision)
    if action is Action.REQUEST_CHANGES:
        return status == S.SUBMITTED and role in ACTING_ROLES[action]
    if action is Action.APPROVE:
        return status == S.SUBMITTED and role in ACTING_ROLES[action] and not took_part(user, decision)
    if action is Action.SIGN:
        return (
            status == S.APPROVED
            and role in ACTING_ROLES[action]
            and not took_part(user, decision)
            and (not approved_it(user, decision) or one_person_approves_and_signs())
        )
    if action is Action.WITHDRAW:
        return status in WITHDRAWABLE_STATES and (role in WHOLE_PROVINCE or status != S.SIGNED)
    return True  # COMMENT, RESOLVE_COMMENT: whoever works on it


# --- comments: who closes what review opened -----------------------------------------------------------
COMMENT_CLOSERS = frozenset({Role.REVIEWER, Role.ADMIN})  # besides the comment's author


def may_resolve_comment(user: Any, comment: Any, decision: Any) -> bool:
    """Only the comment's author or a reviewer marks it resolved; the drafter replies and marks it «đã sửa»."""
    if not can(user, Action.RESOLVE_COMMENT, decision):
        return False
    return comment.author_id == user.id or user.role in COMMENT_CLOSERS


def may_mark_fixed(user: Any, comment: Any, decision: Any) -> bool:  # noqa: ARG001  (as may_resolve_comment)
    """The drafting side says «đã sửa» while the decision is theirs to edit."""
    return can(user, Action.COMMENT, decision) and drafts(user, decision)


def may_override_comments(user: Any, decision: Any) -> bool:
    """Approving over unresolved comments (with a reason, audited) is for whoever may approve."""
    return can(user, Action.APPROVE, decision)


def may_delete_draft(user: Any, decision: Any) -> bool:
    """A draft never submitted may be deleted by its drafting agency (nothing submitted, let alone
    published, is ever deleted: a later decision is withdrawn instead)."""
    return (
        decision is not None
        and decision.kind == DecisionKind.CONG_BO
        and decision.status == S.DRAFT
        and decision.submitted_by_id is None
        and drafts(user, decision)
    )


def allowed_actions(user: Any, decision: Any) -> list[str]:
    """The workflow actions the decision's page offers this user now."""
    return [str(action) for action in WORKFLOW_ACTIONS if can(user, action, decision)]


def handles(user: Any, record: dict[str, Any] | None, agencies: Any = None) -> bool:
    """The user's agency has a role in the procedure (executing, competent, authorised, coordinating),
    or an administrator granted it drafting for the procedure or its sector, so its drafters may amend,
    replace or abolish it (an administrator: any procedure). `agencies` is the agency register's answer
    for the record (tthc.catalogue.agencies.procedure_agencies: every spelling and combined text mapped
    onto register entries); without it the names are compared as written."""
    if is_admin(user):
        return True
    if not is_staff(user) or user.agency is None or not record:
        return False
    if agencies is not None:
        return bool(agencies.may_draft(user.agency_id))
    named = record.get("agencies") or {}
    return user.agency.name in (named.get("executing") or []) + (named.get("competent") or [])


# --- the same rule for queries -------------------------------------------------------------------------
def public_clause() -> ColumnElement[bool]:
    return or_(
        Decision.kind == DecisionKind.BASELINE.value,
        Decision.status.in_([s.value for s in PUBLIC_STATES]),
        and_(Decision.status == S.WITHDRAWN.value, Decision.extra["withdrawn_from"].as_string() == S.SIGNED.value),
    )


def visible_to(user: Any) -> ColumnElement[bool]:
    """A WHERE clause: `select(Decision).where(visible_to(user))` lists what `can(user, "see", d)` allows."""
    if not is_staff(user):
        return public_clause()
    if user.role in WHOLE_PROVINCE:
        return true()
    return or_(public_clause(), drafted_by(user))


def drafted_by(user: Any) -> ColumnElement[bool]:
    """The decisions `drafts(user, d)` is true for, as a WHERE clause (the drafting list)."""
    if is_admin(user):
        return true()
    if not is_staff(user) or user.role != Role.DRAFTER or user.agency_id is None:
        return false()
    return Decision.drafting_agency_id == user.agency_id


# --- doors ---------------------------------------------------------------------------------------------
def visible_decision(session: Session, user: Any, decision_id: Any, *, kind: str | None = None) -> Decision:
    """The decision with this id if the user may see it (and it is of `kind` when given); NotVisible
    otherwise, the same for a missing id as for a hidden one."""
    decision = session.get(Decision, decision_id) if decision_id is not None else None
    if decision is None or (kind is not None and decision.kind != kind) or not can(user, Action.SEE, decision):
        raise NotVisible(decision_id)
    return decision


def ensure(user: Any, action: Action | str, decision: Any) -> Any:
    """The decision, if the user may do `action` to it; NotVisible if they may not even see it,
    NotPermitted if they see it but may not do this."""
    if not can(user, Action.SEE, decision):
        raise NotVisible(getattr(decision, "id", None))
    if not can(user, action, decision):
        raise NotPermitted()
    return decision


# --- printing: posting sheets per service point ----------------------------------------------------------
# Reviewers and administrators manage service points and print for any of them; counter staff print and
# read the re-post lists of their own points (tthc.accounts.counters), and do nothing else.
PRINT_MANAGERS = frozenset({Role.REVIEWER, Role.ADMIN})


def manages_points(user: Any) -> bool:
    """Creates and edits service points, prints for every one."""
    return is_staff(user) and user.role in PRINT_MANAGERS


def printable_point_ids(session: Session, user: Any) -> set[int] | None:
    """The service points the user may print for: None means every one; an empty set, none."""
    if manages_points(user):
        return None
    if not is_staff(user) or user.role != Role.COUNTER:
        return set()
    from ..accounts.counters import point_ids_of

    return point_ids_of(session, user)


def can_print(session: Session, user: Any, point_id: int | None) -> bool:
    """May the user print (bundles, re-post sheets, single sheets) for this point (None: no point)?"""
    allowed = printable_point_ids(session, user)
    return allowed is None or (point_id is not None and point_id in allowed)


# --- staff pages: which roles reach each group of pages ---------------------------------------------------
# The web's routes ask here (tthc.web.access.staff_page); the administrator reaches every one. Reaching a
# page is not acting: on a decision, `can` still decides (a signer opens the review page of a draft it
# may not sign yet).
class Page(StrEnum):
    DRAFTING = "drafting"  # drafts, their entries and imports
    WORK = "work"  # decisions in progress: the review pages, comments, withdrawing, sources, the Word file
    SUBMIT = "submit"
    REQUEST_CHANGES = "request_changes"
    APPROVE = "approve"
    SIGN = "sign"
    SOURCE_UPLOAD = "source_upload"  # a ministry's decision or the national differences as a source
    SOURCE_OFFICE = "source_office"  # assigning a source, an entry not applied, a difference kept
    DRAFT_FROM_SOURCE = "draft_from_source"
    PRINTING = "printing"  # posting bundles and re-post lists (counter staff: their own points)
    SERVICE_POINTS = "service_points"  # creating and editing service points
    SHEETS = "sheets"  # one procedure's posting sheets, the decision as a PDF
    ADMIN = "admin"  # accounts, agencies, search gaps and synonyms


DRAFTING_ROLES = frozenset({Role.DRAFTER, Role.ADMIN})  # `drafts`: the drafting agency's drafters
WORKING_ROLES = WHOLE_PROVINCE | DRAFTING_ROLES  # `_works_on`: who sees work in progress
CONTROL_OFFICE = frozenset({Role.REVIEWER, Role.ADMIN})  # the TTHC control office
PAGE_ROLES: dict[Page, frozenset[Role]] = {
    Page.DRAFTING: DRAFTING_ROLES,
    Page.WORK: WORKING_ROLES,
    Page.SUBMIT: DRAFTING_ROLES,
    Page.REQUEST_CHANGES: ACTING_ROLES[Action.REQUEST_CHANGES],
    Page.APPROVE: ACTING_ROLES[Action.APPROVE],
    Page.SIGN: ACTING_ROLES[Action.SIGN],
    Page.SOURCE_UPLOAD: DRAFTING_ROLES | CONTROL_OFFICE,
    Page.SOURCE_OFFICE: CONTROL_OFFICE,
    Page.DRAFT_FROM_SOURCE: DRAFTING_ROLES,
    Page.PRINTING: PRINT_MANAGERS | {Role.COUNTER},
    Page.SERVICE_POINTS: PRINT_MANAGERS,
    Page.SHEETS: WORKING_ROLES | {Role.COUNTER},
    Page.ADMIN: frozenset({Role.ADMIN}),
}


def page_roles(page: Page | str) -> frozenset[Role]:
    """The roles that reach this group of staff pages."""
    return PAGE_ROLES[Page(page)]
