"""tthc: the catalogue of administrative procedures, changed only by announcement decisions."""
from .app import create_app  # noqa: F401
