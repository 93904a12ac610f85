"""An answer to a check: matched claims with their evidence, turned to the query's polarity.

When the query denies a claim ("Russia did not take X"), those who dispute the claim back
what the user wrote, and those who back the claim dispute it: `backing` and `disputing` are
always relative to the query as written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from store.match.rank import Match, Nearest
from store.repo import ClaimView, EvidenceView

if TYPE_CHECKING:
    from store.claimbase.events import RelatedClaim


@dataclass(frozen=True)
class TimeGap:
    """The matched claim's evidence is months away from the forwarded post: ``claim`` is the
    claim's evidence date nearest to the post, ``post`` the post's own date."""

    claim: dt.date
    post: dt.date

    def to_json(self) -> dict:
        return {"claim": self.claim.isoformat(), "post": self.post.isoformat()}


@dataclass(frozen=True)
class MatchAnswer:
    match: Match
    claim: ClaimView

    @property
    def denies(self) -> bool:
        return self.match.polarity == "denies"

    @property
    def backing(self) -> list[EvidenceView]:
        return self.claim.by_stance("disputes" if self.denies else "backs")

    @property
    def disputing(self) -> list[EvidenceView]:
        return self.claim.by_stance("backs" if self.denies else "disputes")

    @property
    def unconfirmed(self) -> list[EvidenceView]:
        return self.claim.by_stance("unconfirmed")

    def days_from(self, day: dt.date) -> int | None:
        """Days between `day` and the claim's nearest dated evidence; None when undated."""
        nearest = self.nearest_date(day)
        return abs((nearest - day).days) if nearest is not None else None

    def nearest_date(self, day: dt.date) -> dt.date | None:
        """The claim's evidence date nearest to `day`."""
        dated = [e.date for e in self.claim.evidence if e.date]
        return min(dated, key=lambda d: abs((d - day).days)) if dated else None

    def to_json(self) -> dict:
        return {
            "id": self.claim.key,
            "claim": self.claim.text,
            "score": round(self.match.score),
            "polarity": self.match.polarity,
            "backing": [e.to_json() for e in self.backing],
            "disputing": [e.to_json() for e in self.disputing],
            "unconfirmed": [e.to_json() for e in self.unconfirmed],
            **self._where_json(),
        }

    def _where_json(self) -> dict:
        """Which of several same-named places the claim is about, for a query that did not
        say: [{"place": "Zaporizke", "region": "Dnipropetrovsk region"}]; absent otherwise."""
        if not self.match.where:
            return {}
        return {"where": [{"place": w.place, "region": w.region} for w in self.match.where]}


@dataclass
class Answer:
    query: str
    matches: list[MatchAnswer] = field(default_factory=list)
    nearest: Nearest | None = None
    nearest_text: str | None = None
    ambiguous: bool = False
    time_gap: TimeGap | None = None  # set when the best match is months away from the post
    # Other claims about the place and days of the best match's event: the other side.
    related: list[RelatedClaim] = field(default_factory=list)

    def to_json(self) -> dict:
        out: dict = {"query": self.query, "matches": [m.to_json() for m in self.matches]}
        if self.ambiguous:
            out["ambiguous"] = True
        if self.time_gap is not None:
            out["time_gap"] = self.time_gap.to_json()
        if self.related and self.matches:
            out["related"] = [r.to_json() for r in self.related]
        if self.nearest is not None and not self.matches:
            out["nearest"] = {
                "id": self.nearest.key,
                "claim": self.nearest_text or self.nearest.text,
                "score": round(self.nearest.score),
                "reason": self.nearest.reason,
            }
        return out
