"""Staff pages: printing (filled in by its issue)."""
from flask import Blueprint

bp = Blueprint("printing", __name__)
