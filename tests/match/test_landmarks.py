"""Landmarks the war made famous are places tied to their settlement: the Kakhovka dam is at
Nova Kakhovka, the Zaporizhzhia nuclear plant at Enerhodar (never Zaporizhzhia city)."""

from __future__ import annotations

import pytest

from store.match.analyze import Analyzer, find_landmarks
from store.match.index import MatchIndex
from store.repo import IndexEntry


@pytest.mark.parametrize(
    ("text", "landmark"),
    [
        ("Kakhovka dam blown up", "kakhovka-dam"),
        ("The Nova Kakhovka dam was destroyed", "kakhovka-dam"),
        ("Kakhovka HPP destroyed", "kakhovka-dam"),
        ("Росіяни підірвали Каховську ГЕС", "kakhovka-dam"),
        ("Взрыв на Каховской ГЭС", "kakhovka-dam"),
        ("Shelling near the Zaporizhzhia nuclear power plant", "zaporizhzhia-npp"),
        ("ZNPP lost power", "zaporizhzhia-npp"),
        ("ЗАЕС знеструмлена", "zaporizhzhia-npp"),
        ("Запорожская АЭС обесточена", "zaporizhzhia-npp"),
        ("The last defenders left Azovstal", "azovstal"),
        ("Бої на Азовсталі", "azovstal"),
        ("Strikes on the Antonivskyi bridge", "antonivskyi-bridge"),
        ("Удар по Антоновскому мосту", "antonivskyi-bridge"),
        ("Explosion on the Crimean Bridge", "crimean-bridge"),
        ("Вибух на Кримському мосту", "crimean-bridge"),
        ("Бои в Ольговской роще", "olhovka-grove"),
    ],
)
def test_landmarks_are_found_in_three_languages(text: str, landmark: str) -> None:
    assert [found.id for found, _, _ in find_landmarks(text)] == [landmark]


def test_a_landmark_stands_for_its_settlement(gazetteer) -> None:
    analyzer = Analyzer(gazetteer)
    dam = analyzer.analyze("Kakhovka dam blown up")
    assert dam.places == (frozenset({"nova-kakhovka"}),)
    assert "@kakhovka-dam" in dam.tokens
    plant = analyzer.analyze("Shelling at the Zaporizhzhia nuclear plant")
    assert plant.places == (frozenset({"enerhodar"}),)
    grove = analyzer.analyze("Бои в Ольговской роще")
    assert grove.regions == {"kursk-oblast"} and grove.places == ()


CLAIMS = {
    "dam": ["The Nova Kakhovka dam was destroyed"],
    "kakhovka": ["Russian troops shelled Kakhovka"],
    "znpp": ["Russian forces shelled the Zaporizhzhia nuclear plant"],
    "zaporizhzhia": ["A Russian missile struck Zaporizhzhia"],
    "azovstal": ["The last defenders of Azovstal surrendered"],
    "bridge": ["Ukrainian drones struck the Crimean bridge"],
    "antonivskyi": ["The Antonivskyi bridge was destroyed by Russian troops"],
}


@pytest.fixture(scope="module")
def index(gazetteer) -> MatchIndex:
    entries = [IndexEntry(i, key, tuple(texts)) for i, (key, texts) in enumerate(CLAIMS.items())]
    return MatchIndex(entries, Analyzer(gazetteer))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Kakhovka dam blown up", "dam"),
        ("Каховську ГЕС зруйновано", "dam"),
        ("Каховская ГЭС разрушена", "dam"),
        ("Zaporizhzhia NPP shelled by Russian forces", "znpp"),
        ("Росіяни обстріляли ЗАЕС", "znpp"),
        ("Azovstal defenders surrendered", "azovstal"),
        ("Ukrainian drones hit the Kerch bridge", "bridge"),
        ("Антонівський міст зруйновано", "antonivskyi"),
    ],
)
def test_a_query_about_a_landmark_finds_the_claim_about_it(index, query, expected) -> None:
    result = index.search(query, limit=1)
    assert [m.key for m in result.matches] == [expected]


@pytest.mark.parametrize(
    ("query", "not_expected"),
    [
        ("A Russian missile struck the Zaporizhzhia nuclear plant", "zaporizhzhia"),
        ("A Russian missile struck Zaporizhzhia", "znpp"),
        ("Russian troops shelled the Kakhovka dam", "kakhovka"),
        ("Russian troops shelled Kakhovka", "dam"),
    ],
)
def test_a_landmark_is_not_the_town_whose_name_it_carries(index, query, not_expected) -> None:
    assert not_expected not in {m.key for m in index.search(query, min_score=0).matches}
