"""One decision and its entries as plain data: `tthc decision show ID --json` (docs/drafting.md)."""

from __future__ import annotations

from typing import Any

from ..models.decisions import Decision


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def decision_as_dict(decision: Decision) -> dict[str, Any]:
    """{"decision": {...}, "entries": [...]}: each entry's record is exactly what the entry stores (a
    full record for new entries, only the given parts for amended/replaced ones)."""
    head = {
        "id": decision.id,
        "number": decision.number,
        "date": _iso(decision.signed_date),
        "issuer": decision.issuer,
        "signer": decision.signer,
        "title": decision.title,
        "status": decision.status,
        "kind": decision.kind,
        "effective_date": _iso(decision.effective_date),
        "signing_title": decision.signing_title or "",
        "effective_text": decision.effective_text or "",
    }
    entries = []
    for entry in sorted(decision.entries, key=lambda e: e.position):
        record = entry.record or {}
        entries.append(
            {
                "action": entry.action,
                "code": entry.code,
                "name": record.get("name") or None,
                "level": record.get("level") or None,
                "sector": record.get("sector") or None,
                "record": record,
                "source": entry.source,
                "localised_code": entry.localised_code,
                "replaces": entry.replaces_code,
                "basis": list(entry.basis or []),
                "note": entry.note,
                "position": entry.position,
            }
        )
    return {"decision": head, "entries": entries}
