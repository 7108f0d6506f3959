"""The ORM models: every table, below every package that reads or writes one (docs/architecture.md).

One module per group of tables (`accounts`, `catalogue`, `decisions`, `import_jobs`, `printing`,
`search`, `sources`); they import only `tthc.db` and `tthc.problems`, so any package imports them
without climbing. Importing this package maps every table (for Alembic and for callers that need
several).
"""

from ..db import Base  # noqa: F401
from .accounts import AuditLog, CounterPoint, LoginThrottle, RequestBudget, User  # noqa: F401
from .catalogue import (  # noqa: F401
    Agency,
    AgencyGrant,
    AgencyMapping,
    CatalogueRevision,
    DerivedArtifact,
    Designation,
    LinkedGroupVersion,
    Procedure,
    ProcedureVersion,
    Sector,
    ServicePoint,
)
from .decisions import Attachment, Comment, Decision, DecisionEntry, DecisionSnapshot, FormFile  # noqa: F401
from .import_jobs import ImportJob  # noqa: F401
from .printing import PrintJob  # noqa: F401
from .search import SearchLog, SynonymVersion  # noqa: F401
from .sources import IntendedDifference, NationalProcedure, NationalSnapshot, Source, SourceEntry  # noqa: F401
