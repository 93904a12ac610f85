"""Case forms come from the name: a town's forms, never another town's nominative."""

from __future__ import annotations

from store.match.declension import declensions


def test_a_ukrainian_town_declines_with_its_vowel_alternation() -> None:
    forms = declensions(["покровськ"], "uk")
    assert forms["покровська"] == "gen"
    assert forms["покровськом"] == "ins"
    assert forms["покрівську"] == "gen"  # і for о in a closed syllable, as in speech


def test_the_forms_of_one_place_are_not_the_name_of_another() -> None:
    # Pokrovsk and Pokrovske are different places; neither's nominative is the other's form.
    assert "покровське" not in declensions(["покровськ"], "uk")
    assert "покровськ" not in declensions(["покровське"], "uk")
    assert declensions(["покровське"], "uk")["покровського"] == "gen"


def test_russian_rules_differ_from_ukrainian() -> None:
    assert declensions(["покровськ"], "ru")["покровську"] == "dat"
    assert declensions(["покровськ"], "uk")["покровську"] == "gen"


def test_two_word_names_decline_word_by_word_in_one_case() -> None:
    forms = declensions(["часовий", "яр"], "uk")
    assert forms["часовогояру"] == "gen"
    assert forms["часовимяром"] == "ins"
    assert "часовийяр" not in forms  # the nominative itself is not a case form


def test_short_names_get_no_forms() -> None:
    assert declensions(["мир"], "uk") == {}
    assert declensions([], "uk") == {}
