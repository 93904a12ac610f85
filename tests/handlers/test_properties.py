"""Properties that hold for any input: normalisation, the interchange parser, and the HTML
renderer (always valid Telegram HTML within the 4096 limit)."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handlers.render import FULL, GROUP, PLAIN, PRIVATE, Origin, render_answer
from store.claimbase.answer import Answer, MatchAnswer
from store.claimbase.sightings import SightingView
from store.files.jsonl import KNOWN, InterchangeError, parse_all
from store.match.rank import Match, Nearest
from store.match.text import INVISIBLE, normalize
from store.repo import ClaimView, EvidenceView
from tests.fakes.telegram_html import validate

FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- normalisation ---------------------------------------------------------------------------

WORDY = st.text(
    alphabet=st.characters(categories=["Lu", "Ll", "Nd", "Zs", "Po", "Pd"]), max_size=120
)
MARKS = st.sampled_from(["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202e", "\ufeff"])


@FAST
@given(st.text())
def test_normal_form_is_single_spaced_and_invisible_free(text: str) -> None:
    out = normalize(text)
    assert "  " not in out and out == out.strip()
    assert not INVISIBLE.search(out)


@FAST
@given(WORDY, st.lists(st.tuples(st.integers(min_value=0), MARKS), max_size=6))
def test_invisible_marks_change_nothing(text: str, inserts: list[tuple[int, str]]) -> None:
    marked = text
    for position, mark in inserts:
        at = position % (len(marked) + 1)
        marked = marked[:at] + mark + marked[at:]
    assert normalize(marked) == normalize(text)


@FAST
@given(WORDY)
def test_decomposed_text_normalises_like_composed_text(text: str) -> None:
    assert normalize(unicodedata.normalize("NFKD", text)) == normalize(text)


# --- the interchange parser ----------------------------------------------------------------

GOOD_LINES = [
    json.dumps(
        {
            "id": f"p{n}",
            "claim": f"Russian forces captured Testivka {n}",
            "stance": "backs",
            "speaker": "TASS",
        }
    )
    for n in range(3)
]
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
FIELD_VALUES = st.one_of(
    JSON_VALUES,
    st.sampled_from(["backs", "disputes", "unconfirmed", "BACKS", "confirms", ""]),
    st.sampled_from(["2025-08-10", "2025-13-45", "2025-02-30", "10.08.2025", "2025-08-10T12:00Z"]),
    st.sampled_from(["https://example.org/a", "javascript:alert(1)", "t.me/x/1", "ftp://x"]),
)
RECORDS = st.dictionaries(st.sampled_from([*KNOWN, "extra"]), FIELD_VALUES, max_size=10).map(
    json.dumps
)
ANY_LINE = st.one_of(RECORDS, st.text(max_size=200), st.binary(max_size=200))


@FAST
@given(st.lists(ANY_LINE, min_size=1, max_size=4), st.integers(min_value=0, max_value=3))
def test_every_line_parses_or_is_refused_with_its_number(lines: list, good: int) -> None:
    """Good lines first, then arbitrary ones: either all parse into valid records, or the
    refusal is an InterchangeError naming a line after the good ones, never anything else."""
    raw: list[str | bytes] = [*GOOD_LINES[:good], *lines]
    try:
        records = parse_all(
            [line if isinstance(line, bytes) else line.replace("\n", " ") for line in raw]
        )
    except InterchangeError as exc:
        assert good < exc.line <= len(raw)
        assert str(exc).startswith(f"line {exc.line}: ")
        return
    for record in records:
        assert record.claim.strip() and record.speaker.strip() and record.outlet.strip()
        assert record.stance in ("backs", "disputes", "unconfirmed")
        assert record.url is None or record.url.lower().startswith(("http://", "https://", "t.me/"))


# --- the HTML renderer ---------------------------------------------------------------------

TEXT = st.text(max_size=300)
LONG_TEXT = st.one_of(TEXT, st.text(max_size=2500), st.sampled_from(["<b>", "&amp;", "a & b < c"]))
URLS = st.one_of(
    st.none(),
    st.sampled_from(['https://example.org/a?b=1&c="2"', "https://t.me/x/1", 'http://"><b>']),
    st.text(max_size=80).map(lambda t: "https://example.org/" + t),
)
DATES = st.one_of(st.none(), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)))
EVIDENCE = st.builds(
    EvidenceView,
    stance=st.sampled_from(["backs", "disputes", "unconfirmed"]),
    speaker=TEXT.filter(str.strip),
    outlet=TEXT,
    date=DATES,
    quote=st.one_of(st.none(), LONG_TEXT),
    url=URLS,
    via=st.one_of(st.none(), TEXT),
)


@st.composite
def answers(draw) -> Answer:
    count = draw(st.integers(min_value=0, max_value=4))
    matches = []
    for n in range(count):
        claim = ClaimView(
            id=n + 1,
            key=f"k{n}",
            text=draw(LONG_TEXT.filter(str.strip)),
            evidence=draw(st.lists(EVIDENCE, max_size=40)),
        )
        match = Match(
            claim_id=n + 1,
            key=f"k{n}",
            score=draw(st.floats(min_value=0, max_value=100)),
            polarity=draw(st.sampled_from(["affirms", "denies"])),
            text=claim.text,
        )
        matches.append(MatchAnswer(match, claim))
    nearest = None
    if not matches and draw(st.booleans()):
        nearest = Nearest(
            claim_id=9,
            key="n",
            score=draw(st.floats(min_value=0, max_value=100)),
            reason=draw(
                st.sampled_from(
                    ["a different place", "a different actor", "too far from the query"]
                )
            ),
            text=draw(LONG_TEXT),
            query_place=draw(st.one_of(st.none(), TEXT)),
        )
    return Answer(
        query=draw(LONG_TEXT),
        matches=matches,
        nearest=nearest,
        nearest_text=draw(st.one_of(st.none(), LONG_TEXT)),
        ambiguous=draw(st.booleans()),
    )


SIGHTINGS = st.lists(
    st.builds(
        SightingView,
        channel=st.text(max_size=40),
        posted_at=st.one_of(st.none(), st.datetimes(min_value=dt.datetime(2000, 1, 1))),
        link=URLS,
    ),
    max_size=8,
)
ORIGINS = st.one_of(
    st.none(),
    st.builds(
        Origin,
        title=TEXT,
        date=st.one_of(st.none(), st.datetimes(min_value=dt.datetime(2000, 1, 1))),
        link=URLS,
    ),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    answers(),
    st.sampled_from([PRIVATE, GROUP, FULL]),
    ORIGINS,
    SIGHTINGS,
    st.booleans(),
)
def test_any_answer_renders_as_valid_telegram_html_within_the_limit(
    answer: Answer, style, origin: Origin | None, sightings: list, by_sentence: bool
) -> None:
    html = render_answer(
        answer, style=style, origin=origin, sightings=sightings, by_sentence=by_sentence
    )
    ok, error, length = validate(html)
    assert ok, (error, html[:500])
    assert 0 < length <= 4096
    if answer.matches:
        assert "🔎" in html  # the answer is still there, not cut to nothing


@FAST
@given(answers())
def test_plain_answers_never_fail(answer: Answer) -> None:
    assert render_answer(answer, style=PLAIN).strip()


@FAST
@given(
    st.sampled_from(["a & b\n", "&", "x" * 30 + "\n", "<i>", "Ґ "]),
    st.integers(min_value=100, max_value=3000),
    st.integers(min_value=0, max_value=200),
)
def test_a_huge_claim_with_line_breaks_still_renders_and_shows_the_claim(
    piece: str, repeat: int, sources: int
) -> None:
    """The cases that used to break it: a claim text longer than a message, with line breaks
    inside the bold head, or many escapes counted as if the reader saw them."""
    text = piece * repeat
    evidence = [EvidenceView("backs", "Speaker", "Outlet", None, "A quote.", None)] * sources
    claim = ClaimView(id=1, key="k", text=text, evidence=evidence)
    answer = Answer(query="q", matches=[MatchAnswer(Match(1, "k", 90, "affirms", text), claim)])
    for style in (PRIVATE, GROUP, FULL):
        html = render_answer(answer, style=style)
        ok, error, length = validate(html)
        assert ok, error
        assert length <= 4096
        assert html.startswith("🔎 <b>") and "</b>" in html.split("\n", 1)[0]
