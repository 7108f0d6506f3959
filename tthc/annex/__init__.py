"""The annex of an announcement decision (Phụ lục) as officials write it: the Excel layout,
writing it and reading it back (layout, write, read), the Word reader (word), and internal-process
tables read into the record's process part (processes). "Như trên" resolution, shared by every import
path, lives in tthc.records.references."""

from .layout import SHEET_CONTENT, SHEET_DECISION, SHEET_DOSSIER, SHEET_LIST, SHEET_METHODS, SHEETS  # noqa: F401
from .read import CellProblem, WorkbookProblem, read_decision_workbook  # noqa: F401
from .write import catalogue_workbook, decision_workbook, template_workbook  # noqa: F401
