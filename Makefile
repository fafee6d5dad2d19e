# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8050

.PHONY: run test lint bench bench-scaling bench-dashboard bench-load figures plotly-bundle clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

run: $(VENV)/.runtime
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python app.py

test: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/hadolint Dockerfile
	$(BIN)/python -m pytest

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/hadolint Dockerfile

bench: $(VENV)/.dev
	$(BIN)/python bench/bench_core.py

bench-scaling: $(VENV)/.dev
	$(BIN)/python bench/bench_scaling.py

bench-dashboard: $(VENV)/.dev
	$(BIN)/python bench/bench_dashboard.py

bench-load: $(VENV)/.dev
	$(BIN)/python bench/bench_load.py

figures: $(VENV)/.runtime
	$(BIN)/python -m izhi_core --figures figures --summary

# Rebuild assets/plotly-partial.min.js, the plotly.js the page runs (committed; needs node
# and npm, and is needed only when the plotly pin or the figures' trace types change).
plotly-bundle:
	cd scripts/plotly_bundle && npm ci --no-audit --no-fund && npm run build

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis figures scripts/plotly_bundle/node_modules
	find . -name __pycache__ -prune -exec rm -rf {} +
