"""The editor's line, read: `speaker | outlet | date | url | quote` after /back, /dispute or
/unconfirmed, a claim after /claim or /alias, and `place: NEW NAME = KNOWN NAME` after /alias.

Pure, so every odd way an editor may type a line is tested without a database. What cannot
be read raises CurationError with a short reason the editor is shown.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import urllib.parse
from dataclasses import dataclass

from store.ingest.dates import ENGLISH_MONTHS

MAX_SPEAKER = 300
MAX_OUTLET = 200
MAX_QUOTE = 2000
MAX_URL = 2000
MAX_CLAIM = 1000
MAX_PLACE_NAME = 200


class CurationError(ValueError):
    """Input or a change that cannot be made; the message is short and shown to the editor."""


@dataclass(frozen=True)
class EvidenceInput:
    """One source's statement as an editor typed it."""

    speaker: str
    outlet: str
    quote: str
    date: dt.date | None = None
    url: str | None = None


_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\s+([a-z]+)\.?,?\s+(\d{4})$")
_MONTH_DAY_YEAR = re.compile(r"^([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
_DOTTED = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_QUOTE_PAIRS = {"“": "”", '"': '"', "«": "»", "„": "“", "‘": "’", "'": "'"}
DATE_HINT = "write it as 2025-11-27 or 27 Nov 2025"


def parse_date_text(text: str) -> dt.date:
    """A date as editors write it: 2025-11-27, 27 Nov 2025, November 27, 2025, 27.11.2025."""
    value = " ".join(text.strip().casefold().split())
    try:
        if found := _ISO.match(value):
            year, month, day = (int(g) for g in found.groups())
            return dt.date(year, month, day)
        if found := _DOTTED.match(value):
            day, month, year = (int(g) for g in found.groups())
            return dt.date(year, month, day)
        if found := _DAY_MONTH_YEAR.match(value):
            day, month, year = int(found[1]), ENGLISH_MONTHS.get(found[2]), int(found[3])
            if month:
                return dt.date(year, month, day)
        if found := _MONTH_DAY_YEAR.match(value):
            month, day, year = ENGLISH_MONTHS.get(found[1]), int(found[2]), int(found[3])
            if month:
                return dt.date(year, month, day)
    except ValueError:
        raise CurationError(f"{text.strip()} is not a real date; {DATE_HINT}") from None
    raise CurationError(f"cannot read the date {text.strip()!r}; {DATE_HINT}")


def parse_url(text: str) -> str:
    """An http(s) link with a host; anything else is refused rather than stored broken."""
    url = text.strip()
    if url.lower().startswith("www."):
        raise CurationError(f"write the link with https:// in front: https://{url}")
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme.lower() not in ("http", "https"):
        raise CurationError("links must start with http:// or https://")
    if not parsed.netloc or any(ch.isspace() for ch in url):
        raise CurationError(f"{url!r} is not a usable link")
    if len(url) > MAX_URL:
        raise CurationError(f"the link is longer than {MAX_URL} characters")
    return url


def _looks_like_url(field: str) -> bool:
    return bool(_SCHEME.match(field)) or field.lower().startswith("www.")


def _looks_like_date(field: str) -> bool:
    """Short and with a digit: meant as a date, so a typo is reported rather than stored."""
    return len(field) <= 25 and any(ch.isdigit() for ch in field) and len(field.split()) <= 4


def _unquote(text: str) -> str:
    if len(text) >= 2 and _QUOTE_PAIRS.get(text[0]) == text[-1]:
        return text[1:-1].strip()
    return text


def one_line(text: str) -> str:
    """NFC, with all spacing (newlines too) collapsed to single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def parse_evidence(text: str, *, today: dt.date | None = None) -> EvidenceInput:
    """Read `speaker | outlet | date | url | quote`; date and url may be left out or empty.

    `speaker | outlet | quote` is enough; an empty outlet means the speaker published it.
    A `|` inside the quote is kept. Raises CurationError with the reason.
    """
    fields = [one_line(part) for part in text.split("|")]
    if len(fields) < 3:
        raise CurationError("expected at least three parts: speaker | outlet | quote")
    speaker, outlet, rest = fields[0], fields[1] or fields[0], fields[2:]
    if not speaker:
        raise CurationError("the speaker is missing (who said it?)")
    date: dt.date | None = None
    url: str | None = None
    for _ in range(2):
        if len(rest) < 2:
            break
        head = rest[0]
        if not head:
            rest.pop(0)
        elif _looks_like_url(head):
            if url is not None:
                raise CurationError("two links given; keep one")
            url = parse_url(rest.pop(0))
        elif _looks_like_date(head):
            if date is not None:
                raise CurationError("two dates given; keep one")
            date = parse_date_text(rest.pop(0))
        else:
            break
    quote = _unquote(" | ".join(rest).strip(" |"))
    if not quote:
        raise CurationError("the quote is missing (what exactly was said?)")
    if len(speaker) > MAX_SPEAKER:
        raise CurationError(f"the speaker is longer than {MAX_SPEAKER} characters")
    if len(outlet) > MAX_OUTLET:
        raise CurationError(f"the outlet is longer than {MAX_OUTLET} characters")
    if len(quote) > MAX_QUOTE:
        raise CurationError(f"the quote is longer than {MAX_QUOTE} characters")
    today = today or dt.date.today()
    if date is not None and date > today + dt.timedelta(days=1):
        raise CurationError(f"{date.isoformat()} is in the future")
    return EvidenceInput(speaker=speaker, outlet=outlet, quote=quote, date=date, url=url)


@dataclass(frozen=True)
class PlaceAlias:
    name: str
    place: str


_PLACE_PREFIX = re.compile(r"^place\s*:\s*", re.IGNORECASE)


def is_place_alias(text: str) -> bool:
    return bool(_PLACE_PREFIX.match(text.strip()))


def parse_place_alias(text: str) -> PlaceAlias:
    """`place: NEW NAME = KNOWN NAME OR PLACE ID`, e.g. `place: Gulyaipole = Huliaipole`."""
    body = _PLACE_PREFIX.sub("", text.strip(), count=1)
    name, sep, place = body.partition("=")
    name, place = one_line(_unquote(name.strip())), one_line(_unquote(place.strip()))
    if not sep or not name or not place:
        raise CurationError("write the new name, then = and a place I know")
    if len(name) > MAX_PLACE_NAME:
        raise CurationError(f"the name is longer than {MAX_PLACE_NAME} characters")
    if not any(ch.isalpha() for ch in name):
        raise CurationError("a place name needs letters")
    return PlaceAlias(name=name, place=place)


def claim_text(text: str) -> str:
    """A claim as stored: one line, spacing normalised; refused when empty or too long."""
    cleaned = one_line(_unquote(one_line(text)))
    if len(cleaned) < 8 or not any(ch.isalpha() for ch in cleaned):
        raise CurationError("a claim needs a few words: who did what, where")
    if len(cleaned) > MAX_CLAIM:
        raise CurationError(f"a claim is at most {MAX_CLAIM} characters")
    return cleaned
