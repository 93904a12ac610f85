"""CSV, the format a newsroom keeps in a spreadsheet: the columns are the JSON Lines fields.

A file with one bad row is refused whole, with its line number, like a JSON Lines file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from store.files.jsonl import (
    KNOWN,
    EvidenceRecord,
    InterchangeError,
    decode_text,
    record_from_dict,
)

ALIAS_SEPARATOR = "|"


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

    Raises InterchangeError naming the line where the bad row starts, FormatError when the
    file is not UTF-8.
    """
    reader = csv.reader(io.StringIO(decode_text(data), newline=""), strict=True)
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
