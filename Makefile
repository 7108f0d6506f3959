# The two commands of the README, and `make lint` (ruff, mypy). Everything else is reachable through `.venv/bin/tthc`.
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint
run:
	@./scripts/setup.sh
	@.venv/bin/tthc db upgrade
	@.venv/bin/tthc demo load
	@.venv/bin/tthc index rebuild --if-stale
	@echo "tthc đang chạy: mở http://$(HOST):$(PORT)/  (Ctrl+C để dừng)"
	@.venv/bin/tthc run --host $(HOST) --port $(PORT)

# Two workers (pytest-xdist): the machine has two cores. Tests of one xdist group (the large catalogue's,
# tests/conftest.py) run in one process, which alone builds their template database.
# `make test PYTEST_ARGS="-n 0 -k …"` runs serially.
PYTEST_ARGS ?= -n 2 --dist loadgroup
test:
	@./scripts/setup.sh test
	@.venv/bin/python -m pytest $(PYTEST_ARGS)

lint:
	@./scripts/setup.sh test
	@.venv/bin/ruff check
	@.venv/bin/mypy
