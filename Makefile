# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
# Each target sets up what it needs: the venv, and the Debian packages it needs,
# which it installs when run as root and otherwise stops at once, saying what to
# install (scripts/need-debian.sh).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8050
# scripts/need-debian.sh PKG[,EXTRA...][:CHECK] ..., its sentence naming the goals
NEED   = scripts/need-debian.sh --for '$(strip make $(MAKECMDGOALS))'

.PHONY: run test test-container lint bench bench-scaling bench-dashboard bench-load bench-neuron figures \
	plotly-bundle clean need-browser screenshots

# A failed `python3 -m venv` leaves a venv without pip behind: it goes, so the next
# make tries again. Debian's python3 has venv's ensurepip only with python3-venv.
$(BIN)/python:
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || $(NEED) python3-venv
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

# The browser tests and the dashboard bench: Debian's chromium (they launch
# /usr/bin/chromium), with a font so that pages render text, and libatomic1, which
# Playwright's node driver links (minimal Debian installs lack it)
need-browser:
	@$(NEED) chromium,fonts-dejavu-core:/usr/bin/chromium libatomic1:libatomic.so.1

run: $(VENV)/.runtime
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python app.py

test: need-browser $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/hadolint Dockerfile
	$(BIN)/python -m pytest

# The Dockerfile built with podman on a debootstrapped Debian base and checked over
# HTTP, as root (CI runs it; it installs podman, buildah, debootstrap and runc itself)
test-container:
	bash scripts/container-smoke.sh

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/hadolint Dockerfile

bench: $(VENV)/.dev
	$(BIN)/python bench/bench_core.py

bench-scaling: $(VENV)/.dev
	$(BIN)/python bench/bench_scaling.py

# The README's screenshots (docs/screenshot-*.png), from a live server in headless Chromium
screenshots: need-browser $(VENV)/.dev
	$(BIN)/python scripts/screenshots.py

bench-dashboard: need-browser $(VENV)/.dev
	$(BIN)/python bench/bench_dashboard.py

# The neuron lab: its gallery, its replay against the network page's run, and a slider
# change in the browser against the one-graph app (bench/bench_neuron.py)
bench-neuron: need-browser $(VENV)/.dev
	$(BIN)/python bench/bench_neuron.py

bench-load: $(VENV)/.dev
	$(BIN)/python bench/bench_load.py

figures: $(VENV)/.runtime
	$(BIN)/python -m izhi_core --figures figures --summary

# Rebuild assets/plotly-partial.min.js, the plotly.js the page runs (committed; needs node
# and npm, and is needed only when the plotly pin or the figures' trace types change).
plotly-bundle:
	@$(NEED) npm:npm
	cd scripts/plotly_bundle && npm ci --no-audit --no-fund && npm run build

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis figures test-results \
		scripts/plotly_bundle/node_modules
	find . -name __pycache__ -prune -exec rm -rf {} +
