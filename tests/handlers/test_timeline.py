"""The timeline picture and its caption, as a journalist gets them: a PNG a phone shows (1080
px wide, small enough to send), rows for the sources, the story in words under it."""

from __future__ import annotations

import datetime as dt
import io
import warnings

from PIL import Image

from handlers import timeline
from handlers.keyboard import answer_markup, posted_of
from handlers.render import PRIVATE
from handlers.timeline import (
    CAPTION_LIMIT,
    MIN_TEXT_PX,
    WIDTH,
    can_draw,
    caption,
    in_words,
    plan,
    render_timeline,
    ticks,
)
from store.claimbase.answer import MatchAnswer
from store.match.rank import Match
from store.repo import ClaimView, EvidenceView

DAY = dt.date(2025, 11, 27)
MAX_BYTES = 200 * 1024


def said(stance: str, speaker: str, outlet: str, day: dt.date | None) -> EvidenceView:
    return EvidenceView(stance, speaker, outlet, day, "quote", None)


def huliaipole(*extra: EvidenceView) -> ClaimView:
    return ClaimView(
        id=5,
        key="huliaipole",
        text="Russian forces captured Huliaipole",
        evidence=[
            said("backs", "Russian Defence Ministry", "TASS", DAY),
            said(
                "disputes",
                "Ukrainian Southern Defence Forces",
                "Ukrainska Pravda",
                DAY.replace(day=28),
            ),
            said("unconfirmed", "Institute for the Study of War", "ISW", DAY.replace(day=29)),
            said("backs", "Russian Defence Ministry", "TASS", dt.date(2025, 12, 1)),
            *extra,
        ],
    )


def decoded(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    assert image.format == "PNG"
    return image


def test_a_contested_claim_is_drawn_and_told() -> None:
    picture = render_timeline(huliaipole(), posted=DAY.replace(day=28))
    image = decoded(picture.png)
    assert image.size == (picture.width, picture.height)
    assert image.width == WIDTH and len(picture.png) <= MAX_BYTES
    lines = picture.caption.splitlines()
    assert lines[0] == "🕒 <b>Russian forces captured Huliaipole</b>"
    assert "First claimed 27 Nov 2025 by Russian Defence Ministry (TASS)." in lines
    assert (
        "First disputed 28 Nov 2025 by Ukrainian Southern Defence Forces (Ukrainska Pravda)."
        in lines
    )
    assert "Latest statement 1 Dec 2025: Russian Defence Ministry (TASS) backs it." in lines
    assert "The forwarded post is from 28 Nov 2025." in lines
    assert "Drawn: 3 sources, 4 dated statements, 27 Nov – 1 Dec 2025." in lines


def test_the_same_claim_draws_the_same_picture() -> None:
    assert render_timeline(huliaipole()).png == render_timeline(huliaipole()).png


def test_many_sources_draw_the_twelve_most_recent_and_count_the_rest() -> None:
    evidence = [
        said(
            ("backs", "disputes", "unconfirmed")[i % 3],
            f"Source {i % 21}",
            "Outlet",
            DAY + dt.timedelta(days=i % 40),
        )
        for i in range(600)
    ]
    evidence += [said("backs", f"Undated {i}", "Channel", None) for i in range(150)]
    claim = ClaimView(
        id=1, key="k", text="Russian forces captured Huliaipole " * 8, evidence=evidence
    )
    picture = render_timeline(claim)
    image = decoded(picture.png)
    assert image.width == WIDTH and len(picture.png) <= MAX_BYTES
    assert image.height + image.width <= 10_000  # Telegram's limit for a photo
    assert "Drawn: the 12 sources heard from most recently, and 9 more;" in picture.caption
    assert len(picture.caption) <= CAPTION_LIMIT
    undated = picture.caption.splitlines()[-1]
    assert undated.startswith("Undated, not drawn: Undated 0 (Channel) (backs);")
    assert undated.endswith("more.")
    drawn = plan(claim)
    assert len(drawn.rows) == 12 and drawn.hidden == 9
    # The most recent: every source drawn spoke at least as late as every source left out.
    left_out = {f"Source {i}" for i in range(21)} - {row.speaker for row in drawn.rows}
    last_drawn = min(row.last for row in drawn.rows)
    assert all(
        e.date is not None and e.date <= last_drawn for e in evidence if e.speaker in left_out
    )


def test_undated_statements_are_listed_not_drawn() -> None:
    claim = huliaipole(said("disputes", "DeepState", "Telegram", None))
    drawn = plan(claim)
    assert all(e.date is not None for row in drawn.rows for e in row.statements)
    assert "DeepState" not in {row.speaker for row in drawn.rows}
    assert caption(drawn).splitlines()[-1] == "Undated, not drawn: DeepState (Telegram) (disputes)."


def test_one_dated_source_gets_words_and_no_button() -> None:
    claim = ClaimView(
        id=9,
        key="pokrovske",
        text="Russian forces captured Pokrovske",
        evidence=[
            said("backs", "a Russian military blogger", "Telegram", dt.date(2025, 9, 3)),
            said("backs", "a Russian military blogger", "Telegram", dt.date(2025, 9, 4)),
            said("disputes", "Ukrainian General Staff", "Suspilne", None),
        ],
    )
    assert not can_draw(claim)
    match = MatchAnswer(Match(9, "pokrovske", 95.0, "affirms", claim.text), claim)
    markup = answer_markup([match], PRIVATE)
    assert markup is not None
    assert all("Timeline" not in b.text for row in markup.inline_keyboard for b in row)
    words = in_words(claim, as_html=False)
    assert "First claimed 3 Sep 2025 by a Russian military blogger (Telegram)." in words
    assert "Only one source on record gave a date, so there is no timeline to draw." in words
    assert "Undated: Ukrainian General Staff (Suspilne) (disputes)." in words
    nothing = ClaimView(id=10, key="n", text="Nobody dated", evidence=claim.evidence[2:])
    assert not can_draw(nothing)
    assert "No source on record gave a date" in in_words(nothing)


def test_the_button_carries_the_forwarded_posts_day() -> None:
    claim = huliaipole()
    match = MatchAnswer(Match(5, "huliaipole", 94.0, "affirms", claim.text), claim)
    markup = answer_markup([match], PRIVATE, posted=dt.date(2025, 11, 28))
    assert markup is not None
    data = next(b.callback_data for b in markup.inline_keyboard[0] if b.text == "🕒 Timeline")
    assert data == "timeline:5:p20251128"
    assert posted_of("p20251128") == dt.date(2025, 11, 28)
    assert posted_of("p20251399") is None and posted_of(None) is None


def test_cyrillic_names_and_odd_characters_draw_without_missing_glyphs() -> None:
    claim = ClaimView(
        id=2,
        key="k",
        text="Російські війська захопили Гуляйполе 🔥 за $5 — 攻占",
        evidence=[
            said("backs", "Міністерство оборони Росії", "РИА Новости", DAY),
            said("disputes", "Сили оборони півдня України", "Суспільне", DAY.replace(day=28)),
        ],
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        picture = render_timeline(claim)
    assert not [w for w in caught if "missing" in str(w.message).lower()]
    decoded(picture.png)
    # What the font cannot draw is left out of the picture rather than drawn as boxes.
    assert timeline._drawable(claim.text) == "Російські війська захопили Гуляйполе за $5 —"
    assert "Міністерство оборони Росії (РИА Новости)" in picture.caption


def test_text_is_at_least_a_chat_messages_size() -> None:
    drawing = timeline._Drawing(plan(huliaipole(), posted=DAY))
    drawing.layout()
    sizes = [style["px"] for kind, _, style in drawing.calls if kind == "text"]
    assert sizes and min(sizes) >= MIN_TEXT_PX >= 40


def test_dates_on_the_axis_are_written_as_people_write_them() -> None:
    days = ticks(dt.date(2025, 11, 27), dt.date(2025, 12, 1), 900)
    assert [(t.label, t.year) for t in days][:2] == [("27 Nov", "2025"), ("28 Nov", None)]
    assert days[-1].label == "1 Dec"
    years = ticks(dt.date(2024, 11, 1), dt.date(2025, 3, 1), 900)
    assert [t.year for t in years if t.year] == ["2024", "2025"]
    assert all(t.label in ("Nov", "Dec", "Jan", "Feb", "Mar") for t in years)
    decade = ticks(dt.date(2014, 2, 20), dt.date(2025, 12, 1), 900)
    assert all(t.label.isdigit() and t.year is None for t in decade)
