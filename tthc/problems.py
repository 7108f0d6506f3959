"""What the domain refuses, as data: `Problem` (one thing wrong, where, why) and `DomainError` (the base of
every refusal the doors turn into a message). No Flask, no database.

A problem's place is its `entry_id` and `field`, its kind its `code`; the Vietnamese `message` is for people
only: code never reads it to decide where a problem belongs.
"""

from __future__ import annotations

import dataclasses
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    field: str  # dotted path, e.g. "methods.0.time_limit_unit"; "" for the decision as a whole
    message: str  # Vietnamese, for the person who must fix it
    severity: str = "error"  # "error" blocks submission, "warning" does not
    code: str = dataclasses.field(default="", kw_only=True)  # stable machine name, e.g. "code_in_force"
    entry_id: int | None = dataclasses.field(default=None, kw_only=True)  # the decision entry it belongs to, if any

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        return self.message


# Codes of the conflicts between a decision and the catalogue (tthc.catalogue.apply.plan_decision).
CODE_IN_FORCE = "code_in_force"  # a new procedure's code is already in force
NEW_CODE_IN_FORCE = "new_code_in_force"  # a replacement's new code is already in force
CODE_NOT_IN_FORCE = "code_not_in_force"  # the procedure to amend, abolish or replace is not in force
CODE_MISSING = "code_missing"  # an amended/abolished/replaced entry names no procedure
DUPLICATE_CODE = "duplicate_code"  # two entries of one decision touch the same procedure
SLIPS_UNDER_LATER_CHANGE = "slips_under_later_change"  # a change taking effect later already exists
NOT_SIGNED = "not_signed"  # only a signed decision applies
NO_EFFECTIVE_DATE = "no_effective_date"
LIST_CONFLICT = "list_conflict"  # a list entry or linked group the decision carries cannot apply


class DomainError(Exception):
    """A refusal of the domain: the message is Vietnamese and may be shown as it is. `problems` (possibly
    empty) says what is wrong, one Problem each."""

    def __init__(self, message: str = "", problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems: list[Any] = list(problems or [])


class NotFound(DomainError, LookupError):
    """What the request names does not exist, or must look so to this user: every door answers as for
    an address that does not exist (404)."""


class ImportProblem(DomainError, ValueError):
    """Bad input; the message is Vietnamese and names the line and key."""


def more_problems_text(more: int) -> str:
    """The line under a capped list of problems ("" when nothing was left out)."""
    return f"… và {more} vấn đề khác" if more > 0 else ""
