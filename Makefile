# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
# Each target sets up what it needs: the venv, and the Debian packages it needs,
# which it installs when run as root and otherwise stops at once, saying what to
# install (scripts/need-debian.sh).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8050
# make test's pytest workers: most tests wait on real servers, so two share two cores
TEST_WORKERS ?= 2
# scripts/need-debian.sh PKG[,EXTRA...][:CHECK] ..., its sentence naming the goals
NEED   = scripts/need-debian.sh --for '$(strip make $(MAKECMDGOALS))'

.PHONY: run serve test test-container lint bench bench-scaling bench-sweep bench-dashboard \
	bench-load bench-jobs bench-neuron bench-compare bench-playback figures plotly-bundle clean need-browser need-serve \
	need-test screenshots

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
BROWSER_DEBS := chromium,fonts-dejavu-core:/usr/bin/chromium libatomic1:libatomic.so.1
# The production stack (make serve, the proxy and supervision tests, the load bench):
# Debian's nginx and redis-server, checked at the paths Debian installs them to (a
# non-root user's PATH may lack /usr/sbin)
SERVE_DEBS := nginx:/usr/sbin/nginx redis-server:/usr/bin/redis-server

need-browser:
	@$(NEED) $(BROWSER_DEBS)

need-serve:
	@$(NEED) $(SERVE_DEBS)

# one apt-get run for both on a fresh machine
need-test:
	@$(NEED) $(BROWSER_DEBS) $(SERVE_DEBS)

run: $(VENV)/.runtime
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python app.py

# nginx -> gunicorn -> Redis -> Celery worker in the foreground (scripts/serve.py; its
# settings: INSTANCES=2, REDIS=0, and docs/deploy.md); Ctrl-C stops it all.
serve: need-serve $(VENV)/.runtime
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python scripts/serve.py

test: need-test $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/hadolint Dockerfile
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

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

# The 21 x 21 weight plane: the sweep CLI (local, then a local Dask cluster) against a loop
bench-sweep: $(VENV)/.dev
	$(BIN)/python bench/bench_sweep.py

# The README's screenshots (docs/screenshot-*.png), from a live server in headless Chromium
screenshots: need-browser $(VENV)/.dev
	$(BIN)/python scripts/screenshots.py

bench-dashboard: need-browser $(VENV)/.dev
	$(BIN)/python bench/bench_dashboard.py

# The neuron lab: its gallery, its replay against the network page's run, and a slider
# change in the browser against the one-graph app (bench/bench_neuron.py)
bench-neuron: need-browser $(VENV)/.dev
	$(BIN)/python bench/bench_neuron.py

# The /compare page's load against the network page's, in turns (bench/bench_compare.py)
bench-compare: need-browser $(VENV)/.dev
	$(BIN)/python bench/bench_compare.py

# Slow-motion playback's frames against an empty animation loop, in one page
# (bench/bench_playback.py)
bench-playback: need-browser $(VENV)/.dev
	$(BIN)/python bench/bench_playback.py

# A wave of 20 large runs against the stack of make serve: the last result against
# 20 x one run / slots, the order, peak memory, a small request's latency meanwhile
bench-jobs: need-serve $(VENV)/.dev
	$(BIN)/python bench/bench_jobs.py

bench-load: need-serve $(VENV)/.dev
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
