"""Read and write schema.org ClaimReview, the format fact-checkers publish their verdicts in.

A ClaimReview holds two voices at two dates: the claimant who made the claim (backing it
when it was published) and the fact-checker who rated it later. Both become interchange
records so the bot can show them on the same timeline as statements found in articles.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from store.files.jsonl import EvidenceRecord, FormatError, decode_text, record_from_dict

BACKING_RATINGS = {"true", "mostly true", "correct", "accurate", "verified", "правда", "вірно"}
DISPUTING_RATINGS = {
    "false",
    "mostly false",
    "misleading",
    "fake",
    "pants on fire",
    "incorrect",
    "inaccurate",
    "fabricated",
    "неправда",
    "фейк",
    "маніпуляція",
    "манипуляция",
}


def _items(data: Any) -> Iterator[dict]:
    """Walk JSON-LD: lists, @graph containers and nested objects."""
    if isinstance(data, list):
        for item in data:
            yield from _items(item)
    elif isinstance(data, dict):
        yield data
        graph = data.get("@graph")
        if isinstance(graph, list):
            yield from _items(graph)


def _is_claimreview(item: dict) -> bool:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return "ClaimReview" in kinds


def _name(value: Any) -> str | None:
    """Names come as a string, an object with "name", or a list of either."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return value.strip() if isinstance(value, str) and value.strip() else None


def rating_stance(rating: str | None) -> str:
    """Map a verdict label to backs/disputes/unconfirmed; unknown labels stay unconfirmed."""
    label = re.sub(r"[\s_-]+", " ", (rating or "").strip().lower()).strip(" .!")
    if label in BACKING_RATINGS:
        return "backs"
    if label in DISPUTING_RATINGS:
        return "disputes"
    return "unconfirmed"


def _rating(review: dict) -> str | None:
    rating = review.get("reviewRating")
    if isinstance(rating, list):
        rating = rating[0] if rating else None
    if not isinstance(rating, dict):
        return None
    label = rating.get("alternateName") or rating.get("name")
    return label if isinstance(label, str) else None


def _records(review: dict) -> list[dict]:
    claimed = review.get("claimReviewed")
    claim = claimed.strip() if isinstance(claimed, str) else ""
    reviewed = review.get("itemReviewed") if isinstance(review.get("itemReviewed"), dict) else {}
    appearance = reviewed.get("appearance") or reviewed.get("firstAppearance")
    appearance_url = appearance.get("url") if isinstance(appearance, dict) else None
    reviewer = _name(review.get("author"))
    rating = _rating(review)
    records = []
    claimant = _name(reviewed.get("author"))
    if claimant:
        records.append(
            {
                "claim": claim,
                "stance": "backs",
                "speaker": claimant,
                "outlet": _name(appearance.get("publisher"))
                if isinstance(appearance, dict)
                else None,
                "date": reviewed.get("datePublished"),
                "url": appearance_url,
                "quote": claim,
            }
        )
    records.append(
        {
            "claim": claim,
            "stance": rating_stance(rating),
            "speaker": reviewer or "unnamed fact-checker",
            "outlet": reviewer or _name(review.get("publisher")),
            "date": review.get("datePublished"),
            "url": review.get("url"),
            "quote": rating or "",
        }
    )
    return records


def parse_claimreview(data: dict | list) -> list[dict]:
    """Turn ClaimReview JSON-LD into interchange records, the claimant's first.

    Raises ValueError when the JSON holds no ClaimReview, so a caller can tell a wrong
    file from an empty verdict.
    """
    return [record for _, record in parse_claimreview_roles(data)]


CLAIMANT, REVIEWER = "claimant", "reviewer"


def parse_claimreview_roles(data: dict | list) -> list[tuple[str, dict]]:
    """Like parse_claimreview, with each record's role: the claimant's or the reviewer's.

    The store keeps the roles apart so that only fact-checkers' verdicts are written back
    as ClaimReview.
    """
    reviews = [item for item in _items(data) if _is_claimreview(item)]
    if not reviews:
        kinds = sorted({str(i.get("@type")) for i in _items(data) if "@type" in i})
        found = ", ".join(kinds) if kinds else "no @type at all"
        raise ValueError(f"not a ClaimReview: found {found}")
    out: list[tuple[str, dict]] = []
    for review in reviews:
        *claimants, reviewer = _records(review)
        out += [(CLAIMANT, record) for record in claimants]
        out.append((REVIEWER, reviewer))
    return out


_RATING_VALUES = {"backs": ("True", 5), "disputes": ("False", 1), "unconfirmed": ("Unproven", 3)}


def parse_claimreview_json(data: bytes | str) -> list[tuple[str, EvidenceRecord]]:
    """Read a ClaimReview JSON-LD file into (role, record) pairs; role is claimant/reviewer."""
    try:
        decoded = json.loads(decode_text(data))
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


def to_claimreview(
    claim: str, reviewer_records: list[dict], *, claimant: dict | None = None
) -> dict:
    """Export our verdicts on one claim as ClaimReview JSON-LD (one review per record).

    A record's ``quote`` is the reviewer's own rating label, kept when it says the same as the
    stance; the ``claimant`` record, when given, becomes the ``itemReviewed``.
    """
    reviews = []
    for record in reviewer_records:
        stance = record.get("stance", "")
        label, value = _RATING_VALUES.get(stance, _RATING_VALUES["unconfirmed"])
        own = record.get("quote")
        if own and rating_stance(own) == stance:
            label = own
        review: dict[str, Any] = {
            "@type": "ClaimReview",
            "claimReviewed": claim,
            "author": {"@type": "Organization", "name": record.get("speaker") or "sourcecheck"},
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": value,
                "bestRating": 5,
                "worstRating": 1,
                "alternateName": label,
            },
        }
        if record.get("date"):
            review["datePublished"] = str(record["date"])
        if record.get("url"):
            review["url"] = record["url"]
        if claimant:
            review["itemReviewed"] = _item_reviewed(claimant)
        reviews.append(review)
    return {"@context": "https://schema.org", "@graph": reviews}


def _item_reviewed(claimant: dict) -> dict:
    item: dict = {
        "@type": "Claim",
        "author": {"@type": "Organization", "name": claimant.get("speaker")},
    }
    if claimant.get("date"):
        item["datePublished"] = str(claimant["date"])
    appearance: dict = {"@type": "CreativeWork"}
    if claimant.get("url"):
        appearance["url"] = claimant["url"]
    outlet = claimant.get("outlet")
    if outlet and outlet != claimant.get("speaker"):
        appearance["publisher"] = {"@type": "Organization", "name": outlet}
    if len(appearance) > 1:
        item["appearance"] = appearance
    return item
