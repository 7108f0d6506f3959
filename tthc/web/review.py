"""Staff pages: review (filled in by its issue)."""
from flask import Blueprint

bp = Blueprint("review", __name__)
