"""Whole reports in plain text, the same in a chat and on the command line: what an import,
an ingest or an editor's change recorded, what /undo reverted, and the audit log.

Pure: data from the store in, lines out, in the words of `handlers.words`. Telegram callers
escape them for HTML.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from handlers.words import (
    NEW_CLAIM,
    STANCE_LABEL,
    STANCE_PARTICIPLE,
    STANCE_VERB,
    count,
    human_date,
    source_dated,
    source_name,
)
from store.claimbase.audit import (
    ADD_ALIAS,
    ADD_CLAIM,
    ADD_EVIDENCE,
    ADD_PLACE_NAME,
    UNDO,
    AuditRow,
)

if TYPE_CHECKING:
    # Types only: the command line words an import without loading ingestion's HTML parser.
    from store.claimbase.curate import EvidenceAdded
    from store.claimbase.ingest import IngestResult, Recorded
    from store.claimbase.undo import Undone
    from store.repo import ImportResult


def import_summary(result: ImportResult) -> str:
    """1 new claim, 3 new pieces of evidence, 0 already known."""
    return (
        f"{count(result.claims_added, 'new claim')}, "
        f"{count(result.evidence_added, 'new piece of evidence', 'new pieces of evidence')}, "
        f"{result.evidence_skipped} already known"
    )


def ingest_summary(result: IngestResult) -> str:
    """Ingested “TITLE” (OUTLET, 7 Jul 2025): 12 pieces of evidence on 5 claims, 3 of them new."""
    name = f"“{result.title}”" if result.title else (result.url or "the document")
    where = f"{result.outlet}, {human_date(result.published)}"
    if result.duplicate:
        return f"Already ingested: {name} ({where}); nothing added."
    claims = len({r.claim_key for r in result.recorded})
    text = (
        f"Ingested {name} ({where}): "
        f"{count(len(result.recorded), 'piece of evidence', 'pieces of evidence')} "
        f"on {count(claims, 'claim')}, {result.claims_added} of them new"
    )
    if result.claimreview_added:
        text += f"; {result.claimreview_added} from ClaimReview markup"
    if result.already_known:
        text += f"; {result.already_known} already known"
    if result.without_event:
        text += f"; {count(result.without_event, 'statement')} about no event left out"
    if not result.statements:
        text += "; no attributed statements found"
    return text + "."


def recorded_line(item: Recorded) -> str:
    """disputes: Ukrainian officers (via BBC) · 7 Jul 2025 · “Russia took X”."""
    new = f" [{NEW_CLAIM}]" if item.new_claim else ""
    source = source_name(item.speaker, via=item.via)
    return f"{STANCE_LABEL[item.stance]}: {source} · {human_date(item.date)} · “{item.claim}”{new}"


def evidence_recorded(added: EvidenceAdded) -> str:
    """Recorded: Ukrainian General Staff (Suspilne, 3 Dec 2025) disputes “CLAIM”."""
    entry = added.evidence
    source = source_dated(entry.speaker, outlet=entry.outlet, date=entry.date)
    return f"Recorded: {source} {STANCE_VERB[added.stance]} “{added.claim}”.\n/undo reverts it."


def undone(item: Undone) -> str:
    """What /undo reverted: "the record of X disputing the claim", "the claim “…”"."""
    detail = item.detail
    if item.action == ADD_EVIDENCE:
        what = STANCE_PARTICIPLE.get(detail.get("stance", ""), "on")
        return f"the record of {detail.get('speaker', 'a source')} {what} the claim"
    if item.action == ADD_CLAIM:
        gone = " (it was already gone)" if item.gone else ""
        return f"the claim “{detail.get('text', 'the claim')}”{gone}"
    if item.action == ADD_ALIAS:
        return f"the wording “{detail.get('text', '')}”"
    return f"the place name {detail.get('name', '')}"


def audit_lines(rows: list[AuditRow]) -> list[str]:
    """One line per entry: #id, when (UTC), who, the action, the claim, what changed."""
    lines = []
    for row in rows:
        when = row.at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        parts = [f"#{row.id}", when, row.actor, row.action]
        if row.claim:
            parts.append(f"claim {row.claim}")
        what = _audit_what(row.action, row.detail)
        if what:
            parts.append(what)
        lines.append("  ".join(parts) + ("  [undone]" if row.undone else ""))
    return lines


def _audit_what(action: str, detail: dict) -> str:
    if action == ADD_EVIDENCE:
        source = source_name(detail.get("speaker", ""), outlet=detail.get("outlet"))
        date = f", {detail['date']}" if detail.get("date") else ""
        return f"{detail.get('stance', '')}: {source}{date}"
    if action in (ADD_CLAIM, ADD_ALIAS):
        return f"“{detail.get('text', '')}”"
    if action == ADD_PLACE_NAME:
        return f"{detail.get('name', '')} = {detail.get('place', '')}"
    if action == UNDO:
        return f"undid #{detail.get('entry', '?')} ({detail.get('undid', '')})"
    return ", ".join(f"{k} {v}" for k, v in detail.items())
