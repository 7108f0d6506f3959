"""Staff pages: drafting (filled in by its issue)."""
from flask import Blueprint

bp = Blueprint("drafting", __name__)
