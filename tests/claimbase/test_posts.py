"""Channel posts: who speaks in them, remembered posts, and posts ingested as evidence once."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session, select

from store.claimbase.base import ClaimBase
from store.claimbase.posts import Post, attributable, ingest_post, lead_speaker, remember, seen_post
from store.ingest.pipeline import IngestError
from store.models import ChannelMessage, Document, Evidence

POSTED = dt.datetime(2025, 11, 27, 9, 30, tzinfo=dt.UTC)
MINISTRY = "Минобороны России"


def post(text: str, **fields: object) -> Post:
    values: dict[str, object] = {
        "channel_id": -1001111,
        "message_id": 52001,
        "title": MINISTRY,
        "username": "mod_russia",
        "text": text,
        "posted_at": POSTED,
    }
    values.update(fields)
    return Post(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (f"{MINISTRY}: ВС РФ освободили Дальнее", (MINISTRY, "ВС РФ освободили Дальнее")),
        ("⚡️Генштаб ЗСУ: ворог просунувся", ("Генштаб ЗСУ", "ворог просунувся")),
        ("Срочно: ВС РФ освободили Дальнее", None),
        ("BREAKING: Russia took Huliaipole", None),
        ("ВС РФ освободили Дальнее", None),
        ("Russian forces captured Huliaipole at 10:30 today", None),
    ],
)
def test_lead_speaker(line: str, expected: tuple[str, str] | None) -> None:
    assert lead_speaker(line) == expected


def test_attributable_names_the_quoted_speaker_in_the_posts_language() -> None:
    text = f"{MINISTRY}: ВС РФ освободили Дальнее"
    assert (
        attributable(text, channel="Readovka") == f"По данным {MINISTRY}, ВС РФ освободили Дальнее"
    )
    assert attributable(text, channel=MINISTRY) == "ВС РФ освободили Дальнее"
    assert attributable("Генштаб ЗСУ: ворог окупував Іванівку", channel="X").startswith(
        "За даними Генштаб ЗСУ, "
    )
    assert attributable("ISW: Russian forces captured Huliaipole", channel="X").startswith(
        "According to ISW, "
    )


def test_a_post_becomes_evidence_once_with_its_own_date_and_link(
    sample_claim_base: ClaimBase,
) -> None:
    first = ingest_post(
        sample_claim_base,
        post(f"{MINISTRY}: ВС РФ освободили Гуляйполе", title="Readovka", username="readovka"),
        actor="test",
    )
    assert not first.result.duplicate
    assert first.result.url == "https://t.me/readovka/52001"
    assert first.result.published == POSTED.date()
    [recorded] = first.result.recorded
    assert recorded.speaker == MINISTRY
    assert recorded.claim_key == "huliaipole"
    again = ingest_post(
        sample_claim_base,
        post(f"{MINISTRY}: ВС РФ освободили Гуляйполе", title="Readovka", username="readovka"),
        actor="someone else",
    )
    assert again.result.duplicate
    with Session(sample_claim_base.engine) as session:
        evidence = session.exec(select(Evidence).where(Evidence.url == first.result.url)).all()
        assert len(evidence) == 1
        assert evidence[0].said_on == POSTED.date()


def test_a_renamed_channel_keeps_its_first_name_and_the_post_is_not_recorded_twice(
    sample_claim_base: ClaimBase,
) -> None:
    remember(sample_claim_base, post("ВС РФ освободили Гуляйполе"))
    renamed = post("ВС РФ освободили Гуляйполе", title="МО РФ", username="mod_rf")
    done = ingest_post(sample_claim_base, renamed, actor="test")
    assert done.renamed_from == MINISTRY
    assert done.outlet == MINISTRY
    assert done.result.url == "https://t.me/mod_rf/52001"
    again = ingest_post(sample_claim_base, post("ВС РФ освободили Гуляйполе"), actor="test")
    assert again.result.duplicate
    with Session(sample_claim_base.engine) as session:
        assert len(session.exec(select(Document)).all()) == 1


def test_an_edited_post_keeps_its_first_text_and_notes_the_edit(
    sample_claim_base: ClaimBase,
) -> None:
    remember(sample_claim_base, post("ВС РФ освободили Гуляйполе"))
    edited_at = POSTED + dt.timedelta(hours=2)
    remember(sample_claim_base, post("ВС РФ вошли в Гуляйполе", edited_at=edited_at))
    seen = seen_post(sample_claim_base, username="MOD_Russia", channel_id=None, message_id=52001)
    assert seen is not None
    assert seen.text == "ВС РФ освободили Гуляйполе"
    assert seen.edited_at == edited_at
    done = ingest_post(sample_claim_base, seen, actor="test")
    assert done.edited_at == edited_at
    assert done.result.recorded[0].quote == "ВС РФ освободили Гуляйполе"


def test_a_post_not_seen_is_not_found(sample_claim_base: ClaimBase) -> None:
    assert (
        seen_post(sample_claim_base, username="mod_russia", channel_id=None, message_id=1) is None
    )


def test_a_post_saying_nothing_records_nothing(sample_claim_base: ClaimBase) -> None:
    with pytest.raises(IngestError):
        ingest_post(sample_claim_base, post("   "), actor="test")
    with Session(sample_claim_base.engine) as session:
        assert session.exec(select(Document)).all() == []
        assert session.exec(select(ChannelMessage)).all() == []
