"""The other file formats the claim base reads and writes: CSV, and schema.org ClaimReview.

CSV is what a newsroom keeps in a spreadsheet: the columns are the JSON Lines fields, and a
file with one bad row is refused whole, with its line number, like a JSON Lines file.

ClaimReview holds two voices, the claimant's and the fact-checker's. Evidence from it is
stored with ``added_by`` set to ``claimreview:claimant:<who>`` or
``claimreview:reviewer:<who>`` (``<who>`` is the person or file that brought it in), so
``export --format claimreview`` can find the fact-checkers' verdicts again and write them
back with the claim they rated.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Iterable

from sqlmodel import Session

from store import repo
from store.claimbase import audit
from store.claimbase.base import ClaimBase
from store.db import session_scope
from store.files.claimreview import (
    CLAIMANT,
    REVIEWER,
    parse_claimreview_roles,
    rating_stance,
    to_claimreview,
)
from store.files.jsonl import KNOWN, EvidenceRecord, InterchangeError, record_from_dict

CLAIMREVIEW_MARK = "claimreview:"
ALIAS_SEPARATOR = "|"


class FormatError(ValueError):
    """A file that cannot be read as the format its name says; one line for the user."""


# --- CSV ---------------------------------------------------------------------------------


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FormatError("not UTF-8 text (save the sheet as CSV UTF-8)") from None


def _columns(fieldnames: Iterable[str] | None) -> list[str]:
    if not fieldnames:
        raise InterchangeError(1, "the file is empty (the first line must name the columns)")
    columns = [(name or "").strip().lower() for name in fieldnames]
    unknown = [c for c in columns if c not in KNOWN]
    if unknown:
        raise InterchangeError(
            1, f"unknown column {unknown[0]!r} (the columns are: {', '.join(KNOWN)})"
        )
    missing = [c for c in ("claim", "stance", "speaker") if c not in columns]
    if missing:
        raise InterchangeError(1, f"no {missing[0]!r} column")
    return columns


def _row_dict(columns: list[str], row: list[str]) -> dict:
    if len(row) > len(columns):
        raise ValueError(f"{len(row)} cells but only {len(columns)} columns")
    data: dict = {}
    for name, value in zip(columns, row, strict=False):
        value = value.strip()
        if not value:
            continue
        if name == "aliases":
            data[name] = [a.strip() for a in value.split(ALIAS_SEPARATOR) if a.strip()]
        else:
            data[name] = value
    return data


def parse_csv(data: bytes | str) -> list[EvidenceRecord]:
    """Read a CSV file with the interchange fields as columns; ``aliases`` are split on "|".

    Raises InterchangeError naming the line where the bad row starts.
    """
    reader = csv.reader(io.StringIO(_decode(data), newline=""), strict=True)
    records: list[EvidenceRecord] = []
    claims: dict[str, str] = {}
    start = 1  # the line where the row being read starts (a quoted cell may span lines)
    try:
        columns = _columns(next(reader, None))
        start = reader.line_num + 1
        for row in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            try:
                record = record_from_dict(_row_dict(columns, row))
            except ValueError as exc:
                raise InterchangeError(line, str(exc)) from None
            previous = claims.setdefault(record.claim_key, record.claim)
            if previous.casefold() != record.claim.casefold():
                raise InterchangeError(
                    line, f"id {record.claim_key!r} already names another claim: {previous!r}"
                )
            records.append(record)
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise InterchangeError(
                start, "broken CSV (a quote opened here is never closed)"
            ) from None
        raise InterchangeError(start, f"broken CSV ({exc})") from None
    return records


# --- ClaimReview -------------------------------------------------------------------------


def parse_claimreview_json(data: bytes | str) -> list[tuple[str, EvidenceRecord]]:
    """Read a ClaimReview JSON-LD file into (role, record) pairs; role is claimant/reviewer."""
    try:
        decoded = json.loads(_decode(data))
    except json.JSONDecodeError as exc:
        raise FormatError(f"line {exc.lineno}: not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise FormatError("not valid JSON (nested too deeply)") from None
    return claimreview_records(decoded)


def claimreview_records(decoded: object) -> list[tuple[str, EvidenceRecord]]:
    """Validate decoded ClaimReview JSON-LD (from a file or a web page) into records."""
    if not isinstance(decoded, dict | list):
        raise FormatError("not a ClaimReview: the file holds no JSON object")
    try:
        pairs = parse_claimreview_roles(decoded)
    except ValueError as exc:
        raise FormatError(str(exc)) from None
    except RecursionError:
        raise FormatError("not a ClaimReview: nested too deeply") from None
    out = []
    for number, (role, data) in enumerate(pairs, start=1):
        try:
            out.append((role, record_from_dict(data)))
        except ValueError as exc:
            raise FormatError(f"ClaimReview record {number} ({role}): {exc}") from None
    return out


def claimreview_added_by(role: str, who: str) -> str:
    return f"{CLAIMREVIEW_MARK}{role}:{who}"


def import_claimreview(
    *, session: Session, pairs: list[tuple[str, EvidenceRecord]], who: str
) -> repo.ImportResult:
    """Store claimants' and reviewers' records in the caller's transaction, marked by role."""
    total = repo.ImportResult()
    for role in (CLAIMANT, REVIEWER):
        records = [record for r, record in pairs if r == role]
        if not records:
            continue
        result = repo.import_records(
            session=session, records=records, added_by=claimreview_added_by(role, who)
        )
        total.claims_added += result.claims_added
        total.aliases_added += result.aliases_added
        total.evidence_added += result.evidence_added
        total.evidence_skipped += result.evidence_skipped
        total.touched_claims |= result.touched_claims
    return total


def store_claimreview(
    base: ClaimBase, pairs: list[tuple[str, EvidenceRecord]], *, who: str
) -> repo.ImportResult:
    """Import ClaimReview records in one transaction, with an audit entry."""
    with session_scope(base.engine) as session:
        result = import_claimreview(session=session, pairs=pairs, who=who)
        if result.evidence_added or result.aliases_added:
            audit.record(
                session=session,
                actor=who,
                action="import",
                detail={
                    "format": "claimreview",
                    "claims_added": result.claims_added,
                    "evidence_added": result.evidence_added,
                },
            )
    base.invalidate()
    return result


def export_claimreview(*, session: Session) -> dict:
    """Every claim that has a fact-checker's verdict, as one ClaimReview JSON-LD document.

    The claimant (the earliest one stored from ClaimReview) goes into ``itemReviewed``, and
    the reviewer's own rating label is kept when it says the same as the stance.
    """
    items = repo.evidence_added_by(session=session, prefix=CLAIMREVIEW_MARK)
    reviews: list[dict] = []
    for _, group in itertools.groupby(items, key=lambda item: item.claim_id):
        on_claim = list(group)
        reviewers = [i for i in on_claim if i.added_by.startswith(CLAIMREVIEW_MARK + REVIEWER)]
        if not reviewers:
            continue
        claimants = [i for i in on_claim if i.added_by.startswith(CLAIMREVIEW_MARK + CLAIMANT)]
        records = [
            {
                "stance": i.evidence.stance,
                "speaker": i.evidence.speaker,
                "date": i.evidence.date.isoformat() if i.evidence.date else None,
                "url": i.evidence.url,
            }
            for i in reviewers
        ]
        document = to_claimreview(reviewers[0].claim_text, records)
        for review, item in zip(document["@graph"], reviewers, strict=True):
            label = item.evidence.quote
            if label and rating_stance(label) == item.evidence.stance:
                review["reviewRating"]["alternateName"] = label
            if claimants:
                review["itemReviewed"] = _item_reviewed(claimants[0])
        reviews += document["@graph"]
    return {"@context": "https://schema.org", "@graph": reviews}


def _item_reviewed(claimant: repo.AddedEvidence) -> dict:
    item: dict = {
        "@type": "Claim",
        "author": {"@type": "Organization", "name": claimant.evidence.speaker},
    }
    if claimant.evidence.date:
        item["datePublished"] = claimant.evidence.date.isoformat()
    appearance: dict = {"@type": "CreativeWork"}
    if claimant.evidence.url:
        appearance["url"] = claimant.evidence.url
    if claimant.evidence.outlet and claimant.evidence.outlet != claimant.evidence.speaker:
        appearance["publisher"] = {"@type": "Organization", "name": claimant.evidence.outlet}
    if len(appearance) > 1:
        item["appearance"] = appearance
    return item
