"""Editors' changes as use cases, without Telegram, on SQLite and PostgreSQL: each is one
transaction with its audit entry, and /undo never takes others' work with it."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from store.claimbase import audit, curate, editline
from store.claimbase.base import ClaimBase
from store.claimbase.editline import CurationError
from store.claimbase.undo import undo_last
from store.match.gazetteer import Gazetteer

KUPIANSK = "Russian forces captured Kupiansk"


@pytest.fixture
def claim_base(engine: Engine, gazetteer: Gazetteer) -> ClaimBase:
    return ClaimBase(engine, gazetteer=gazetteer)


def test_undo_keeps_a_claim_that_others_have_sourced(claim_base: ClaimBase) -> None:
    claim = curate.add_claim(claim_base, text=KUPIANSK, actor="a")
    entry = editline.parse_evidence("MoD | TASS | 2025-11-20 | Kupiansk is taken.")
    curate.add_evidence(
        claim_base, claim_id=claim.claim_id, stance="backs", evidence=entry, actor="b"
    )
    with pytest.raises(CurationError, match="has sources now"):
        undo_last(claim_base, actor="a")
    assert claim_base.counts()["claims"] == 1
    assert undo_last(claim_base, actor="b") is not None
    undone = undo_last(claim_base, actor="a")
    assert undone is not None and undone.action == audit.ADD_CLAIM
    assert claim_base.counts() == {"claims": 0, "evidence": 0, "outlets": 1}


def test_every_change_and_its_audit_entry_land_together(
    claim_base: ClaimBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(**_: object) -> None:
        raise RuntimeError("the connection dropped")

    monkeypatch.setattr(audit, "record", failing)
    with pytest.raises(RuntimeError):
        curate.add_claim(claim_base, text=KUPIANSK, actor="a")
    assert claim_base.counts()["claims"] == 0
    assert audit.rows(claim_base) == []


def test_a_change_is_seen_by_the_next_check_at_once(claim_base: ClaimBase) -> None:
    assert not claim_base.check("Russia took Kupiansk").matches
    added = curate.add_claim(claim_base, text=KUPIANSK, actor="a")
    assert added.created
    assert [m.claim.id for m in claim_base.check("Russia took Kupiansk").matches] == [
        added.claim_id
    ]
    again = curate.add_claim(claim_base, text="Russian troops captured Kupiansk", actor="a")
    assert (again.claim_id, again.created) == (added.claim_id, False)


def test_a_place_name_is_read_at_once_and_undone(claim_base: ClaimBase) -> None:
    added = curate.add_place_name(claim_base, name="Gulai Pole", place="Huliaipole", actor="a")
    assert added.place.id == "huliaipole"
    assert claim_base.gazetteer.find("Gulai Pole")
    with pytest.raises(curate.PlaceNotFound) as several:
        curate.add_place_name(claim_base, name="Novoselyvka", place="Novoselivka", actor="a")
    assert len(several.value.places) > 1
    undone = undo_last(claim_base, actor="a")
    assert undone is not None and undone.places_changed
    assert not claim_base.gazetteer.find("Gulai Pole")
