"""Text in, text out: the one sentence splitter and the normalised form claims are compared in."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from store.match.text import clean, normalize, sentence_spans, split_sentences


def test_abbreviations_do_not_split() -> None:
    text = (
        "Col. Oleh Marchenko said the U.S. President Donald Trump was briefed. "
        "Mr. Kovalenko disagreed. Gen. Syrskyi met St. Petersburg officials at 9 a.m. Monday."
    )
    assert split_sentences(text) == [
        "Col. Oleh Marchenko said the U.S. President Donald Trump was briefed.",
        "Mr. Kovalenko disagreed.",
        "Gen. Syrskyi met St. Petersburg officials at 9 a.m. Monday.",
    ]


def test_quotes_and_cyrillic_split() -> None:
    text = (
        '"We still hold the village." The officer then left. '
        "Ген. Сирський заявив про бої. Бої тривають! Чи буде наступ? Так."
    )
    assert split_sentences(text) == [
        '"We still hold the village."',
        "The officer then left.",
        "Ген. Сирський заявив про бої.",
        "Бої тривають!",
        "Чи буде наступ?",
        "Так.",
    ]


def test_lines_are_sentence_boundaries() -> None:
    assert split_sentences("First line without period\nSecond line.") == [
        "First line without period",
        "Second line.",
    ]


def test_loose_splitting_breaks_at_every_sentence_mark() -> None:
    text = "Gen. Syrskyi said so. russia took it. Really!"
    assert split_sentences(text, careful=False) == [
        "Gen.",
        "Syrskyi said so.",
        "russia took it.",
        "Really!",
    ]
    assert split_sentences(text) == ["Gen. Syrskyi said so. russia took it.", "Really!"]


def test_a_spaced_dash_breaks_only_when_asked() -> None:
    text = "Stay safe everyone — Kherson News, June 6"
    assert split_sentences(text, careful=False, dashes=True) == [
        "Stay safe everyone",
        "Kherson News, June 6",
    ]
    assert split_sentences(text, careful=False) == [text]
    assert split_sentences("a well-known fact", careful=False, dashes=True) == ["a well-known fact"]


def test_a_closing_quote_stays_with_its_sentence() -> None:
    text = 'He said "the bridge is closed." Then he left.'
    expected = ['He said "the bridge is closed."', "Then he left."]
    assert split_sentences(text, careful=False) == expected


def test_spans_point_into_the_text_without_surrounding_space() -> None:
    text = "  First one.   Second one.\r\n\n Third "
    spans = sentence_spans(text, careful=False)
    assert [text[start:end] for start, end in spans] == ["First one.", "Second one.", "Third"]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_sentences_are_trimmed_non_empty_and_in_order(text: str) -> None:
    for careful in (True, False):
        spans = sentence_spans(text, careful=careful, dashes=not careful)
        assert all(text[s:e] == text[s:e].strip() and s < e for s, e in spans)
        assert all(e1 <= s2 for (_, e1), (s2, _) in pairwise(spans))


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_normalisation_never_crashes_and_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    clean(text)
