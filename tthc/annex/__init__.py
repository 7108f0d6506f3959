"""The annex of an announcement decision (Phụ lục) as officials write it: the Excel layout, writing
it and reading it back (layout, write, read), the Word reader (word), and rules every import path
shares, such as "Như trên" resolution (references)."""
from .layout import SHEET_CONTENT, SHEET_DECISION, SHEET_DOSSIER, SHEET_LIST, SHEET_METHODS, SHEETS  # noqa: F401
from .read import CellProblem, WorkbookProblem, read_decision_workbook  # noqa: F401
from .write import catalogue_workbook, decision_workbook, template_workbook  # noqa: F401
