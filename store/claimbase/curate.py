"""Editors' changes to the claim base from a chat: evidence, claims, other wordings of a
claim, and new names of known places.

Each change is one transaction with its audit entry, so a change and its record land together
or not at all; once it is committed the index is refreshed, so the editor's next check sees it.
What cannot be changed raises CurationError with a short reason the editor is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlmodel import Session, select

from store import repo
from store.claimbase import audit
from store.claimbase.editline import CurationError, EvidenceInput, claim_text
from store.claimbase.places import name_language, resolve_place
from store.db import session_scope
from store.files.jsonl import EvidenceRecord, derive_key, fold
from store.match.gazetteer import Place
from store.models import Claim, ClaimAlias, PlaceName, Stance
from store.repo import OutletCache

if TYPE_CHECKING:
    from store.claimbase.base import ClaimBase

# A /claim this close to a stored claim is that claim, not a new one.
KNOWN_SCORE = 90


class AlreadyStored(CurationError):
    """The change is already in the claim base; nothing was written."""


class PlaceNotFound(CurationError):
    """No place, or several, go by the name an editor gave; `places` holds the namesakes."""

    def __init__(self, wanted: str, places: list[Place]) -> None:
        super().__init__(wanted)
        self.wanted = wanted
        self.places = places


@dataclass(frozen=True)
class EvidenceAdded:
    """A source's stance recorded on a claim (`claim` is the claim's text)."""

    claim_id: int
    claim: str
    stance: str
    evidence: EvidenceInput


@dataclass(frozen=True)
class ClaimAdded:
    """A claim from /claim: `created` is False when the matcher already knew it as this one."""

    claim_id: int
    text: str
    created: bool


@dataclass(frozen=True)
class AliasAdded:
    claim_id: int
    claim: str
    text: str


@dataclass(frozen=True)
class PlaceNameAdded:
    name: str
    place: Place


def _claim(session: Session, claim_id: int) -> Claim:
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise CurationError("that claim is no longer in the claim base")
    return claim


def add_evidence(
    claim_base: ClaimBase, *, claim_id: int, stance: str, evidence: EvidenceInput, actor: str
) -> EvidenceAdded:
    """Record a source's stance on a claim; the same statement twice is refused, not doubled."""
    stance = Stance(stance).value
    with session_scope(claim_base.engine) as session:
        claim = _claim(session, claim_id)
        record = EvidenceRecord(
            claim=claim.text,
            key=claim.key,
            stance=stance,
            speaker=evidence.speaker,
            outlet=evidence.outlet,
            date=evidence.date,
            url=evidence.url,
            quote=evidence.quote,
        )
        stored = repo.add_evidence(
            session=session,
            claim_id=claim_id,
            record=record,
            outlets=OutletCache(session),
            added_by=actor,
        )
        if stored is None:
            raise AlreadyStored("that source is already recorded on this claim")
        audit.record(
            session=session,
            actor=actor,
            action=audit.ADD_EVIDENCE,
            claim_id=claim_id,
            evidence_id=stored.id,
            detail={
                "claim": claim.key,
                "stance": stance,
                "speaker": evidence.speaker,
                "outlet": evidence.outlet,
                "date": evidence.date.isoformat() if evidence.date else None,
                "url": evidence.url,
                "quote": evidence.quote,
            },
        )
        added = EvidenceAdded(claim_id=claim_id, claim=claim.text, stance=stance, evidence=evidence)
    claim_base.invalidate()
    return added


def add_claim(claim_base: ClaimBase, *, text: str, actor: str) -> ClaimAdded:
    """A new claim with the key an import of the same text would give it, unless the matcher
    already knows it (then that claim is returned and nothing is written)."""
    text = claim_text(text)
    answer = claim_base.check(text, limit=1, min_score=KNOWN_SCORE)
    if answer.matches:
        known = answer.matches[0].claim
        return ClaimAdded(claim_id=known.id, text=known.text, created=False)
    key = derive_key(text)
    with session_scope(claim_base.engine) as session:
        claim, created = repo.get_or_create_claim(session=session, key=key, text=text)
        if not created:
            raise AlreadyStored(f"that claim is already stored: “{claim.text}”")
        assert claim.id is not None
        audit.record(
            session=session,
            actor=actor,
            action=audit.ADD_CLAIM,
            claim_id=claim.id,
            detail={"claim": key, "text": text},
        )
        added = ClaimAdded(claim_id=claim.id, text=claim.text, created=True)
    claim_base.invalidate()
    return added


def add_alias(claim_base: ClaimBase, *, claim_id: int, text: str, actor: str) -> AliasAdded:
    """Another phrasing of a claim, matched like the claim itself from the next check on."""
    text = claim_text(text)
    with session_scope(claim_base.engine) as session:
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
            action=audit.ADD_ALIAS,
            claim_id=claim_id,
            alias_id=alias.id,
            detail={"claim": claim.key, "text": text},
        )
        added = AliasAdded(claim_id=claim_id, claim=claim.text, text=text)
    claim_base.invalidate()
    return added


def add_place_name(claim_base: ClaimBase, *, name: str, place: str, actor: str) -> PlaceNameAdded:
    """A new form of a known place (named as the gazetteer knows it, or by its id), read by
    checks from now on. PlaceNotFound when `place` means no place or several."""
    places = resolve_place(claim_base.gazetteer, place)
    if len(places) != 1:
        raise PlaceNotFound(place, places)
    known = places[0]
    if any(fold(n) == fold(name) for n in known.names):
        raise AlreadyStored(f"{name} is already a name of {known.names[0]}")
    with session_scope(claim_base.engine) as session:
        row = PlaceName(
            place_id=known.id,
            kind=known.kind,
            oblast=known.oblast,
            lang=name_language(name),
            name=name,
            added_by=actor,
        )
        session.add(row)
        session.flush()
        audit.record(
            session=session,
            actor=actor,
            action=audit.ADD_PLACE_NAME,
            detail={"place_name_id": row.id, "place": known.id, "name": name, "lang": row.lang},
        )
    claim_base.reload_places()
    return PlaceNameAdded(name=name, place=known)
