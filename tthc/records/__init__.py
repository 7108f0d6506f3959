"""The procedure record: its shape, its Vietnamese labels, normalisation, validation and diff.

A record is a plain dict (see docs/record-format.md); nothing here touches the database or Flask.
"""

from .flat import from_flat, to_flat  # noqa: F401
from .merge import merge_partial  # noqa: F401
from .schema import (  # noqa: F401
    AGENCY_ROLE_LABELS,
    AGENCY_ROLES,
    CHANNELS,
    FIELD_LABELS,
    LEVELS,
    MANDATORY_FIELDS,
    ONLINE_LEVELS,
    OPTIONAL_AGENCY_ROLES,
    RECORD_KEYS,
    TIME_UNITS,
    canonical_json,
    empty_record,
    normalize_record,
)
from .validation import Problem, validate_record  # noqa: F401
