"""A claim's timeline, as a picture and in words: who said what about it, and when.

Pure functions: a claim with its evidence (and the forwarded post's own date, when there is
one) in; PNG bytes and the caption out. `plan` decides what is drawn, so the picture and its
caption always tell the same story:

- one row per source (a speaker, whatever outlets carried them), marks at the days they spoke;
  the `MAX_ROWS` sources heard from most recently are drawn, the rest counted ("and 9 more");
- backs, disputes and not confirmed differ by shape as well as colour (a filled triangle, a
  filled circle, a hollow diamond, in the Okabe-Ito colours that colour-blind readers tell
  apart), so the picture also reads in black and white;
- statements without a date are listed in the caption, never placed on the axis;
- a claim needs two dated sources for a picture (`can_draw`); with fewer there is nothing to
  compare, and the text answer says it all.

The picture is 1080 px wide, the width a phone shows, with text no smaller than a chat
message's (`MIN_TEXT_PX`), in DejaVu Sans, the font matplotlib ships, which covers Latin,
Cyrillic and Greek: no system font is looked up, so every machine draws the same picture.
matplotlib's Agg backend draws the shapes (one artist per kind: bands, day lines, marks) and
Pillow, which matplotlib depends on, draws the text over them and writes the PNG with a fixed
palette. Both are imported when the first picture is drawn, never by `sourcecheck check`.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import itertools
import os
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from handlers.words import (
    BACKS,
    DISPUTES,
    STANCE_LABEL,
    STANCE_VERB,
    UNCONFIRMED,
    carried_by,
    count,
    human_date,
    short_day,
    source_name,
)
from store.repo import ClaimView, EvidenceView

MAX_ROWS = 12
MIN_DATED_SOURCES = 2
CAPTION_LIMIT = 1024  # Telegram's limit for a photo's caption, as the reader sees it
NAME_CHARS = 60  # a speaker in the caption is cut at a word past this

# Geometry, in pixels of the picture.
WIDTH = 1080
DPI = 100
MARGIN = 36
PLOT_LEFT, PLOT_RIGHT = 84, WIDTH - 84  # where the first and the last day fall
TITLE_PX = 56
NAME_PX = 50
MIN_TEXT_PX = 44  # outlets, dates, legend: about a chat message's text on a phone
TITLE_LINES = 3
NAME_LINES = 2
TRACK_PX = 66  # the band a row's marks sit on
MARK_PX = 34
BLENDS = 8  # shades between each colour and each background, for antialiased edges
SAME_DAY_SHIFT = 22  # a source's different stances on one day sit side by side
TICK_GAP_PX = 30

INK = "#111111"
GREY = "#555555"
GRID = "#e4e4e4"
BAND = "#f4f4f4"
LINK = "#9a9a9a"


@dataclass(frozen=True)
class Look:
    marker: str
    colour: str
    filled: bool
    glyph: str  # the shape in words, for the caption's key


# Okabe & Ito's palette: blue and vermillion stay apart for every kind of colour blindness.
LOOKS = {
    BACKS: Look("^", "#0072B2", True, "▲"),
    DISPUTES: Look("o", "#D55E00", True, "●"),
    UNCONFIRMED: Look("D", "#444444", False, "◇"),
}
STANCES = (BACKS, DISPUTES, UNCONFIRMED)


@dataclass
class Row:
    """One source: a speaker and every dated statement they made about the claim."""

    speaker: str
    statements: list[EvidenceView] = field(default_factory=list)

    @property
    def first(self) -> dt.date:
        return min(_dates(self.statements))

    @property
    def last(self) -> dt.date:
        return max(_dates(self.statements))

    @property
    def outlets(self) -> list[str]:
        """Where the speaker was heard, each once, never the speaker itself."""
        heard = (carried_by(self.speaker, e.outlet, e.via) for e in self.statements)
        return list(dict.fromkeys(itertools.chain.from_iterable(heard)))


@dataclass(frozen=True)
class Timeline:
    """What a timeline shows: `rows` drawn oldest first, `hidden` dated sources left out."""

    claim: str
    rows: list[Row]
    hidden: int
    dated: list[EvidenceView]  # every dated statement, oldest first, drawn or not
    undated: list[EvidenceView]
    posted: dt.date | None = None


@dataclass(frozen=True)
class Picture:
    png: bytes
    caption: str
    width: int
    height: int


def _dates(items: Iterable[EvidenceView]) -> list[dt.date]:
    return [item.date for item in items if item.date is not None]


def _source_key(speaker: str) -> str:
    return " ".join(speaker.split()).casefold()


def dated_sources(claim: ClaimView) -> int:
    """How many sources have at least one dated statement about the claim."""
    return len({_source_key(e.speaker) for e in claim.evidence if e.date is not None})


def can_draw(claim: ClaimView) -> bool:
    """A timeline compares sources over time: it needs two that said when."""
    return dated_sources(claim) >= MIN_DATED_SOURCES


def plan(claim: ClaimView, *, posted: dt.date | None = None, max_rows: int = MAX_ROWS) -> Timeline:
    """The rows to draw: the `max_rows` sources heard from most recently, oldest first."""
    rows: dict[str, Row] = {}
    dated = sorted((e for e in claim.evidence if e.date), key=lambda e: e.date or dt.date.min)
    for item in dated:
        rows.setdefault(_source_key(item.speaker), Row(item.speaker)).statements.append(item)
    recent = sorted(rows.values(), key=lambda r: r.last, reverse=True)[:max_rows]
    shown = sorted(recent, key=lambda r: (r.first, r.last, r.speaker.casefold()))
    undated = [e for e in claim.evidence if e.date is None]
    return Timeline(claim.text, shown, len(rows) - len(shown), dated, undated, posted)


# ---------------------------------------------------------------------------------------------
# The caption: the same story in words


def caption(
    timeline: Timeline, *, as_html: bool = True, limit: int = CAPTION_LIMIT, drawn: bool = True
) -> str:
    """First claimed, first disputed, latest statement, with who and when; what is drawn (or,
    with `drawn` False, why nothing is); the undated statements. Fits `limit` (Telegram's
    caption limit), cutting the undated list first."""

    def e(text: str) -> str:
        return html.escape(text, quote=False) if as_html else text

    claim = _cut(" ".join(timeline.claim.split()), 200)
    head = f"🕒 <b>{e(claim)}</b>" if as_html else f"🕒 {claim}"
    lines = [head]
    firsts = (("First claimed", BACKS), ("First disputed", DISPUTES))
    for label, stance in firsts:
        first = next((s for s in timeline.dated if s.stance == stance), None)
        if first is not None:
            lines.append(_sentence(f"{label} {human_date(first.date)} by {e(_name(first))}"))
    if timeline.dated:
        latest = timeline.dated[-1]
        verb = STANCE_VERB.get(latest.stance, latest.stance)
        lines.append(f"Latest statement {human_date(latest.date)}: {e(_name(latest))} {verb} it.")
    if timeline.posted is not None:
        lines.append(f"The forwarded post is from {human_date(timeline.posted)}.")
    lines.append(_drawn_line(timeline) if drawn else _not_drawn_line(timeline))
    text = "\n".join(lines)
    if not timeline.undated:
        return _fit_caption(text, limit, as_html)
    label = "Undated, not drawn" if drawn else "Undated"
    undated = [f"{e(_name(s))} ({STANCE_LABEL.get(s.stance, s.stance)})" for s in timeline.undated]
    for shown in range(len(undated), 0, -1):
        rest = len(undated) - shown
        more = f"; and {rest} more" if rest else ""
        line = f"{label}: {'; '.join(undated[:shown])}{more}."
        if _visible(f"{text}\n{line}", as_html) <= limit:
            return f"{text}\n{line}"
    return _fit_caption(f"{text}\n{label}: {count(len(undated), 'statement')}.", limit, as_html)


def in_words(claim: ClaimView, *, posted: dt.date | None = None, as_html: bool = True) -> str:
    """The timeline told in words only, for a claim that cannot be drawn (`can_draw` False)."""
    return caption(plan(claim, posted=posted), as_html=as_html, limit=4000, drawn=False)


def _not_drawn_line(timeline: Timeline) -> str:
    if not timeline.rows:
        return "No source on record gave a date, so there is no timeline to draw."
    return "Only one source on record gave a date, so there is no timeline to draw."


def _drawn_line(timeline: Timeline) -> str:
    statements = count(len(timeline.dated), "dated statement")
    span = _span(timeline.dated[0].date, timeline.dated[-1].date) if timeline.dated else ""
    if timeline.hidden:
        return (
            f"Drawn: the {len(timeline.rows)} sources heard from most recently, "
            f"and {timeline.hidden} more; {statements}, {span}."
        )
    return f"Drawn: {count(len(timeline.rows), 'source')}, {statements}, {span}."


def _span(first: dt.date | None, last: dt.date | None) -> str:
    if first is None or last is None or first == last:
        return human_date(first)
    if first.year != last.year:
        return f"{human_date(first)} – {human_date(last)}"
    if first.month != last.month:
        return f"{short_day(first)} – {human_date(last)}"
    return f"{first.day}–{human_date(last)}"


def _name(item: EvidenceView) -> str:
    """Who and where, with a long speaker cut so that the outlet still shows."""
    speaker = _cut(item.speaker, NAME_CHARS)
    outlet = _cut(item.outlet, NAME_CHARS // 2) if item.outlet else None
    via = _cut(item.via, NAME_CHARS // 2) if item.via else None
    return source_name(speaker, outlet=outlet, via=via)


def _sentence(text: str) -> str:
    return text if text.endswith(("…", ".")) else text + "."


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:—-") + "…"


def _visible(text: str, as_html: bool) -> int:
    """Length as Telegram counts a caption: UTF-16 units of the text the reader sees."""
    if as_html:
        text = html.unescape(text.replace("<b>", "").replace("</b>", ""))
    return len(text.encode("utf-16-le")) // 2


def _fit_caption(text: str, limit: int, as_html: bool) -> str:
    """Whole lines, dropped from the end, until the caption fits (names are already cut)."""
    lines = text.split("\n")
    while len(lines) > 1 and _visible("\n".join(lines), as_html) > limit:
        lines.pop()
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# The picture


def render_timeline(
    claim: ClaimView, *, posted: dt.date | None = None, as_html: bool = True
) -> Picture:
    """The picture and its caption for a claim that `can_draw`."""
    timeline = plan(claim, posted=posted)
    png, width, height = draw(timeline)
    return Picture(png, caption(timeline, as_html=as_html), width, height)


_DRAWING = threading.Lock()  # matplotlib's caches are not made for threads drawing at once


def draw(timeline: Timeline) -> tuple[bytes, int, int]:
    """PNG bytes, width and height. Raises ValueError for a timeline with nothing to draw."""
    if not timeline.rows:
        raise ValueError("a timeline needs at least one dated statement")
    with _DRAWING:
        return _Drawing(timeline).png()


@cache
def _fonts() -> dict[bool, tuple[str, frozenset[int]]]:
    """matplotlib's own DejaVu Sans, regular and bold: the file and the characters it has."""
    from matplotlib import ft2font, get_data_path

    folder = os.path.join(get_data_path(), "fonts", "ttf")
    out = {}
    for bold, name in ((False, "DejaVuSans.ttf"), (True, "DejaVuSans-Bold.ttf")):
        path = os.path.join(folder, name)
        out[bold] = (path, frozenset(ft2font.FT2Font(path).get_charmap()))
    return out


@cache
def _font(bold: bool, px: float) -> Any:
    """The font at `px` pixels to the em, for Pillow to measure and draw text with."""
    from PIL import ImageFont

    return ImageFont.truetype(_fonts()[bold][0], size=round(px))


def _drawable(text: str, bold: bool = False) -> str:
    """The text without characters the font lacks (emoji, CJK), which would draw as boxes."""
    known = _fonts()[bold][1]
    kept = "".join(ch for ch in " ".join(text.split()) if ord(ch) in known)
    return " ".join(kept.split())


def text_width(text: str, px: float, bold: bool = False) -> float:
    """Width in pixels of one line of text at a font size of `px` pixels."""
    return float(_font(bold, px).getlength(text))


def wrap(text: str, px: float, width: float, *, bold: bool = False, lines: int = 3) -> list[str]:
    """Words into at most `lines` lines of at most `width` pixels; the last one cut with "…"."""
    out: list[str] = []
    current = ""
    words = text.split()
    for position, word in enumerate(words):
        trial = f"{current} {word}".strip()
        if text_width(trial, px, bold) <= width or not current:
            current = trial
            continue
        out.append(current)
        current = word
        if len(out) == lines:
            current = ""
            rest = " ".join([out.pop(), *words[position:]])
            out.append(_ellipsis(rest, px, width, bold))
            break
    if current:
        out.append(current)
    return [_ellipsis(line, px, width, bold) for line in out]


def _ellipsis(line: str, px: float, width: float, bold: bool) -> str:
    if text_width(line, px, bold) <= width:
        return line
    while line and text_width(line + "…", px, bold) > width:
        line = line[:-1].rstrip() if " " not in line else line.rsplit(" ", 1)[0]
    return line.rstrip(",;:—-") + "…"


@dataclass(frozen=True)
class Tick:
    day: dt.date
    label: str  # "27 Nov", "Aug", "2025"
    year: str | None = None  # under the label, at the first tick and at each new year

    def width(self, px: float) -> float:
        return max(text_width(self.label, px), text_width(self.year or "", px))


def ticks(first: dt.date, last: dt.date, room: float, px: float = MIN_TEXT_PX) -> list[Tick]:
    """Days on the axis, labelled as people write them ("27 Nov", "Aug", "2025"), as many as
    fit in `room` pixels without their labels touching; the first label and the first of each
    new year carry the year underneath."""
    span = max((last - first).days, 1)
    for kind, step in _STEPS:
        days = _tick_days(first, last, kind, step)
        if not days:
            continue
        marks = _tick_labels(days, kind)
        widths = [tick.width(px) for tick in marks]
        gaps = [(b - a).days / span * room for a, b in itertools.pairwise(days)]
        needed = [(wa + wb) / 2 + TICK_GAP_PX for wa, wb in itertools.pairwise(widths)]
        if all(gap >= need for gap, need in zip(gaps, needed, strict=True)):
            return marks
    return [Tick(first, short_day(first), str(first.year))]


_STEPS = [("day", n) for n in (1, 2, 3, 7, 14)] + [("month", n) for n in (1, 2, 3, 6)]
_STEPS += [("year", n) for n in (1, 2, 5, 10, 25, 50, 100, 250, 500, 1000)]


def _tick_days(first: dt.date, last: dt.date, kind: str, step: int) -> list[dt.date]:
    if kind == "day":
        if (last - first).days // step > 400:
            return []
        start = first.toordinal()
        # Weekly ticks fall on Mondays; other steps on days whose number divides evenly.
        offset = 1 if step in (7, 14) else 0
        start += (offset - start) % step
        return [dt.date.fromordinal(n) for n in range(start, last.toordinal() + 1, step)]
    if kind == "month":
        if (last.year - first.year) * 12 // step > 400:
            return []
        out = []
        year, month = first.year, first.month
        while (year, month) <= (last.year, last.month):
            day = dt.date(year, month, 1)
            if day >= first and (month - 1) % step == 0:
                out.append(day)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out
    return [
        dt.date(year, 1, 1)
        for year in range(first.year, last.year + 1)
        if year % step == 0 and dt.date(year, 1, 1) >= first
    ]


def _tick_labels(days: Sequence[dt.date], kind: str) -> list[Tick]:
    if kind == "year":
        return [Tick(day, str(day.year)) for day in days]
    out = []
    for position, day in enumerate(days):
        new_year = position == 0 or days[position - 1].year != day.year
        label = f"{day:%b}" if kind == "month" else short_day(day)
        out.append(Tick(day, label, str(day.year) if new_year else None))
    return out


class _Drawing:
    """Lays the picture out top to bottom in pixels, then draws it on one matplotlib axes whose
    data coordinates are those pixels (y grows downwards)."""

    def __init__(self, timeline: Timeline) -> None:
        self.timeline = timeline
        days = [d for r in timeline.rows for d in _dates(r.statements)]
        if timeline.posted is not None:
            days.append(timeline.posted)
        self.first, self.last = min(days), max(days)
        if self.first == self.last:
            self.first -= dt.timedelta(days=1)
            self.last += dt.timedelta(days=1)
        self.ticks = ticks(self.first, self.last, PLOT_RIGHT - PLOT_LEFT)
        self.calls: list[tuple[str, tuple, dict]] = []
        self.y = float(MARGIN)

    # --- layout

    def x_of(self, day: dt.date) -> float:
        share = (day - self.first).days / (self.last - self.first).days
        return PLOT_LEFT + share * (PLOT_RIGHT - PLOT_LEFT)

    def text(self, x: float, y: float, text: str, px: float, **style: Any) -> None:
        """A line of text whose top (or, with va="center", middle) is at `y`; `ha` is "left",
        "center" or "right" of `x`."""
        style.setdefault("color", INK)
        style.setdefault("va", "top")
        style.setdefault("ha", "left")
        style.setdefault("bold", False)
        self.calls.append(("text", (x, y, text), {"px": px, **style}))

    def layout(self) -> None:
        width = WIDTH - 2 * MARGIN
        title = wrap(_drawable(self.timeline.claim, True), TITLE_PX, width, bold=True)
        for line in title[:TITLE_LINES]:
            self.text(MARGIN, self.y, line, TITLE_PX, bold=True)
            self.y += TITLE_PX * 1.22
        self.y += 14
        self.legend()
        self.y += 10
        self.y += self.axis_labels(self.y)
        for position, row in enumerate(self.timeline.rows):
            self.row(row, shaded=position % 2 == 0)
        bottom = self.y
        if len(self.timeline.rows) > 4:
            self.y = bottom + 12 + self.axis_labels(bottom + 12)
        if self.timeline.hidden:
            more = f"and {self.timeline.hidden} more sources, heard from earlier"
            self.text(MARGIN, self.y + 8, more, MIN_TEXT_PX, color=GREY)
            self.y += 8 + MIN_TEXT_PX * 1.3
        self.y += MARGIN

    def legend(self) -> None:
        """The key: each shape with its word; the forwarded post's line when it is drawn."""
        items = [(LOOKS[s], STANCE_LABEL[s]) for s in STANCES]
        x, limit = float(MARGIN), WIDTH - MARGIN
        line_px = MIN_TEXT_PX * 1.3
        for look, label in items:
            needed = MARK_PX + 12 + text_width(label, MIN_TEXT_PX)
            if x + needed > limit:
                x, self.y = float(MARGIN), self.y + line_px
            self.mark(x + MARK_PX / 2, self.y + line_px / 2 - 2, look)
            self.text(x + MARK_PX + 12, self.y + line_px / 2, label, MIN_TEXT_PX, va="center")
            x += needed + 36
        self.y += line_px
        if self.timeline.posted is not None:
            middle = self.y + line_px / 2
            self.post_line(MARGIN + MARK_PX / 2, middle - line_px / 2 + 6, middle + line_px / 2 - 6)
            label = f"the forwarded post, {human_date(self.timeline.posted)}"
            self.text(MARGIN + MARK_PX + 12, middle, label, MIN_TEXT_PX, va="center")
            self.y += line_px

    def axis_labels(self, y: float) -> float:
        """The dates above (and below) the rows; the height they take."""
        line = MIN_TEXT_PX * 1.2
        for tick in self.ticks:
            x = self.x_of(tick.day)
            half = tick.width(MIN_TEXT_PX) / 2
            # Centred on its day, unless that would cut it at the picture's edge.
            x = min(max(x, MARGIN / 2 + half), WIDTH - MARGIN / 2 - half)
            self.text(x, y, tick.label, MIN_TEXT_PX, color=GREY, ha="center")
            if tick.year:
                self.text(x, y + line, tick.year, MIN_TEXT_PX, color=GREY, ha="center")
        return line * (2 if any(tick.year for tick in self.ticks) else 1) + 12

    def row(self, row: Row, *, shaded: bool) -> None:
        top = self.y
        width = WIDTH - 2 * MARGIN
        names = wrap(_drawable(row.speaker), NAME_PX, width, lines=NAME_LINES) or ["?"]
        outlets = _drawable(", ".join(row.outlets))
        y = top + 10
        for line in names:
            self.text(MARGIN, y, line, NAME_PX)
            y += NAME_PX * 1.2
        if outlets:
            room = width - text_width(names[-1], NAME_PX) - 24
            if text_width(outlets, MIN_TEXT_PX) <= room:
                x = MARGIN + width - room + 24
                self.text(x, y - NAME_PX * 1.2 + 5, outlets, MIN_TEXT_PX, color=GREY)
            else:
                line = wrap(outlets, MIN_TEXT_PX, width, lines=1)[0]
                self.text(MARGIN, y, line, MIN_TEXT_PX, color=GREY)
                y += MIN_TEXT_PX * 1.25
        middle = y + TRACK_PX / 2
        self.y = y + TRACK_PX
        # Day lines and the forwarded post's line run through the marks, not the names.
        self.grid(y + 2, self.y - 2)
        if shaded:
            self.calls.append(("band", (top, self.y), {}))
        xs = [self.x_of(d) for d in _dates(row.statements)]
        self.calls.append(("link", (min(xs), max(xs), middle), {}))
        for day, stances in _marks(row.statements):
            for position, stance in enumerate(stances):
                shift = (position - (len(stances) - 1) / 2) * SAME_DAY_SHIFT
                self.mark(self.x_of(day) + shift, middle, LOOKS[stance])

    def mark(self, x: float, y: float, look: Look) -> None:
        self.calls.append(("mark", (x, y, look), {}))

    def post_line(self, x: float, top: float, bottom: float) -> None:
        self.calls.append(("vline", (x, top, bottom), {}))

    def grid(self, top: float, bottom: float) -> None:
        self.calls.append(("grid", (top, bottom), {}))
        if self.timeline.posted is not None:
            self.post_line(self.x_of(self.timeline.posted), top, bottom)

    # --- drawing

    def png(self) -> tuple[bytes, int, int]:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.collections import LineCollection, PolyCollection
        from matplotlib.figure import Figure
        from PIL import Image, ImageDraw

        self.layout()
        height = round(self.y)
        figure = Figure(figsize=(WIDTH / DPI, height / DPI), dpi=DPI, facecolor="white")
        canvas = FigureCanvasAgg(figure)
        axes = figure.add_axes((0, 0, 1, 1))
        axes.set_xlim(0, WIDTH)
        axes.set_ylim(height, 0)
        axes.set_axis_off()
        lw = 72 / DPI  # points per pixel
        marks: dict[Look, tuple[list[float], list[float]]] = {}
        lines: dict[str, list[list[tuple[float, float]]]] = {"grid": [], "link": [], "vline": []}
        bands = []
        for kind, args, _ in self.calls:
            if kind == "band":
                top, bottom = args
                bands.append([(0, top), (WIDTH, top), (WIDTH, bottom), (0, bottom)])
            elif kind == "grid":
                top, bottom = args
                for tick in self.ticks:
                    x = self.x_of(tick.day)
                    lines["grid"].append([(x, top), (x, bottom)])
            elif kind == "link":
                left, right, y = args
                lines["link"].append([(left, y), (right, y)])
            elif kind == "vline":
                x, top, bottom = args
                lines["vline"].append([(x, top), (x, bottom)])
            elif kind == "mark":
                x, y, look = args
                xs, ys = marks.setdefault(look, ([], []))
                xs.append(x)
                ys.append(y)
        # One artist per kind of thing: matplotlib's cost is per artist, not per segment.
        axes.add_collection(PolyCollection(bands, facecolors=BAND, linewidths=0, zorder=0))
        axes.add_collection(LineCollection(lines["grid"], colors=GRID, linewidths=2 * lw, zorder=1))
        axes.add_collection(
            LineCollection(
                lines["link"], colors=LINK, linewidths=4 * lw, capstyle="round", zorder=2
            )
        )
        axes.add_collection(
            LineCollection(
                lines["vline"], colors=INK, linewidths=3 * lw, linestyles=[(0, (5, 4))], zorder=3
            )
        )
        for look, (xs, ys) in marks.items():
            size = (MARK_PX * lw) ** 2 * (1.35 if look.marker == "^" else 1.0)
            axes.scatter(
                xs,
                ys,
                s=size * (0.8 if look.marker == "D" else 1.0),
                marker=look.marker,
                c=look.colour if look.filled else "white",
                edgecolors=look.colour if not look.filled else "white",
                linewidths=(4 if not look.filled else 1.5) * lw,
                zorder=4,
            )
        canvas.draw()
        rgba = canvas.buffer_rgba()
        image = Image.frombuffer("RGBA", canvas.get_width_height(), rgba, "raw", "RGBA", 0, 1)
        # The picture holds only its own colours and their blends with the two backgrounds
        # (antialiased edges): a fixed palette of those keeps every edge smooth and makes the
        # file a third of an RGB one, in a millisecond.
        image = image.convert("RGB")
        # Text is drawn by Pillow over the shapes: it renders a whole line at once, where
        # matplotlib renders glyph by glyph, which was most of the picture's time.
        draw = ImageDraw.Draw(image)
        for kind, args, style in self.calls:
            if kind == "text":
                x, y, text = args
                anchor = _ANCHORS[style["ha"]] + ("a" if style["va"] == "top" else "m")
                font = _font(style["bold"], style["px"])
                draw.text((x, y), text, font=font, fill=style["color"], anchor=anchor)
        small = image.quantize(palette=_palette(), dither=Image.Dither.NONE)
        out = io.BytesIO()
        small.save(out, format="PNG")
        return out.getvalue(), image.width, image.height


_ANCHORS = {"left": "l", "center": "m", "right": "r"}


@cache
def _palette() -> Any:
    """The picture's colours, then 15 blends of each with each background, leaving out blends
    too close to a colour already in (the quantizer would confuse them, tinting the white)."""
    from PIL import Image

    def rgb(colour: str) -> tuple[int, ...]:
        return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))

    backgrounds = ["#ffffff", BAND]
    inks = [INK, GREY, GRID, LINK, *(look.colour for look in LOOKS.values())]
    colours = [rgb(c) for c in dict.fromkeys(backgrounds + inks)]
    for background in map(rgb, backgrounds):
        for ink in map(rgb, inks):
            for step in range(1, BLENDS):
                share = step / BLENDS
                blend = tuple(
                    round(b * (1 - share) + i * share) for b, i in zip(background, ink, strict=True)
                )
                if all(
                    max(abs(a - b) for a, b in zip(blend, c, strict=True)) >= 6 for c in colours
                ):
                    colours.append(blend)
    image = Image.new("P", (1, 1))
    image.putpalette([value for colour in colours[:256] for value in colour])
    return image


def _marks(statements: Sequence[EvidenceView]) -> list[tuple[dt.date, list[str]]]:
    """Each day a source spoke, with the stances it took that day (each once, in key order)."""
    by_day: dict[dt.date, set[str]] = {}
    for item in statements:
        if item.date is not None:
            by_day.setdefault(item.date, set()).add(item.stance)
    return [(day, [s for s in STANCES if s in by_day[day]]) for day in sorted(by_day)]
