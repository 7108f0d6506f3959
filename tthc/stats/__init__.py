"""Statistics of the catalogue against the provincial plan's targets (tthc stats, /thong-ke/, the report)."""

from .compute import TARGETS, compute_stats, procedures_behind  # noqa: F401
