"""Editors' place names for the settlements no one curated: a name for one of ten same-named
villages goes by its KATOTTG code, is read by the next check, and leaves the shipped
gazetteer as it was."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from store.claimbase import curate
from store.claimbase.base import ClaimBase
from store.claimbase.places import resolve_place
from store.match.gazetteer import Gazetteer

CLAIM = "Russian forces captured Novodmytrivka in Kramatorsk district"


@pytest.fixture
def claim_base(engine: Engine, gazetteer: Gazetteer) -> ClaimBase:
    return ClaimBase(engine, gazetteer=gazetteer)


def kramatorsk_village(gazetteer: Gazetteer) -> str:
    ((_, places),) = gazetteer.named("Новодмитрівка Краматорського району")
    (village,) = places
    return village


def test_a_name_shared_by_villages_is_ambiguous_and_a_code_is_not(gazetteer: Gazetteer) -> None:
    assert len(resolve_place(gazetteer, "Новодмитрівка")) == 10
    village = kramatorsk_village(gazetteer)
    assert [p.id for p in resolve_place(gazetteer, village)] == [village]


def test_an_editors_name_for_an_uncurated_village_finds_its_claim(
    claim_base: ClaimBase, gazetteer: Gazetteer
) -> None:
    village = kramatorsk_village(gazetteer)
    claim = curate.add_claim(claim_base, text=CLAIM, actor="a")
    query = "Russian forces captured Novodmitrovka-Kramatorska"
    assert not claim_base.check(query).matches
    with pytest.raises(curate.PlaceNotFound):
        curate.add_place_name(
            claim_base, name="Novodmitrovka-Kramatorska", place="Новодмитрівка", actor="a"
        )
    added = curate.add_place_name(
        claim_base, name="Novodmitrovka-Kramatorska", place=village, actor="a"
    )
    assert added.place.id == village
    assert [m.claim.id for m in claim_base.check(query).matches] == [claim.claim_id]
    assert not gazetteer.find("Novodmitrovka-Kramatorska")
