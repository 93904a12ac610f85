"""Whole reports in plain text, the same in a chat and on the command line: what an import,
an ingest or an editor's change recorded, and the audit log.

Pure: data from the store in, lines out. Telegram callers escape them for HTML.
"""

from __future__ import annotations

from store.repo import ImportResult


def import_summary(result: ImportResult) -> str:
    """1 new claims, 3 new pieces of evidence, 0 already known."""
    return (
        f"{result.claims_added} new claims, {result.evidence_added} new pieces of evidence, "
        f"{result.evidence_skipped} already known"
    )
