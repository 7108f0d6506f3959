"""All tables in one import, for Alembic and for callers that need several."""

from .accounts.counters import CounterPoint  # noqa: F401
from .accounts.models import AuditLog, LoginThrottle, User  # noqa: F401
from .catalogue.models import (  # noqa: F401
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
from .db import Base  # noqa: F401
from .decisions.import_jobs import ImportJob  # noqa: F401
from .decisions.models import Attachment, Comment, Decision, DecisionEntry, DecisionSnapshot, FormFile  # noqa: F401
from .printing.models import PrintJob  # noqa: F401
from .search.event_edits import EventVersion  # noqa: F401
from .search.gaps import SearchLog, SynonymVersion  # noqa: F401
from .sources.models import IntendedDifference, NationalProcedure, NationalSnapshot, Source, SourceEntry  # noqa: F401
