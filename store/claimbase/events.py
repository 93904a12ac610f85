"""The events the stored claims tell: their frames, read from the claim texts the match
index holds, and the claims about the same place and days as a matched one."""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlmodel import Session

from store import repo
from store.match.frame import RELATED_DAYS, FrameBook
from store.match.index import MatchIndex

if TYPE_CHECKING:
    from store.claimbase.base import ClaimBase

RELATED_SHOWN = 3

_BOOKS: weakref.WeakKeyDictionary[MatchIndex, FrameBook] = weakref.WeakKeyDictionary()
_BOOKS_LOCK = threading.Lock()


def frame_book(index: MatchIndex) -> FrameBook:
    """The frames of the stored claims' texts, read once per index and extended with the
    texts added to it since (an index only grows; a deletion makes a new one)."""
    with _BOOKS_LOCK:
        book = _BOOKS.get(index)
        if book is None:
            book = _BOOKS[index] = FrameBook()
        for text_index in range(book.seen, len(index.texts)):
            frame = index.frame(text_index)
            if frame is not None:
                book.add(frame, index.claim_ids[int(index.text_claim[text_index])])
        book.seen = len(index.texts)
        return book


@dataclass(frozen=True)
class RelatedClaim:
    """Another claim about the same place and days, with its first source."""

    key: str
    text: str
    speaker: str | None
    outlet: str | None
    date: dt.date | None

    def to_json(self) -> dict:
        return {
            "id": self.key,
            "claim": self.text,
            "speaker": self.speaker,
            "outlet": self.outlet,
            "date": self.date.isoformat() if self.date else None,
        }


def related_claims(
    claim_base: ClaimBase, claim: repo.ClaimView, *, limit: int = RELATED_SHOWN
) -> list[RelatedClaim]:
    """The claims about the place of `claim`'s event whose sources spoke within
    RELATED_DAYS of its own (under "Russia captured Lysychansk": "Ukrainian forces withdrew
    from Lysychansk"), earliest first."""
    book = frame_book(claim_base.index())
    others = book.same_place(claim.id)
    if not others:
        return []
    with Session(claim_base.engine) as session:
        views = repo.claim_views(session=session, claim_ids=others)
    days = [e.date for e in claim.evidence if e.date]
    found: list[RelatedClaim] = []
    for view in views.values():
        dated = sorted(
            (e for e in view.evidence if e.date and e.stance == "backs"),
            key=lambda e: e.date or dt.date.min,
        )
        near = [
            e
            for e in dated
            if not days or any(abs((e.date - day).days) <= RELATED_DAYS for day in days if e.date)
        ]
        if dated and not near:
            continue
        first = (near or dated or view.evidence or [None])[0]
        found.append(
            RelatedClaim(
                view.key,
                view.text,
                first.speaker if first else None,
                first.outlet if first else None,
                first.date if first else None,
            )
        )
    found.sort(key=lambda r: (r.date is None, r.date or dt.date.min, r.text))
    return found[:limit]
