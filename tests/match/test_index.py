"""Matching rules, each with examples of our own: wording is fuzzy, places and actors are not,
and a denial finds the claim it denies."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.match.analyze import Analyzer
from store.match.index import MatchIndex
from store.repo import IndexEntry

CLAIMS = {
    "kupiansk": ["Russian troops captured Kupiansk"],
    "zaporizke": ["Russian forces captured Zaporizke", "Росія захопила Запорізьке"],
    "zaporizhzhia-strike": ["A Russian missile struck Zaporizhzhia"],
    "mykolaivka": ["Russian troops took Mykolaivka in Donetsk region"],
    "myrnohrad": ["Russian forces entered Myrnohrad"],
    "kherson": ["Ukrainian forces liberated Kherson"],
    "bakhmut": ["Wagner fighters seized Bakhmut"],
    "engels": ["Ukrainian drones hit an airfield in Engels"],
    "kramatorsk": ["A Russian missile hit a railway station in Kramatorsk"],
}


@pytest.fixture(scope="module")
def index(gazetteer) -> MatchIndex:
    entries = [IndexEntry(i, key, tuple(texts)) for i, (key, texts) in enumerate(CLAIMS.items())]
    return MatchIndex(entries, Analyzer(gazetteer))


def best(index: MatchIndex, query: str) -> tuple[str | None, str | None]:
    result = index.search(query, limit=1)
    if not result.matches:
        return None, None
    return result.matches[0].key, result.matches[0].polarity


@pytest.mark.parametrize(
    "query",
    [
        "Russia took Kupiansk",
        "Kupyansk has fallen to the Russians",
        "Russian army seized Kupjansk",
        "ВС РФ освободили Купянск",
        "Росіяни захопили Куп'янськ",
    ],
)
def test_wording_languages_and_spellings_of_one_place_match(index, query) -> None:
    assert best(index, query) == ("kupiansk", "affirms")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Russians liberated Artemovsk", "bakhmut"),
        ("Russia captured Bakhmut", "bakhmut"),
        ("Российские войска заняли Артемовск", "bakhmut"),
    ],
)
def test_old_soviet_names_find_the_renamed_town(index, query, expected) -> None:
    assert best(index, query)[0] == expected


@pytest.mark.parametrize(
    "query",
    [
        "Russia took Zaporizhzhia",
        "Russia captured Mykolaiv",
        "Russia captured Myrne",
        "Russian troops took Mykolaivka in Zaporizhzhia region",
        "Russia took Pokrovsk",
        "Russia took Kupianskyi Vuzol",
    ],
)
def test_a_different_place_is_never_a_match(index, query) -> None:
    result = index.search(query)
    assert result.matches == []


def test_the_nearest_claim_about_another_place_says_so(index) -> None:
    result = index.search("Russian troops captured Mykolaiv")
    assert result.nearest is not None and result.nearest.key == "mykolaivka"
    assert result.nearest.reason == "a different place"


def test_the_actor_matters(index) -> None:
    assert best(index, "Ukraine liberated Kherson") == ("kherson", "affirms")
    result = index.search("Russia captured Kherson")
    assert result.matches == []
    assert result.nearest is not None and result.nearest.reason == "a different actor"


@pytest.mark.parametrize(
    "query",
    [
        "Russia did not take Zaporizke",
        "Zaporizke has not been captured",
        "Russia didn't capture Zaporizke",
        "Фейк: росіяни захопили Запорізьке",
        "It is fake that Russia took Zaporizke",
        "Ukraine rejected the claim that Russia had taken Zaporizke",
        "Ukrainian officials dismissed reports that Russia had captured Zaporizke",
    ],
)
def test_a_denial_matches_the_claim_with_the_polarity_turned(index, query) -> None:
    assert best(index, query) == ("zaporizke", "denies")


@pytest.mark.parametrize(
    "query",
    [
        "Куп'янськ залишається під контролем Сил оборони України, попри заяви про нібито "
        "захоплення міста",
        "Місто Куп'янськ перебуває під контролем Збройних сил України, а заяви росіян про "
        "окупацію міста не відповідають дійсності",
        "Купянск под контролем Вооруженных сил Украины, заявили в Генштабе",
        "Ukrainian forces still hold Kupiansk despite Russia's claims",
    ],
)
def test_the_other_side_holding_the_place_denies_its_capture(index, query) -> None:
    """Holding the town is the capture denied, with or without a word of denial, and a
    denial of the claims beside it does not turn it back into backing."""
    assert best(index, query) == ("kupiansk", "denies")


def test_a_holding_that_is_itself_negated_is_the_capture(index) -> None:
    assert best(index, "ВСУ больше не контролируют Купянск") == ("kupiansk", "affirms")


@pytest.mark.parametrize(
    "query",
    [
        "Росіяни нафантазували захоплення Запорізького так само, як брехали про інші села",
        "Ukraine denied that Russia captured Zaporizke, calling the report fake",
    ],
)
def test_two_denial_words_in_one_sentence_deny_once(index, query) -> None:
    assert best(index, query) == ("zaporizke", "denies")


def test_a_long_post_with_links_handles_and_emoji_finds_its_claim(index) -> None:
    post = (
        "⚡️ BREAKING: Kupyansk is now under full control of our forces 🇷🇺 "
        "#Kupyansk #SMO @frontline_watch https://t.me/frontline_watch/991 — Russian troops "
        "captured the city after weeks of fighting, the MoD says"
    )
    assert best(index, post)[0] == "kupiansk"


def test_scores_stay_on_one_scale_and_unrelated_text_does_not_match(index) -> None:
    result = index.search("The Eiffel Tower is closed for renovation", min_score=0, limit=9)
    assert all(0 <= m.score <= 100 for m in result.matches)
    assert index.search("The Eiffel Tower is closed for renovation").matches == []


def test_a_query_naming_a_place_no_claim_names_gets_no_match(gazetteer) -> None:
    entries = [IndexEntry(1, "a", ("Russian forces captured Avdiivka",))]
    index = MatchIndex(entries, Analyzer(gazetteer))
    assert index.search("Russian forces captured Vuhledar").matches == []
    assert index.search("Russian forces captured Avdiivka").matches[0].key == "a"


def test_the_same_event_type_ranks_above_another_event_in_the_same_place(index) -> None:
    assert best(index, "Missile attack on Kramatorsk railway station")[0] == "kramatorsk"
    assert best(index, "Engels airbase struck by Ukrainian drones")[0] == "engels"


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_search_never_crashes_on_any_text(index, text: str) -> None:
    result = index.search(text, min_score=0)
    assert all(0 <= m.score <= 100 for m in result.matches)


def test_claims_added_after_the_build_are_found(gazetteer) -> None:
    index = MatchIndex(
        [IndexEntry(1, "a", ("Russian forces captured Avdiivka",))], Analyzer(gazetteer)
    )
    assert index.search("Russia took Vuhledar").matches == []
    index.add([IndexEntry(2, "b", ("Russian forces captured Vuhledar",))])
    index.add([IndexEntry(1, "a", ("Russian forces captured Avdiivka", "Avdiivka fell"))])
    assert index.search("Russia took Vuhledar").matches[0].key == "b"
    assert len(index.texts) == 3
    assert index.search("Russia took Avdiivka").matches[0].key == "a"


def test_an_index_grown_by_additions_ranks_like_one_built_at_once(gazetteer) -> None:
    entries = [IndexEntry(i, key, tuple(texts)) for i, (key, texts) in enumerate(CLAIMS.items())]
    whole = MatchIndex(entries, Analyzer(gazetteer))
    grown = MatchIndex(entries[:2], Analyzer(gazetteer))
    for entry in entries[2:]:
        grown.add([entry])
    for query in ("Russia took Kupiansk", "Missile attack on Kramatorsk railway station"):
        assert [m.key for m in grown.search(query, min_score=0).matches] == [
            m.key for m in whole.search(query, min_score=0).matches
        ]


POST_IN_PASSING = (
    "Russian troops captured Udachne after a week of fighting, the ministry said. "
    "Units are now pressing towards Kupiansk and Kramatorsk, according to the same report. "
    "Ukrainian officers say the situation near the river remains difficult."
)
POST_SAYING_IT = (
    "Heavy fighting continued overnight along the whole front line, officials said. "
    "By the morning Russian troops had captured Kupiansk, a regional official told reporters. "
    "Evacuations continue in nearby villages."
)


def test_a_post_naming_a_place_in_passing_does_not_back_a_claim_about_it(index) -> None:
    assert index.search(POST_IN_PASSING).matches == []
    assert best(index, POST_SAYING_IT) == ("kupiansk", "affirms")


@pytest.fixture(scope="module")
def located(gazetteer) -> MatchIndex:
    claims = {
        "dalnie": "Russian forces captured Dalnie south of Kurakhove",
        "illinka": "Russian forces captured Illinka in Donetsk region",
        "kurakhove": "Russian forces captured Kurakhove",
    }
    entries = [IndexEntry(i, key, (text,)) for i, (key, text) in enumerate(claims.items())]
    return MatchIndex(entries, Analyzer(gazetteer))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ВС РФ освободили Дальнее", "dalnie"),
        ("Российская армия взяла под контроль населенный пункт Дальнее", "dalnie"),
        ("Russian forces captured Dalnie", "dalnie"),
        ("ВС РФ освободили Ильинку в районе Курахово", "illinka"),
        ("Росіяни захопили Іллінку поблизу Курахового", "illinka"),
        ("ВС РФ освободили Курахово", "kurakhove"),
    ],
)
def test_where_a_place_lies_is_not_what_is_said_of_it(located, query, expected) -> None:
    """A claim or a check that locates its village by a town near it is about the village:
    the town neither has to be named by the other text nor answers for the village."""
    assert best(located, query) == (expected, "affirms")
    assert [m.key for m in located.search(query).matches] == [expected]


def test_a_night_tally_of_drones_is_found_in_the_ministrys_own_words(gazetteer) -> None:
    """The ministry's "ПВО сбила 22 украинских беспилотника" names Ukraine's drones, not the
    side that acted, and its words for air defence and bringing down are the claim's."""
    claims = {
        f"drones-{n}": f"Russian air defence shot down {n} drones over Russian regions"
        for n in (22, 34)
    }
    entries = [IndexEntry(i, key, (text,)) for i, (key, text) in enumerate(claims.items())]
    tallies = MatchIndex(entries, Analyzer(gazetteer))
    for told, key in (
        ("ПВО за ночь перехватила и уничтожила 22 украинских беспилотника", "drones-22"),
        ("За минувшую ночь средствами ПВО сбиты 34 дрона", "drones-34"),
        ("Дежурные средства ПВО уничтожили 34 украинских беспилотника", "drones-34"),
    ):
        assert [m.key for m in tallies.search(told).matches] == [key], told


@pytest.mark.parametrize(
    "query",
    [
        "Зеленский отказался признать потерю Купянска",
        "Зеленський відмовився визнати втрату Куп'янська",
    ],
)
def test_refusing_to_acknowledge_a_towns_loss_denies_its_capture(index, query) -> None:
    """The town's loss is its capture, though no word of the claim's says so: it is the
    claim's event (not refused as another), denied."""
    top = index.search(query, min_score=0).matches[0]
    assert (top.key, top.polarity) == ("kupiansk", "denies")


@pytest.mark.parametrize(
    ("claim", "told"),
    [
        (
            "Russian troops crossed the Oskil river near Kupiansk",
            "Російські війська форсували річку Оскіл біля Куп'янська",
        ),
        (
            "Ukrainian forces lost 40% of the territory they held in Kursk region",
            "Украинские войска потеряли 40% территории в Курской области",
        ),
        (
            "Russian forces control a third of Sievierodonetsk",
            "Российские войска контролируют треть Северодонецка",
        ),
    ],
)
def test_crossing_losing_ground_and_shares_read_alike(gazetteer, claim, told) -> None:
    one = MatchIndex([IndexEntry(0, "claim", (claim,))], Analyzer(gazetteer))
    assert [m.key for m in one.search(told).matches] == ["claim"]


def test_a_tally_is_told_only_by_a_text_that_says_the_deed(gazetteer) -> None:
    """A claim of three dead is not answered by a post that shares only its numbers and its
    word for people."""
    entries = [IndexEntry(0, "dead", ("3 people killed on 2 May 2022",))]
    tally = MatchIndex(entries, Analyzer(gazetteer))
    assert tally.search("Три человека погибли 2 мая 2022 года").matches
    post = (
        "ВС РФ освободили еще три населенных пункта в Курской области. За двое суток "
        "противник потерял 140 человек и 30 единиц техники."
    )
    assert tally.search(post, min_score=0).matches == []


def test_people_killed_in_three_languages(gazetteer) -> None:
    entries = [IndexEntry(0, "kursk", ("Ukrainian shelling killed two people in Kursk region",))]
    killed = MatchIndex(entries, Analyzer(gazetteer))
    for told in (
        "Два человека погибли в Курской области после обстрела ВСУ",
        "Двоє людей загинули в Курській області внаслідок обстрілу ЗСУ",
    ):
        assert [m.key for m in killed.search(told).matches] == ["kursk"], told


def test_a_claim_about_a_place_needs_a_text_that_names_it(index) -> None:
    assert index.search("Russian troops captured a town").matches == []
    assert index.search("Russian troops captured a town in the north").nearest is not None


def test_repelled_attacks_read_as_a_denial_of_the_capture(index) -> None:
    assert best(index, "Russian attempts to capture Kupiansk were repelled") == (
        "kupiansk",
        "denies",
    )
    assert best(index, "Попытки россиян захватить Купянск отбиты") == ("kupiansk", "denies")


def test_copies_of_one_claim_rank_together_oldest_first(gazetteer) -> None:
    """Two fact-checkers stored the same claim, differing only in quote marks and case. The
    model reads the later copy as closer than the first, with a different claim in between."""
    texts = {
        "first": 'The governor said "the bridge will reopen in May."',
        "other": "The governor said the bridge will never reopen",
        "copy": "The Governor said 'The bridge will reopen in May.'",
        "filler-1": "The mayor opened a new school in the city",
        "filler-2": "Floods closed the highway for two days",
        "filler-3": "The council approved a budget for roads",
    }
    entries = [IndexEntry(n, key, (text,)) for n, (key, text) in enumerate(texts.items(), 1)]
    index = MatchIndex(entries, Analyzer(gazetteer))
    model = {"first": 0.70, "other": 0.78, "copy": 0.86}

    def cosines(text_indices: list[int]) -> np.ndarray:
        keys = [index.keys[int(index.text_claim[i])] for i in text_indices]
        return np.array([model.get(key, 0.1) for key in keys])

    query = "Governor: 'the bridge will reopen in May'"
    result = index.search(query, min_score=0, cosines=cosines)
    keys = [m.key for m in result.matches]
    assert keys[:3] == ["first", "copy", "other"]
    assert result.matches[0].score == result.matches[1].score
    # A copy is not a second reading of the query: no "did you mean".
    assert not result.ambiguous


def test_another_side_figure_or_kind_of_event_at_the_place_is_not_a_match(gazetteer) -> None:
    claims = {
        "pokrovsk-60": ["Russian forces control 60% of Pokrovsk"],
        "drones-29": ["Russian air defence units shot down 29 drones over Belgorod region"],
        "kupiansk-back": ["Ukrainian forces recaptured Kupiansk"],
        "dnipro-advance": ["Russian forces advanced into Dnipro"],
    }
    entries = [IndexEntry(i, key, tuple(texts)) for i, (key, texts) in enumerate(claims.items())]
    index = MatchIndex(entries, Analyzer(gazetteer))
    assert best(index, "Russian troops control 60% of Pokrovsk") == ("pokrovsk-60", "affirms")
    same = "Russian air defence shot down 29 drones over Belgorod region"
    assert best(index, same)[0] == "drones-29"
    for query, reason in [
        ("Russian troops control 70% of Pokrovsk", "a different figure"),
        ("Russian air defence shot down 15 drones over Belgorod region", "a different figure"),
        ("Russian forces captured Kupiansk", "a different actor"),
        ("Russian missiles struck Dnipro", "a different event"),
    ]:
        result = index.search(query, limit=1, min_score=0)
        assert not result.matches, query
        assert result.nearest is not None and result.nearest.reason == reason, query
