"""JSON API under /api/v1 (read-only for the public)."""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")
