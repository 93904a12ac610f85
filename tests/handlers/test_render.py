"""Rendering: valid Telegram HTML, escaped, oldest first, always under the length limit."""

from __future__ import annotations

import datetime as dt

from handlers.render import GROUP, PLAIN, PRIVATE, Origin, render_answer, short_quote
from store.claimbase.answer import Answer, MatchAnswer, TimeGap
from store.match.analyze import Where
from store.match.rank import Match, Nearest
from store.repo import ClaimView, EvidenceView
from tests.fakes.telegram_html import validate


def evidence(stance: str, speaker: str, day: int | None, **extra: str) -> EvidenceView:
    date = dt.date(2025, 11, day) if day else None
    return EvidenceView(
        stance=stance,
        speaker=speaker,
        outlet=extra.get("outlet", "Wire & Co <Agency>"),
        date=date,
        quote=extra.get("quote", "Troops entered the town & raised a flag."),
        url=extra.get("url", "https://example.org/a?x=1&y=<2>"),
        via=extra.get("via"),
    )


def answer_with(items: list[EvidenceView], polarity: str = "affirms") -> Answer:
    claim = ClaimView(id=1, key="c1", text="Russian forces captured <Huliaipole> & more")
    claim.evidence = items
    match = Match(1, "c1", 91.6, polarity, claim.text)
    return Answer(query="q", matches=[MatchAnswer(match, claim)])


def assert_valid(text: str) -> None:
    ok, error, length = validate(text)
    assert ok, error
    assert 0 < length <= 4096


def test_the_answer_is_valid_escaped_html_with_sections_oldest_first() -> None:
    items = [
        evidence("disputes", "Southern Defence Forces", 28),
        evidence("backs", "Defence Ministry", 27),
        evidence("backs", "A war blogger", 26),
    ]
    text = render_answer(answer_with(items))
    assert_valid(text)
    assert "&lt;Huliaipole&gt; &amp; more" in text
    assert "Contested: 2 sources back it, 1 source disputes it · match 92/100" in text
    assert text.index("A war blogger") < text.index("Defence Ministry")
    assert text.index("Backed by") < text.index("Disputed by")
    assert "First claimed 26 Nov 2025 (A war blogger); last word 28 Nov 2025 (disputed)." in text


def test_a_denial_is_said_plainly_and_sides_are_named_for_the_user() -> None:
    text = render_answer(answer_with([evidence("backs", "Ministry", 27)], polarity="denies"))
    assert_valid(text)
    assert text.startswith("🔎 You wrote that this did NOT happen:")
    assert "❌ Against it" in text and "Ministry" in text


def test_a_forward_origin_and_a_via_chain_are_shown() -> None:
    item = evidence(
        "backs", "three officers", 25, via="The New York Times", outlet="The Moscow Times"
    )
    origin = Origin("Frontline <Daily>", dt.datetime(2025, 11, 27, 9, 0), "https://t.me/fd/5512")
    text = render_answer(answer_with([item]), origin=origin)
    assert_valid(text)
    assert "three officers (via The New York Times, The Moscow Times)" in text
    assert "Forwarded from Frontline &lt;Daily&gt; · posted 27 Nov 2025 · t.me/fd/5512" in text


def test_a_huge_answer_is_cut_at_a_line_and_stays_valid() -> None:
    long_quote = "word " * 400
    items = [evidence("backs", f"Speaker {i} " + "x" * 200, 1 + i % 28, quote=long_quote)
             for i in range(200)]  # fmt: skip
    for style in (PRIVATE, GROUP):
        text = render_answer(answer_with(items), style=style)
        assert_valid(text)
    group = render_answer(answer_with(items), style=GROUP)
    assert "… and 197 more" in group


def test_quotes_are_cut_at_a_word_with_an_ellipsis() -> None:
    quote = "The settlement was taken after a week of fighting along the river bank " * 5
    short = short_quote(quote, 60)
    assert short.endswith("…") and len(short) <= 60
    assert not short[:-1].endswith(" ")
    assert short_quote("First sentence. Second one.") == "First sentence."


def test_no_match_names_the_nearest_claim_and_why() -> None:
    answer = Answer(
        query="Russia took Mykolaiv",
        nearest=Nearest(2, "c2", 70, "a different place", "Russian troops took Mykolaivka"),
    )
    text = render_answer(answer)
    assert_valid(text)
    assert text.startswith("No stored claim matches this.")
    assert "Nearest: “Russian troops took Mykolaivka”, about a different place" in text
    assert "/claim Russia took Mykolaiv" in text


def test_plain_text_has_no_markup_and_full_links() -> None:
    text = render_answer(answer_with([evidence("backs", "Ministry", 27)]), style=PLAIN)
    assert "<b>" not in text and "&amp;" not in text
    assert "https://example.org/a?x=1&y=<2>" in text


def test_a_claim_months_away_from_the_post_says_so_in_html_and_plain() -> None:
    answer = answer_with([evidence("backs", "Ministry", 27)])
    answer.time_gap = TimeGap(dt.date(2025, 4, 3), dt.date(2024, 11, 20))
    line = "This claim is from Apr 2025; the post is from Nov 2024."
    for style in (PRIVATE, PLAIN):
        assert line in render_answer(answer, style=style)
    assert_valid(render_answer(answer))
    answer.time_gap = None
    assert "This claim is from" not in render_answer(answer)


def test_the_answer_says_which_of_several_same_named_places_the_claim_is_about() -> None:
    claim = ClaimView(id=1, key="c1", text="Russian forces captured Zaporizke")
    claim.evidence = [evidence("backs", "Ministry", 27)]
    other = ClaimView(id=2, key="c2", text="Russian forces captured Zaporizke <again>")
    other.evidence = []
    where = (Where("Zaporizke", "Dnipropetrovsk <region>"),)
    first = MatchAnswer(Match(1, "c1", 90.0, "affirms", claim.text, where=where), claim)
    second = MatchAnswer(
        Match(2, "c2", 89.0, "affirms", other.text, where=(Where("Zaporizke", "Kharkiv region"),)),
        other,
    )
    answer = Answer(query="Росія захопила Запорізьке", matches=[first, second])
    text = render_answer(answer)
    assert_valid(text)
    head = text.split("\n\n")[0].splitlines()
    assert head[2] == "📍 Zaporizke, Dnipropetrovsk &lt;region&gt;"
    assert "· 📍 Zaporizke, Kharkiv region" in text
    plain = render_answer(answer, style=PLAIN)
    assert "\n📍 Zaporizke, Dnipropetrovsk <region>\n" in plain
    assert first.to_json()["where"] == [{"place": "Zaporizke", "region": "Dnipropetrovsk <region>"}]
    # Nothing is added when the query said where, or the name is one place's only.
    plain_answer = answer_with([evidence("backs", "Ministry", 27)])
    assert "📍" not in render_answer(plain_answer)
    assert "where" not in plain_answer.matches[0].to_json()
