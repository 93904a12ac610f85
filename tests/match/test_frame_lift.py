"""Meaning counts more when the frames agree: a Russian retelling of a stored English claim
about the same event is shown, a post about another event at the same place is not, and a
lift for an event of one day holds only for a claim of that day."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np

from store.claimbase.answer import MatchAnswer
from store.claimbase.base import timely
from store.match import rules
from store.match.analyze import Analyzer
from store.match.frame import APART_DAYS, SAME_DAYS, read_frame
from store.match.index import MatchIndex
from store.match.rank import E5, MINILM, Match, lift
from store.match.vectors import DIM, Semantic, TextVectors, everything, is_english, semantic_search
from store.repo import ClaimView, EvidenceView, IndexEntry

CAPTURE = "Russian forces captured Kopanky in Kharkiv region"
DAM = "A dam near Kopanky in Kharkiv region was blown up"
RETELLING = (
    "Село Копанки освобождено: штурмовые группы выбили противника с окраин и зачистили "
    "лесополосы вдоль трассы"
)
DRONES = "Air defence shot down 27 drones over Kursk region overnight"


def frame(gazetteer, text: str):
    return read_frame(text, Analyzer(gazetteer).analyze(text), gazetteer)


def search(gazetteer, claims: list[str], query: str, cosine: float):
    """The query against the claims, every claim `cosine` close to it in e5's terms."""
    entries = [IndexEntry(n, f"c{n}", (text,)) for n, text in enumerate(claims)]
    index = MatchIndex(entries, Analyzer(gazetteer))
    return index.search(
        query,
        cosines=lambda found: np.full(len(found), cosine),
        scale=E5,
        nearby=lambda: list(range(len(claims))),
        nearby_alone=True,
    )


def test_a_retelling_of_the_same_capture_is_shown_and_a_dam_nearby_is_not(gazetteer) -> None:
    found = search(gazetteer, [CAPTURE, DAM], RETELLING, cosine=0.90)
    assert [m.key for m in found.matches] == ["c0"]
    # Without the frame check meaning moves the score a quarter of the way: not shown.
    index = MatchIndex([IndexEntry(0, "c0", (CAPTURE,))], Analyzer(gazetteer))
    unframed = replace(E5, framed=0.0)
    weak = index.search(RETELLING, cosines=lambda found: np.full(1, 0.90), scale=unframed)
    assert weak.matches == []


def test_a_lift_says_what_the_score_was_and_for_how_long_it_holds(gazetteer) -> None:
    [match] = search(gazetteer, [CAPTURE], RETELLING, cosine=0.90).matches
    assert match.unlifted is not None and match.unlifted < 60 <= match.score
    assert match.lift_days == APART_DAYS


def test_meaning_alone_does_not_lift_a_post_about_another_event(gazetteer) -> None:
    found = search(gazetteer, [DAM], RETELLING, cosine=0.95)
    assert found.matches == []


def test_frames_agree_on_the_same_deed_place_side_and_figure(gazetteer) -> None:
    capture = frame(gazetteer, CAPTURE)
    assert rules.same_frame(frame(gazetteer, RETELLING), capture) == APART_DAYS
    assert rules.same_frame(frame(gazetteer, "Ukrainian forces captured Kopanky"), capture) is None
    assert rules.same_frame(frame(gazetteer, "Russian forces captured Kupiansk"), capture) is None
    assert rules.same_frame(None, capture) is None
    # A strike named by its region only is no event a retelling can be told from.
    region = frame(gazetteer, "Ukraine struck Kursk region with ATACMS missiles")
    retold = frame(gazetteer, "ВСУ ударили ATACMS по Курской области")
    assert rules.same_frame(retold, region) is None
    tally = frame(gazetteer, DRONES)
    # A tally of one night: the same figure, told without the region, for a day only.
    assert rules.same_frame(frame(gazetteer, "ПВО сбила 27 беспилотников за ночь"), tally) == (
        SAME_DAYS
    )
    assert rules.same_frame(frame(gazetteer, "ПВО сбила 34 беспилотника за ночь"), tally) is None


def test_the_english_model_is_not_lifted() -> None:
    assert lift(40.0, 0.9, MINILM) == 40.0
    assert lift(40.0, float("nan"), E5) == 40.0
    assert lift(40.0, 0.9, E5) > 60.0


def answer(score: float, unlifted: float, days: int, evidence: dt.date | None) -> MatchAnswer:
    match = Match(1, "drones", score, "affirms", DRONES, unlifted=unlifted, lift_days=days)
    said = [EvidenceView("backs", "A ministry", "A ministry", evidence, None, None)]
    return MatchAnswer(match, ClaimView(1, "drones", DRONES, evidence=said))


def test_a_tally_lifted_by_meaning_holds_only_for_a_claim_of_that_night() -> None:
    night = dt.date(2024, 11, 24)
    same = [answer(70.0, 50.0, SAME_DAYS, night)]
    assert timely(same, night + dt.timedelta(days=1), None) == same
    week_before = [answer(70.0, 50.0, SAME_DAYS, night - dt.timedelta(days=8))]
    assert timely(week_before, night, None) == []
    assert timely(same, None, None) == []  # no day to compare
    kept = timely([answer(70.0, 65.0, SAME_DAYS, None)], night, None)
    assert [m.match.score for m in kept] == [65.0]  # shown on its words alone


def test_ground_taken_lifted_by_meaning_holds_for_months() -> None:
    day = dt.date(2024, 11, 24)
    taken = [answer(70.0, 50.0, APART_DAYS, day - dt.timedelta(days=40))]
    assert timely(taken, day, None) == taken
    assert timely(taken, None, None) == taken
    assert timely(taken, day + dt.timedelta(days=400), None) == []


def english_check(gazetteer, claims: list[str], asked: list[list[str]]):
    """ "Russian forces captured Kopanky in Kharkiv region" checked against `claims`: MiniLM
    has no vector for a Russian text, e5 finds the first claim 0.88 close to the check."""
    index = MatchIndex(
        [IndexEntry(n, f"c{n}", (text,)) for n, text in enumerate(claims)], Analyzer(gazetteer)
    )
    rows = np.eye(len(claims), DIM, dtype=np.float32)
    english = np.array([is_english(text) for text in claims])
    minilm = TextVectors.from_rows(index, rows, english)
    e5 = TextVectors.from_rows(index, rows, np.ones(len(claims), bool), everything)
    query = np.zeros(DIM, dtype=np.float32)
    query[0], query[DIM - 1] = 0.88, np.sqrt(1 - 0.88**2)

    def embed_e5(batch):
        asked.append(list(batch))
        return np.stack([query] * len(batch))

    def embed_minilm(batch):
        return np.stack([rows[-1]] * len(batch))

    return semantic_search(
        index,
        CAPTURE,
        vectors=minilm,
        embed=embed_minilm,
        multilingual=Semantic(e5, embed_e5, scale=E5, cross_language=0.04),
    )


def test_an_english_check_finds_a_russian_claim_of_the_same_event_by_e5(gazetteer) -> None:
    asked: list[list[str]] = []
    found = english_check(gazetteer, [RETELLING, "grain deal extended"], asked)
    assert [m.key for m in found.matches] == ["c0"]
    assert asked == [[CAPTURE]]  # e5 read the check once, for the claim of its event


def test_an_english_check_is_not_embedded_for_e5_without_a_claim_of_its_event(gazetteer) -> None:
    asked: list[list[str]] = []
    dam = "Плотину у Копанок в Харьковской области взорвали"
    found = english_check(gazetteer, [dam, "grain deal extended"], asked)
    assert found.matches == []
    assert asked == []
