"""The bot's words for people, shared by Telegram HTML (`handlers.render`) and the command
line's plain text (`bot.cli`).

The store returns data (stances, dates, speakers); how they read is decided here, once, so
a stance is called the same in an answer, an alert, a confirmation, an ingest report and the
audit log. Everything here is plain text: callers escape it for HTML.
"""

from __future__ import annotations

import datetime as dt

BACKS, DISPUTES, UNCONFIRMED = "backs", "disputes", "unconfirmed"

# "Ukrainian officers disputes: …": what a source does, in the present.
STANCE_VERB = {BACKS: "backs", DISPUTES: "disputes", UNCONFIRMED: "has not confirmed"}
# "Update on X — now disputed by …": what a claim undergoes.
STANCE_PASSIVE = {BACKS: "backed", DISPUTES: "disputed", UNCONFIRMED: "not confirmed"}
# "now backed by Ukrainska Pravda": the by-phrase of an alert.
STANCE_BY = {BACKS: "backed by", DISPUTES: "disputed by", UNCONFIRMED: "not confirmed by"}
# "removed Olena's source backing X": a source's stance as an attribute.
STANCE_PARTICIPLE = {BACKS: "backing", DISPUTES: "disputing", UNCONFIRMED: "not confirming"}
# "disputes: Ukrainian officers (via BBC) · 7 Jul 2025": the label of a listed statement.
STANCE_LABEL = {BACKS: "backs", DISPUTES: "disputes", UNCONFIRMED: "not confirmed"}

UNDATED = "undated"


def human_date(value: dt.date | dt.datetime | None) -> str:
    """A date as people write it: 7 Jul 2025."""
    if value is None:
        return UNDATED
    return f"{value.day} {value:%b %Y}"


def short_day(value: dt.date | dt.datetime) -> str:
    """Day and month only, where the year is plain from the context: 26 Nov."""
    return f"{value.day} {value:%b}"


def month_year(value: dt.date | dt.datetime) -> str:
    """A month as people write it: Apr 2025."""
    return f"{value:%b %Y}"


def time_gap_line(claim: dt.date, post: dt.date) -> str:
    """The note under an answer whose claim is months away from the forwarded post."""
    return f"This claim is from {month_year(claim)}; the post is from {month_year(post)}."


def source_name(speaker: str, *, outlet: str | None = None, via: str | None = None) -> str:
    """Who said it and where: "Ukrainian officers (via The New York Times)", "Shoigu (TASS)".

    The outlet is left out when it is the speaker itself (a ministry on its own channel).
    """
    sources = carried_by(speaker, outlet, via)
    if not sources:
        return speaker
    return f"{speaker} ({'via ' if via else ''}{', '.join(sources)})"


def carried_by(speaker: str, outlet: str | None, via: str | None) -> list[str]:
    """The chain and the outlet a statement came through, each once, never the speaker."""
    return list(dict.fromkeys(s for s in (via, outlet) if s and s != speaker))


def count(n: int, thing: str = "source", things: str | None = None) -> str:
    """1 source, 2 sources."""
    return f"{n} {thing}" if n == 1 else f"{n} {things or thing + 's'}"


def stance_summary(backs: int, disputes: int, unconfirmed: int) -> str:
    """The counts of an answer without a verdict: Backed only, Disputed only, Contested, …"""
    if backs and disputes:
        head = (
            f"Contested: {count(backs)} {'backs' if backs == 1 else 'back'} it, "
            f"{count(disputes)} {'disputes' if disputes == 1 else 'dispute'} it"
        )
    elif backs:
        head = f"Backed only: {count(backs)}"
    elif disputes:
        head = f"Disputed only: {count(disputes)}"
    elif unconfirmed:
        head = "Not confirmed"
    else:
        head = "No sources recorded yet"
    if unconfirmed and (backs or disputes):
        head += f", {unconfirmed} not confirmed"
    return head


def match_score(score: float) -> str:
    return f"match {round(score)}/100"


# --- writes: confirmations, ingest reports, audit


def source_dated(
    speaker: str,
    *,
    outlet: str | None = None,
    via: str | None = None,
    date: dt.date | None = None,
) -> str:
    """A source with where and when it said it: "Ukrainian General Staff (Suspilne, 3 Dec 2025)".

    The chain and the outlet are listed once each, and left out when they are the speaker.
    """
    where = carried_by(speaker, outlet, via)
    if date:
        where.append(human_date(date))
    return speaker + (f" ({', '.join(where)})" if where else "")


# "[new claim]": an ingest's line for evidence on a claim it created.
NEW_CLAIM = "new claim"
