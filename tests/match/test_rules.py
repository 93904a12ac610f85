"""Each rule on its own, on small texts: places, regions, actors, names and polarity are
yes-or-no, and a claim must be stated, not merely mentioned."""

from __future__ import annotations

import pytest

from store.match import rules
from store.match.analyze import Analysis, Analyzer
from store.match.gazetteer import Gazetteer
from tests.match.test_index import POST_IN_PASSING, POST_SAYING_IT


@pytest.fixture(scope="module")
def read(gazetteer: Gazetteer):
    analyzer = Analyzer(gazetteer)

    def analyze(text: str) -> Analysis:
        return analyzer.analyze(text)

    return analyze


MYKOLAIVKA = "Russian troops took Mykolaivka in Donetsk region"
ZAPORIZKE = "Russian forces captured Zaporizke"
KUPIANSK = "Russian troops captured Kupiansk"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Russia took Mykolaivka", None),
        ("Росіяни захопили Миколаївку", None),
        ("Russia captured Mykolaiv", rules.DIFFERENT_PLACE),
        # Zaporizhzhia region has Mykolaivkas of its own: another village, not another region.
        ("Russia took Mykolaivka in Zaporizhzhia region", rules.DIFFERENT_PLACE),
        ("Russia took Mykolaivka in Lviv region", rules.DIFFERENT_REGION),
        ("Russia took Mykolaivka in Donetsk region", None),
    ],
)
def test_a_short_query_names_no_place_the_claim_does_not(
    read, gazetteer, query: str, expected: str | None
) -> None:
    assert rules.place_rule(read(query), read(MYKOLAIVKA), gazetteer) == expected


def test_a_post_must_name_every_place_of_the_claim(read, gazetteer) -> None:
    claim = read(KUPIANSK)
    post = read(POST_SAYING_IT)
    assert post.long
    assert rules.place_rule(post, claim, gazetteer) is None
    # A post names many places; only a missing one of the claim's refuses it.
    two_places = read("Russian troops captured Kupiansk after shelling Kramatorsk")
    assert rules.place_rule(post, two_places, gazetteer) == rules.DIFFERENT_PLACE
    # A claim listing places tells of each: the post on one of them is on its list.
    listed = read("Russian troops captured Kupiansk and Kramatorsk")
    assert rules.place_rule(post, listed, gazetteer) is None


def test_the_actor_must_be_the_same_when_both_name_one(read) -> None:
    claim = read("Ukrainian forces liberated Kherson")
    assert rules.actor_rule(read("Russia captured Kherson"), claim) == rules.DIFFERENT_ACTOR
    assert rules.actor_rule(read("Ukraine liberated Kherson"), claim) is None
    assert rules.actor_rule(read("Kherson was liberated"), claim) is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Russia took Zaporiske", rules.DIFFERENT_PLACE),  # spelt like it, not one of its spellings
        ("Russia took Zaporizke", None),
        ("Russia took the bridge", None),
    ],
)
def test_an_unknown_name_spelt_like_the_claims_place_is_another_place(
    read, query: str, expected: str | None
) -> None:
    assert rules.name_rule(read(query), read(ZAPORIZKE)) == expected


def test_name_rule_uses_the_keys_it_is_given(read) -> None:
    query, claim = read("Russia took Zaporiske"), read(ZAPORIZKE)
    known = rules.name_keys(claim) | rules.name_keys(query)
    assert rules.name_rule(query, claim, lambda _: known) is None


def test_the_first_refusing_rule_gives_the_reason(read, gazetteer) -> None:
    claim = read("Ukrainian forces liberated Kherson")
    assert rules.reason_to_refuse(read("Russia captured Mykolaiv"), claim, gazetteer) == (
        rules.DIFFERENT_PLACE
    )
    assert rules.reason_to_refuse(read("Russia captured Kherson"), claim, gazetteer) == (
        rules.DIFFERENT_ACTOR
    )
    assert rules.reason_to_refuse(read("Ukraine freed Kherson"), claim, gazetteer) is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Russia took Zaporizke", "affirms"),
        ("Russia did not take Zaporizke", "denies"),
        ("Фейк: росіяни захопили Запорізьке", "denies"),
        ("Russian attempts to capture Zaporizke were repelled", "denies"),
    ],
)
def test_polarity(read, query: str, expected: str) -> None:
    assert rules.polarity(read(query), read(ZAPORIZKE)) == expected


def test_polarity_of_a_post_follows_the_sentence_about_the_claim(read) -> None:
    post = read(
        "Officials did not confirm any losses overnight, the report said. "
        "Russian forces captured Zaporizke after days of fighting, the ministry said."
    )
    assert post.negated  # as a whole: the first sentence's "not"
    assert rules.polarity(post, read(ZAPORIZKE)) == "affirms"


def test_a_claim_about_a_place_is_unsupported_by_a_text_that_does_not_name_it(
    read, gazetteer
) -> None:
    claim = read(MYKOLAIVKA)
    assert rules.unsupported(read("Russian troops took a village"), claim, gazetteer)
    assert not rules.unsupported(read("Russian troops took Mykolaivka"), claim, gazetteer)
    # A short question may name the region of the claim's village instead.
    assert rules.names_a_place_of(read("villages taken in Donetsk region"), claim, gazetteer)
    assert not rules.names_a_place_of(read("villages taken in Kharkiv region"), claim, gazetteer)


def test_a_claim_about_a_region_is_named_by_a_town_in_it(read, gazetteer) -> None:
    claim = read("Russian forces advanced in Donetsk region")
    assert rules.names_a_place_of(read("Russian troops took Mykolaivka"), claim, gazetteer)
    assert rules.regions_of(read(MYKOLAIVKA), gazetteer) == {"donetsk-oblast", "donbas"}


def test_a_post_must_say_the_claims_event_place_and_actor_in_one_sentence(read) -> None:
    claim = read(KUPIANSK)
    assert not rules.said_together(read(POST_IN_PASSING), claim)
    assert rules.said_together(read(POST_SAYING_IT), claim)
    # A single sentence, or a claim without an event, has nothing to keep together.
    assert rules.said_together(read("Kupiansk is quiet"), claim)
    assert rules.said_together(read(POST_IN_PASSING), read("Kupiansk"))


def test_a_post_naming_the_place_in_passing_is_unsupported(read, gazetteer) -> None:
    claim = read(KUPIANSK)
    assert rules.unsupported(read(POST_IN_PASSING), claim, gazetteer)
    assert not rules.unsupported(read(POST_SAYING_IT), claim, gazetteer)


VOROBYOVKA = "Russian forces captured the village of Brezoranka in Dnipropetrovsk region"


@pytest.mark.parametrize(
    ("query", "claim", "expected"),
    [
        ("Russia took Brezoranka", VOROBYOVKA, None),
        ("Росіяни захопили Брезоранку", VOROBYOVKA, None),
        ("Russia took Bruzoranka", VOROBYOVKA, rules.DIFFERENT_PLACE),
        ("Russia took the village of Brezoranka", ZAPORIZKE, rules.DIFFERENT_PLACE),
        # A claim naming no place leaves room for any village.
        ("Russia took Brezoranka", "Russian forces advanced in Dnipropetrovsk region", None),
    ],
)
def test_an_unknown_place_is_held_to_the_place_rule(
    read, query: str, claim: str, expected: str | None
) -> None:
    assert rules.unknown_place_rule(read(query), read(claim)) == expected


def test_a_known_place_in_a_query_never_matches_a_claim_about_an_unknown_one(
    read, gazetteer
) -> None:
    query, claim = read("Russia took Zaporizke"), read(VOROBYOVKA)
    assert rules.reason_to_refuse(query, claim, gazetteer) == rules.DIFFERENT_PLACE
    assert (
        rules.unknown_place_rule(read("Russia took Zaporizke and Kupiansk"), claim)
        == rules.DIFFERENT_PLACE
    )


def test_a_post_must_name_every_unknown_place_of_the_claim(read) -> None:
    claim = read(VOROBYOVKA)
    post = read(
        "Heavy fighting continued overnight, officials said. "
        "Russian forces captured Brezoranka after a week of assaults, the ministry said."
    )
    assert post.long
    assert rules.unknown_place_rule(post, claim) is None
    other = read(
        "Heavy fighting continued overnight, officials said. "
        "Russian forces captured Bruzoranka after a week of assaults, the ministry said."
    )
    assert rules.unknown_place_rule(other, claim) == rules.DIFFERENT_PLACE


def test_a_claim_about_an_unknown_place_needs_a_text_that_names_it(read, gazetteer) -> None:
    claim = read(VOROBYOVKA)
    assert rules.names_a_place_of(read("Brezoranka has fallen"), claim, gazetteer)
    assert rules.unsupported(read("Russian troops took a village"), claim, gazetteer)
    assert not rules.unsupported(read("Russia took Brezoranka"), claim, gazetteer)


def test_a_region_that_pins_the_claims_place_does_not_count_against_the_query(
    read, gazetteer
) -> None:
    assert rules.precision_regions(read("Russia took Brezoranka"), read(VOROBYOVKA), gazetteer) == {
        "@dnipropetrovsk-oblast"
    }
    assert rules.precision_regions(read("Russia took Mykolaivka"), read(MYKOLAIVKA), gazetteer) == {
        "@donetsk-oblast"
    }
    # Not when the query names another place, or already names the region.
    assert not rules.precision_regions(read("Russia took Bruzoranka"), read(VOROBYOVKA), gazetteer)
    named = read("Russia took Brezoranka in Dnipropetrovsk region")
    assert not rules.precision_regions(named, read(VOROBYOVKA), gazetteer)


def test_a_post_says_an_unknown_place_with_the_claims_event(read) -> None:
    claim = read("Russian forces captured Brezoranka")
    in_passing = read(
        "Russian forces captured a village in the south, the ministry said. "
        "Residents of Brezoranka were evacuated on Monday."
    )
    assert not rules.said_together(in_passing, claim)


ROCKETS_NOWHERE = "A rocket attack was reported over there"


def test_a_claim_naming_no_place_is_not_said_by_a_post_about_a_strike_on_a_town(
    read, gazetteer
) -> None:
    claim = read(ROCKETS_NOWHERE)
    on_a_town = read(
        "Sirens sounded across the east before dawn, residents said. "
        "A rocket attack hit a school in Kramatorsk, the regional governor told reporters."
    )
    assert on_a_town.long
    assert rules.place_rule(on_a_town, claim, gazetteer) == rules.DIFFERENT_PLACE
    # The sentence that says the strike decides, not a place named elsewhere in the post.
    nowhere_named = read(
        "A rocket attack was reported overnight, the air force said. "
        "Evacuations continue in Kramatorsk after last week's fighting."
    )
    assert rules.place_rule(nowhere_named, claim, gazetteer) is None


def test_a_claim_about_no_event_and_no_place_may_be_said_by_a_post_naming_a_town(
    read, gazetteer
) -> None:
    # Only an event is placed by the town a post names: a shop's food-stamp trick told "in
    # New York" is the same story as the claim that says nowhere.
    claim = read("A shopper paid for soda with food stamps and resold it at her store")
    post = read(
        "You will not believe this. In New York a shopper paid for soda with food stamps "
        "and then resold the cans at her own store."
    )
    assert post.long and post.places
    assert rules.place_rule(post, claim, gazetteer) is None


def test_a_claim_naming_no_place_is_not_about_a_village_the_gazetteer_does_not_know(
    read,
) -> None:
    claim = read(ROCKETS_NOWHERE)
    assert rules.unknown_place_rule(read("Rockets hit the village of Brezoranka"), claim) == (
        rules.DIFFERENT_PLACE
    )
    assert rules.unknown_place_rule(read("Rockets hit a village overnight"), claim) is None


def test_a_claim_saying_only_where_and_who_is_not_stated_by_a_text_saying_more(
    read, gazetteer
) -> None:
    claim = read("Russian troops are in Kursk region")
    assert not rules.statement(claim)
    outnumber = read("Russian troops in Kursk region outnumber the defenders three to one")
    assert rules.unsupported(outnumber, claim, gazetteer)
    assert not rules.unsupported(read("Russian soldiers are in Kursk region"), claim, gazetteer)


def test_a_claim_about_a_place_it_only_points_at_is_not_said_by_a_text_naming_none(
    read, gazetteer
) -> None:
    claim = read("There was a rocket attack there")
    assert claim.deictic and not read("There were rockets overnight").deictic
    assert rules.unsupported(read("Russia launched a rocket attack overnight"), claim, gazetteer)
    assert not rules.unsupported(read("There was a rocket attack there"), claim, gazetteer)
    # A claim that names its place says where "there" is.
    named = read("Russia took Kupiansk and kept troops there")
    assert not rules.unsupported(read("Russian troops took Kupiansk"), named, gazetteer)


@pytest.fixture(scope="module")
def refusal(read, gazetteer: Gazetteer):
    """The frame rule's refusal of a claim for a query, both read as the index reads them."""
    from store.match.frame import read_frame

    def refuse(query: str, claim: str) -> str | None:
        said, claim_said = read(query), read(claim)
        return rules.frame_rule(
            read_frame(query, said, gazetteer),
            read_frame(claim, claim_said, gazetteer),
            said,
            claim_said,
        )

    return refuse


@pytest.mark.parametrize(
    "denial",
    [
        "Ukrainian commanders denied the capture of Pokrovsk",
        "Українські командири заперечили захоплення Покровська",
        "Украинские командиры опровергли захват Покровска",
    ],
)
def test_the_other_sides_denial_names_the_side_that_speaks(read, refusal, denial: str) -> None:
    """ "Ukraine denies Pokrovsk fell" is Russia's capture denied, not Ukraine's own capture;
    Ukraine's capture affirmed stays another side's deed."""
    claim = "Russian forces captured Pokrovsk"
    assert rules.actor_rule(read(denial), read(claim)) is None
    assert refusal(denial, claim) is None
    assert rules.polarity(read(denial), read(claim)) == "denies"
    taken = "Ukrainian commanders captured Pokrovsk"
    assert rules.actor_rule(read(taken), read(claim)) == rules.DIFFERENT_ACTOR


def test_a_text_with_no_word_for_ground_taken_is_not_a_capture_or_an_entry(refusal) -> None:
    captured = "Bakhmut (Donetsk region) was captured"
    entered = "Russian forces advanced into Bakhmut (Donetsk region)"
    # A unit destroyed in the town, a river crossed near it: other events there.
    assert refusal("Авиация уничтожила роту противника в Бахмуте", captured) == "a different event"
    assert refusal("Авиация уничтожила роту противника в Бахмуте", entered) == "a different event"
    # A post: the sentence naming the town must say the ground was taken; the first action of
    # the whole post ("захватили позиции" about another place) does not stand for it.
    post = (
        "Военные переправились через реку у Бахмута. "
        "По данным аналитиков, они захватили позиции на другом берегу у Часова Яра."
    )
    assert refusal(post, captured) == "a different event"
    assert refusal("ВС РФ освободили Бахмут", captured) is None
    assert refusal("Российские войска въехали в Бахмут", entered) is None
    assert (
        refusal("Russian troops advanced into Bakhmut. They met little resistance.", entered)
        is None
    )


def test_strongpoints_taken_in_a_town_are_not_the_town_captured(refusal) -> None:
    strongpoints = "Ещё два опорника взяты штурмовиками ВС РФ в Бахмуте"
    assert refusal(strongpoints, "Russian forces captured Bakhmut (Donetsk region)") == (
        "a different event"
    )
    # Troops taking strongpoints inside the town are in it.
    assert refusal(strongpoints, "Russian forces advanced into Bakhmut (Donetsk region)") is None


def test_a_town_taken_is_not_its_region_taken_nor_the_region_the_town(refusal) -> None:
    region = "Russian forces captured Kursk region"
    town = "Russian forces captured Sudzha (Kursk region)"
    assert refusal("ВС РФ освободили Суджу", region) == "a different event"
    assert refusal("Russian troops took Sudzha after a week of fighting", region) == (
        "a different event"
    )
    assert (
        refusal("Russian forces regained full control of Kursk region", town) == "a different event"
    )
    # The same scale is the same event.
    assert refusal("Russian forces regained full control of Kursk region", region) is None
    assert refusal("ВС РФ освободили Суджу", town) is None
