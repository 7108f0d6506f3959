"""Posting bundles and decision PDFs are tagged PDFs (screen readers read their structure): checked with
poppler's pdfinfo on the demo catalogue."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from sqlalchemy import select


def pdfinfo(path_or_bytes, tmp_path) -> str:
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed: ./scripts/setup.sh test installs it")
    path = path_or_bytes
    if isinstance(path_or_bytes, bytes):
        path = tmp_path / "doc.pdf"
        path.write_bytes(path_or_bytes)
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout


@pytest.mark.rendering
def test_posting_bundle_and_decision_pdf_are_tagged(app, demo, session, tmp_path):
    from tthc.models.catalogue import ServicePoint
    from tthc.models.decisions import Decision
    from tthc.printing import decision_doc, postings

    settings = postings.PrintSettings.from_settings(app.extensions["tthc"].settings)
    point = next(p for p in session.scalars(select(ServicePoint)) if "xã (ví dụ)" in p.name)
    bundle = pdfinfo(postings.bundle(session, settings, point).path, tmp_path)
    assert "Tagged:          yes" in bundle, bundle
    decision = session.scalar(select(Decision).where(Decision.number == "2715/QĐ-UBND"))
    document = pdfinfo(decision_doc.decision_pdf(session, decision), tmp_path)
    assert "Tagged:          yes" in document, document
