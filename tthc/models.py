"""All tables in one import, for Alembic and for callers that need several."""
from .accounts.models import AuditLog, LoginThrottle, User  # noqa: F401
from .catalogue.models import (Agency, CatalogueRevision, DerivedArtifact, Procedure,  # noqa: F401
                               ProcedureVersion, Sector, ServicePoint)
from .db import Base  # noqa: F401
from .decisions.models import Attachment, Comment, Decision, DecisionEntry  # noqa: F401
from .printing.models import PrintJob  # noqa: F401
