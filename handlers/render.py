"""Answers as people read them: Telegram HTML for chats, plain text for the command line.

Pure functions from an Answer to a string. Every piece of stored text is escaped, quotes are
cut at a word, and the result always fits in one Telegram message.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from handlers.words import (
    STANCE_PASSIVE,
    human_date,
    match_score,
    short_day,
    source_name,
    stance_summary,
    time_gap_line,
)
from store.claimbase.answer import Answer, MatchAnswer, TimeGap
from store.claimbase.sightings import SightingView
from store.repo import EvidenceView

TELEGRAM_LIMIT = 4096
QUOTE_CHARS = 160
SENTENCE_END = re.compile(r"(?<=[.!?…])\s")


@dataclass(frozen=True)
class Origin:
    """Where a forwarded message came from, as the answer's third line shows it."""

    title: str
    date: dt.datetime | None = None
    link: str | None = None


def posted_day(origin: Origin | None) -> dt.date | None:
    """The day a forwarded message was first posted, when its origin tells."""
    return origin.date.date() if origin is not None and origin.date else None


@dataclass(frozen=True)
class Style:
    html: bool = True
    per_side: int = 8
    limit: int = TELEGRAM_LIMIT
    chat: bool = True  # Telegram commands ("/claim …") mean something only in a chat


PRIVATE = Style()
GROUP = Style(per_side=3)
PLAIN = Style(html=False, per_side=50, limit=1_000_000, chat=False)
# What the "More ▾" button unfolds to: every source, still cut at a line to fit one message.
FULL = Style(per_side=10_000)
SIGHTINGS_SHOWN = 5
POST_LABEL = "Also in this post"


def short_quote(quote: str, limit: int = QUOTE_CHARS) -> str:
    """The first sentence, cut at a word with an ellipsis when it is still too long."""
    text = " ".join(quote.split())
    first = SENTENCE_END.split(text, maxsplit=1)[0]
    if len(first) <= limit:
        return first
    cut = first[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:—-")
    return cut + "…"


def _e(text: str, style: Style) -> str:
    return html.escape(text, quote=True) if style.html else text


def _link(url: str | None, style: Style) -> str:
    url = "".join(url.split()) if url else None
    if not url:
        return ""
    if style.html:
        return f' <a href="{html.escape(url, quote=True)}">↗</a>'
    return f"\n    {url}"


def _speaker(item: EvidenceView, style: Style) -> str:
    return _e(source_name(item.speaker, outlet=item.outlet, via=item.via), style)


def _evidence_line(item: EvidenceView, style: Style) -> str:
    line = f"• {_speaker(item, style)} · {human_date(item.date)}"
    if item.quote:
        line += f"\n  “{_e(short_quote(item.quote), style)}”"
    return line + _link(item.url, style)


def _section(title: str, items: list[EvidenceView], style: Style) -> list[str]:
    if not items:
        return []
    heading = f"<b>{title}</b>" if style.html else title
    lines = [heading]
    lines += [_evidence_line(item, style) for item in items[: style.per_side]]
    if len(items) > style.per_side:
        lines.append(f"… and {len(items) - style.per_side} more")
    return ["\n".join(lines)]


def _timeline(answer: MatchAnswer, style: Style) -> str | None:
    dated = [e for e in answer.claim.evidence if e.date]
    if not dated:
        return None
    first = min(dated, key=lambda e: e.date or dt.date.min)
    last = max(dated, key=lambda e: e.date or dt.date.min)
    line = f"First claimed {human_date(first.date)} ({_e(first.speaker, style)})"
    if last is not first:
        line += f"; last word {human_date(last.date)} ({STANCE_PASSIVE[last.stance]})"
    return line + "."


def summary(answer: MatchAnswer) -> str:
    """The sources counted, relative to the query as written: "Contested: 1 source backs it…"."""
    return stance_summary(len(answer.backing), len(answer.disputing), len(answer.unconfirmed))


def is_folded(answer: MatchAnswer, style: Style) -> bool:
    """Whether some sources are left out in this style (the answer then offers "More ▾")."""
    sides = (answer.backing, answer.disputing, answer.unconfirmed)
    return any(len(side) > style.per_side for side in sides)


def render_match(
    answer: MatchAnswer,
    *,
    style: Style = PRIVATE,
    origin: Origin | None = None,
    sightings: Sequence[SightingView] = (),
    time_gap: TimeGap | None = None,
) -> str:
    # One line, whatever the stored text holds: `_fit` cuts at lines, never inside <b>.
    claim = _e(_one_line(answer.claim.text), style)
    bold = f"<b>{claim}</b>" if style.html else claim
    if answer.denies:
        head = f"🔎 You wrote that this did NOT happen: {bold}"
        sides = ("✅ Backing what you wrote", "❌ Against it")
    else:
        head = f"🔎 {bold}"
        sides = ("✅ Backed by", "❌ Disputed by")
    blocks = [f"{head}\n{summary(answer)} · {match_score(answer.match.score)}"]
    if answer.match.where:
        blocks[0] += "\n📍 " + _where(answer, style)
    if origin is not None:
        blocks[0] += "\n" + _origin_line(origin, style)
    if time_gap is not None:
        blocks[0] += f"\n⏳ {time_gap_line(time_gap.claim, time_gap.post)}"
    blocks += _section(sides[0], answer.backing, style)
    blocks += _section(sides[1], answer.disputing, style)
    blocks += _section("❔ Not confirmed by", answer.unconfirmed, style)
    tail = [line for line in (_timeline(answer, style), _sightings_line(sightings, style)) if line]
    if tail:
        blocks.append("\n".join(tail))
    return "\n\n".join(blocks)


def _where(answer: MatchAnswer, style: Style) -> str:
    """Which of several same-named places the claim is about: "Zaporizke, Dnipropetrovsk
    region" (the query named the place but no oblast)."""
    return "; ".join(_e(f"{w.place}, {w.region}", style) for w in answer.match.where)


def _sightings_line(sightings: Sequence[SightingView], style: Style) -> str | None:
    """Where else the claim was seen: channels oldest first, and when it was first seen."""
    if not sightings:
        return None
    shown = []
    for seen in sightings[:SIGHTINGS_SHOWN]:
        name = _e(f"@{seen.channel}", style)
        if style.html and seen.link:
            link = "".join(seen.link.split())
            name = f'<a href="{html.escape(link, quote=True)}">{name}</a>'
        when = f" ({short_day(seen.posted_at)})" if seen.posted_at else ""
        shown.append(name + when)
    line = "Also circulating in: " + ", ".join(shown)
    if len(sightings) > SIGHTINGS_SHOWN:
        line += f" and {len(sightings) - SIGHTINGS_SHOWN} more"
    dated = [seen for seen in sightings if seen.posted_at]
    if dated:
        first = min(dated, key=lambda seen: seen.posted_at or dt.datetime.max)
        line += f" · first seen {human_date(first.posted_at)} (@{_e(first.channel, style)})"
    return line


def _origin_line(origin: Origin, style: Style) -> str:
    parts = [f"Forwarded from {_e(origin.title, style)}"]
    if origin.date:
        parts.append(f"posted {human_date(origin.date)}")
    if origin.link:
        parts.append(_e(origin.link.removeprefix("https://"), style))
    return " · ".join(parts)


def render_no_match(answer: Answer, *, style: Style = PRIVATE, origin: Origin | None = None) -> str:
    lines = ["No stored claim matches this."]
    if origin is not None:
        lines.append(_origin_line(origin, style))
    nearest = answer.nearest
    if nearest is not None and nearest.score >= 30:
        text = _e(answer.nearest_text or nearest.text, style)
        if nearest.reason == "too far from the query":
            lines.append(f"Nearest: “{text}” (match {round(nearest.score)}/100, too low to show).")
        elif nearest.reason == "a different place" and nearest.query_place:
            place = _e(nearest.query_place.title(), style)
            lines.append(f"Nearest: “{text}”, a different place from {place}, so not shown.")
        else:
            lines.append(f"Nearest: “{text}”, about {nearest.reason}, so not shown as a match.")
    if style.chat:
        query = " ".join(answer.query.split())
        example = short_quote(query, 80) if query else "Russian forces captured Mykolaiv"
        lines.append(f"Editors can add it: /claim {_e(example, style)}")
    return "\n".join(lines)


def render_answer(
    answer: Answer,
    *,
    style: Style = PRIVATE,
    origin: Origin | None = None,
    sightings: Sequence[SightingView] = (),
    by_sentence: bool = False,
) -> str:
    """The whole answer: the best claim in full, other matches as one line each.

    `sightings` are the other channels seen carrying the best claim; `by_sentence` says the
    matches come from single sentences of a long post ("Also in this post").
    """
    if not answer.matches:
        return _fit(render_no_match(answer, style=style, origin=origin), style)
    text = render_match(
        answer.matches[0],
        style=style,
        origin=origin,
        sightings=sightings,
        time_gap=answer.time_gap,
    )
    if answer.related:
        text += "\n\n" + _related_lines(answer, style)
    others = answer.matches[1:]
    if others:
        if by_sentence:
            label = POST_LABEL
        else:
            label = "Did you mean instead" if answer.ambiguous else "Other matches"
        lines = [f"{label}:"]
        lines += [
            f"• {_e(m.claim.text, style)} · {match_score(m.match.score)}"
            + (f" · 📍 {_where(m, style)}" if m.match.where else "")
            for m in others
        ]
        text += "\n\n" + "\n".join(lines)
    return _fit(text, style)


def _related_lines(answer: Answer, style: Style) -> str:
    """The other claims about the same place and days: the other side is never hidden."""
    lines = ["On the same place and days:"]
    for item in answer.related:
        source = ", ".join(
            part
            for part in (
                source_name(item.speaker, outlet=item.outlet) if item.speaker else None,
                human_date(item.date) if item.date else None,
            )
            if part
        )
        lines.append(f"• {_e(item.text, style)}" + (f" — {_e(source, style)}" if source else ""))
    return "\n".join(lines)


def _fit(text: str, style: Style) -> str:
    """Cut at a line boundary so the message stays under Telegram's limit and valid HTML.

    Telegram counts the text as the reader sees it, so tags and escapes do not count.
    """
    units = _visible_units if style.html else _units
    if units(text) <= style.limit:
        return text
    kept: list[str] = []
    size = 0
    for line in text.split("\n"):
        if size + units(line) + 1 > style.limit - 40:
            break
        kept.append(line)
        size += units(line) + 1
    return "\n".join(kept) + "\n… (answer shortened)"


TAG = re.compile(r"<[^>]*>")
CLAIM_CHARS = 1000


def _visible_units(markup: str) -> int:
    """UTF-16 length of our HTML as shown: every < and > in it belongs to a tag, because all
    stored text is escaped."""
    return _units(html.unescape(TAG.sub("", markup)))


def _one_line(text: str, limit: int = CLAIM_CHARS) -> str:
    """Whitespace folded, cut at a word when absurdly long."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _units(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji counts two)."""
    return len(text.encode("utf-16-le")) // 2
