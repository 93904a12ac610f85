"""Editors' place names: which known place a name means, and the stored names as gazetteer
entries, which the claim base merges into the shipped gazetteer whenever they change."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from store.claimbase.editline import one_line
from store.match.gazetteer import Gazetteer, Place
from store.models import PlaceName


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
    """The places `text` can mean: a place id, the curated places of that name, or a name the
    gazetteer knows (all namesakes)."""
    wanted = one_line(text)
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
    # The curated places are the ones war news means by a name villages share ("Huliaipole");
    # such a village is still reached by its KATOTTG code.
    curated = [p for p in found.values() if gazetteer.curated(p.id)]
    if curated and len(curated) < len(found):
        return sorted(curated, key=lambda p: p.id)
    named = {p.names[0].casefold() for p in found.values() if p.names}
    if len(named) == 1:
        main = next(iter(named))
        found.update({p.id: p for p in gazetteer if p.names and p.names[0].casefold() == main})
    return sorted(found.values(), key=lambda p: p.id)


def place_entries(*, session: Session) -> list[dict]:
    """Editors' place names as gazetteer entries (Gazetteer.add merges them by id)."""
    rows = session.exec(select(PlaceName).order_by(col(PlaceName.id))).all()
    return [{"id": r.place_id, "kind": r.kind, "oblast": r.oblast, r.lang: [r.name]} for r in rows]


def place_version(*, session: Session) -> tuple:
    """Changes whenever a place name is added or removed, so the gazetteer is reloaded."""
    return tuple(
        session.exec(select(func.count(col(PlaceName.id)), func.max(col(PlaceName.id)))).one()
    )
