"""Editors' changes to the claim base from a chat: evidence, claims, phrasings, place names,
and undoing one's own last change.

Parsing the `speaker | outlet | date | url | quote` line is pure, so every odd way an editor
may type it is tested without a database. The writes take the session by keyword and record
an audit entry in the same transaction, so a change and its record land together or not at all.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
import urllib.parse
from dataclasses import dataclass

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from store import repo
from store.claimbase import audit
from store.files.jsonl import EvidenceRecord, derive_key, fold
from store.match.gazetteer import Gazetteer, Place
from store.models import (
    AuditEntry,
    Claim,
    ClaimAlias,
    ClaimVector,
    Evidence,
    PlaceName,
    Sighting,
    Stance,
    Watch,
)
from store.repo import OutletCache

MAX_SPEAKER = 300
MAX_OUTLET = 200
MAX_QUOTE = 2000
MAX_URL = 2000
MAX_CLAIM = 1000
MAX_PLACE_NAME = 200

ADD_EVIDENCE = "add_evidence"
ADD_CLAIM = "add_claim"
ADD_ALIAS = "add_alias"
ADD_PLACE_NAME = "add_place_name"
UNDO = "undo"
UNDOABLE = (ADD_EVIDENCE, ADD_CLAIM, ADD_ALIAS, ADD_PLACE_NAME)


class CurationError(ValueError):
    """Input or a change that cannot be made; the message is short and shown to the editor."""


class AlreadyStored(CurationError):
    """The change is already in the claim base; nothing was written."""


# ---------------------------------------------------------------------------------------------
# Parsing (pure)


@dataclass(frozen=True)
class EvidenceInput:
    """One source's statement as an editor typed it."""

    speaker: str
    outlet: str
    quote: str
    date: dt.date | None = None
    url: str | None = None


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
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
            day, month, year = int(found[1]), _MONTHS.get(found[2]), int(found[3])
            if month:
                return dt.date(year, month, day)
        if found := _MONTH_DAY_YEAR.match(value):
            month, day, year = _MONTHS.get(found[1]), int(found[2]), int(found[3])
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


def _clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def parse_evidence(text: str, *, today: dt.date | None = None) -> EvidenceInput:
    """Read `speaker | outlet | date | url | quote`; date and url may be left out or empty.

    `speaker | outlet | quote` is enough; an empty outlet means the speaker published it.
    A `|` inside the quote is kept. Raises CurationError with the reason.
    """
    fields = [_clean(part) for part in text.split("|")]
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
    name, place = _clean(_unquote(name.strip())), _clean(_unquote(place.strip()))
    if not sep or not name or not place:
        raise CurationError("write the new name, then = and a place I know")
    if len(name) > MAX_PLACE_NAME:
        raise CurationError(f"the name is longer than {MAX_PLACE_NAME} characters")
    if not any(ch.isalpha() for ch in name):
        raise CurationError("a place name needs letters")
    return PlaceAlias(name=name, place=place)


def name_language(name: str) -> str:
    """The gazetteer language of a name: en for Latin script, uk or ru by their own letters,
    and "old" (both declensions) for Cyrillic that could be either."""
    lowered = name.casefold()
    if not any("\u0400" <= ch <= "\u04ff" for ch in lowered):
        return "en"
    if any(ch in "іїєґ" for ch in lowered):
        return "uk"
    if any(ch in "ыэъё" for ch in lowered):
        return "ru"
    return "old"


def resolve_place(gazetteer: Gazetteer, text: str) -> list[Place]:
    """The places `text` can mean: a place id, or a name the gazetteer knows (all namesakes)."""
    wanted = _clean(text)
    try:
        return [gazetteer.place(wanted)]
    except KeyError:
        pass
    folded = wanted.casefold()
    found = {p.id: p for p in gazetteer if any(n.casefold() == folded for n in p.names)}
    for mention in gazetteer.find(wanted):
        if mention.start == 0 and mention.end >= len(wanted.rstrip(". ")):
            place = gazetteer.place(mention.place_id)
            found.setdefault(place.id, place)
    if len(found) == 1:
        return list(found.values())
    named = {p.names[0].casefold() for p in found.values() if p.names}
    if len(named) == 1:
        main = next(iter(named))
        found.update({p.id: p for p in gazetteer if p.names and p.names[0].casefold() == main})
    return sorted(found.values(), key=lambda p: p.id)


# ---------------------------------------------------------------------------------------------
# Writes: each records an audit entry in the caller's transaction


def _claim(session: Session, claim_id: int) -> Claim:
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise CurationError("that claim is no longer in the claim base")
    return claim


def claim_of(*, session: Session, claim_id: int) -> Claim:
    """The claim an answer was about; refused when it has been removed since."""
    return _claim(session, claim_id)


def add_evidence(
    *, session: Session, claim_id: int, stance: str, entry: EvidenceInput, actor: str
) -> Evidence:
    """Record a source's stance on a claim; the same statement twice is refused, not doubled."""
    stance = Stance(stance).value
    claim = _claim(session, claim_id)
    record = EvidenceRecord(
        claim=claim.text,
        key=claim.key,
        stance=stance,
        speaker=entry.speaker,
        outlet=entry.outlet,
        date=entry.date,
        url=entry.url,
        quote=entry.quote,
    )
    evidence = repo.add_evidence(
        session=session,
        claim_id=claim_id,
        record=record,
        outlets=OutletCache(session),
        added_by=actor,
    )
    if evidence is None:
        raise AlreadyStored("that source is already recorded on this claim")
    audit.record(
        session=session,
        actor=actor,
        action=ADD_EVIDENCE,
        claim_id=claim_id,
        evidence_id=evidence.id,
        detail={
            "claim": claim.key,
            "stance": stance,
            "speaker": entry.speaker,
            "outlet": entry.outlet,
            "date": entry.date.isoformat() if entry.date else None,
            "url": entry.url,
            "quote": entry.quote,
        },
    )
    return evidence


def claim_text(text: str) -> str:
    """A claim as stored: one line, spacing normalised; refused when empty or too long."""
    cleaned = _clean(_unquote(_clean(text)))
    if len(cleaned) < 8 or not any(ch.isalpha() for ch in cleaned):
        raise CurationError("a claim needs a few words: who did what, where")
    if len(cleaned) > MAX_CLAIM:
        raise CurationError(f"a claim is at most {MAX_CLAIM} characters")
    return cleaned


def add_claim(*, session: Session, text: str, actor: str) -> Claim:
    """A new claim with the key an import of the same text would give it."""
    text = claim_text(text)
    key = derive_key(text)
    claim, created = repo.get_or_create_claim(session=session, key=key, text=text)
    if not created:
        raise AlreadyStored(f"that claim is already stored: “{claim.text}”")
    audit.record(
        session=session,
        actor=actor,
        action=ADD_CLAIM,
        claim_id=claim.id,
        detail={"claim": key, "text": text},
    )
    return claim


def add_alias(*, session: Session, claim_id: int, text: str, actor: str) -> ClaimAlias:
    """Another phrasing of a claim, matched like the claim itself from the next check on."""
    text = claim_text(text)
    claim = _claim(session, claim_id)
    known = {fold(claim.text)} | {
        fold(t)
        for t in session.exec(select(ClaimAlias.text).where(ClaimAlias.claim_id == claim_id))
    }
    if fold(text) in known:
        raise AlreadyStored("that wording is already stored for this claim")
    alias = ClaimAlias(claim_id=claim_id, text=text)
    session.add(alias)
    session.flush()
    audit.record(
        session=session,
        actor=actor,
        action=ADD_ALIAS,
        claim_id=claim_id,
        alias_id=alias.id,
        detail={"claim": claim.key, "text": text},
    )
    return alias


def add_place_name(*, session: Session, place: Place, name: str, actor: str) -> PlaceName:
    """A new form of a known place; the claim base merges it into the gazetteer."""
    if any(fold(n) == fold(name) for n in place.names):
        raise AlreadyStored(f"{name} is already a name of {place.names[0]}")
    row = PlaceName(
        place_id=place.id,
        kind=place.kind,
        oblast=place.oblast,
        lang=name_language(name),
        name=name,
        added_by=actor,
    )
    session.add(row)
    session.flush()
    audit.record(
        session=session,
        actor=actor,
        action=ADD_PLACE_NAME,
        detail={"place_name_id": row.id, "place": place.id, "name": name, "lang": row.lang},
    )
    return row


# ---------------------------------------------------------------------------------------------
# Undo


@dataclass(frozen=True)
class Undone:
    """What /undo reverted, in words, and whether the gazetteer must be reloaded."""

    action: str
    description: str
    claim_id: int | None = None

    @property
    def places_changed(self) -> bool:
        return self.action == ADD_PLACE_NAME


def _detail(entry: AuditEntry) -> dict:
    try:
        data = json.loads(entry.detail or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def undo_last(*, session: Session, actor: str) -> Undone | None:
    """Revert `actor`'s latest change that is not undone yet; None when there is none.

    A claim is removed only while it has no evidence: once sources are recorded on it,
    undoing the claim would take others' work with it.
    """
    entry = session.exec(
        select(AuditEntry)
        .where(
            AuditEntry.actor == actor,
            col(AuditEntry.undone).is_(False),
            col(AuditEntry.action).in_(UNDOABLE),
        )
        .order_by(col(AuditEntry.id).desc())
        .limit(1)
    ).first()
    if entry is None:
        return None
    detail = _detail(entry)
    if entry.action == ADD_EVIDENCE:
        description = _undo_evidence(session, entry, detail)
    elif entry.action == ADD_CLAIM:
        description = _undo_claim(session, entry, detail)
    elif entry.action == ADD_ALIAS:
        description = _undo_alias(session, entry, detail)
    else:
        description = _undo_place_name(session, detail)
    entry.undone = True
    session.add(entry)
    audit.record(
        session=session,
        actor=actor,
        action=UNDO,
        claim_id=entry.claim_id,
        evidence_id=entry.evidence_id,
        alias_id=entry.alias_id,
        detail={"entry": entry.id, "undid": entry.action},
    )
    return Undone(action=entry.action, description=description, claim_id=entry.claim_id)


_STANCE_WORDS = {"backs": "backing", "disputes": "disputing", "unconfirmed": "not confirming"}


def _undo_evidence(session: Session, entry: AuditEntry, detail: dict) -> str:
    who = detail.get("speaker", "a source")
    what = _STANCE_WORDS.get(detail.get("stance", ""), "on")
    description = f"the record of {who} {what} the claim"
    if entry.evidence_id is not None:
        session.exec(delete(Evidence).where(col(Evidence.id) == entry.evidence_id))
    return description


def _undo_claim(session: Session, entry: AuditEntry, detail: dict) -> str:
    text = detail.get("text", "the claim")
    if entry.claim_id is None or session.get(Claim, entry.claim_id) is None:
        return f"the claim “{text}” (it was already gone)"
    has_evidence = session.exec(
        select(func.count(col(Evidence.id))).where(Evidence.claim_id == entry.claim_id)
    ).one()
    if has_evidence:
        raise CurationError(
            f"the claim “{text}” has sources now, so it stays; undo those first, "
            "or ask the other editors"
        )
    claim_id = entry.claim_id
    session.exec(delete(ClaimAlias).where(col(ClaimAlias.claim_id) == claim_id))
    session.exec(delete(ClaimVector).where(col(ClaimVector.claim_id) == claim_id))
    session.exec(delete(Watch).where(col(Watch.claim_id) == claim_id))
    session.exec(update(Sighting).where(col(Sighting.claim_id) == claim_id).values(claim_id=None))
    session.exec(delete(Claim).where(col(Claim.id) == claim_id))
    return f"the claim “{text}”"


def _undo_alias(session: Session, entry: AuditEntry, detail: dict) -> str:
    if entry.alias_id is not None:
        session.exec(delete(ClaimAlias).where(col(ClaimAlias.id) == entry.alias_id))
    return f"the wording “{detail.get('text', '')}”"


def _undo_place_name(session: Session, detail: dict) -> str:
    row_id = detail.get("place_name_id")
    if isinstance(row_id, int):
        session.exec(delete(PlaceName).where(col(PlaceName.id) == row_id))
    return f"the place name {detail.get('name', '')}"


# ---------------------------------------------------------------------------------------------
# Place names for the gazetteer, and the audit log as people read it


def place_entries(*, session: Session) -> list[dict]:
    """Editors' place names as gazetteer entries (Gazetteer.add merges them by id)."""
    rows = session.exec(select(PlaceName).order_by(col(PlaceName.id))).all()
    return [{"id": r.place_id, "kind": r.kind, "oblast": r.oblast, r.lang: [r.name]} for r in rows]


def place_version(*, session: Session) -> tuple:
    """Changes whenever a place name is added or removed, so the gazetteer is reloaded."""
    return tuple(
        session.exec(select(func.count(col(PlaceName.id)), func.max(col(PlaceName.id)))).one()
    )


def audit_lines(*, session: Session, limit: int = 50, actor: str | None = None) -> list[str]:
    """The latest audit entries, newest first, one line each: when, who, what."""
    entries = audit.recent(session=session, limit=limit, actor=actor)
    keys = dict(
        session.exec(
            select(Claim.id, Claim.key).where(
                col(Claim.id).in_({e.claim_id for e in entries if e.claim_id is not None})
            )
        ).all()
    )
    lines = []
    for entry in entries:
        when = entry.at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        detail = _detail(entry)
        claim = detail.get("claim") or keys.get(entry.claim_id or -1)
        what = _describe(entry.action, detail)
        parts = [f"#{entry.id}", when, entry.actor, entry.action]
        if claim:
            parts.append(f"claim {claim}")
        if what:
            parts.append(what)
        line = "  ".join(parts)
        lines.append(line + ("  [undone]" if entry.undone else ""))
    return lines


def _describe(action: str, detail: dict) -> str:
    if action == ADD_EVIDENCE:
        source = detail.get("speaker", "")
        if detail.get("outlet") and detail.get("outlet") != source:
            source += f" ({detail['outlet']})"
        date = f", {detail['date']}" if detail.get("date") else ""
        return f"{detail.get('stance', '')}: {source}{date}"
    if action in (ADD_CLAIM, ADD_ALIAS):
        return f"“{detail.get('text', '')}”"
    if action == ADD_PLACE_NAME:
        return f"{detail.get('name', '')} = {detail.get('place', '')}"
    if action == UNDO:
        return f"undid #{detail.get('entry', '?')} ({detail.get('undid', '')})"
    return ", ".join(f"{k} {v}" for k, v in detail.items())
