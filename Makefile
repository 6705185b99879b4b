# eISO: `make demo` starts the demo province, `make test` runs the whole test suite.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint system-deps clean bench

$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "eISO cần Python 3.11 trở lên (eISO needs Python 3.11+).")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $@

system-deps:
	@bash scripts/install-system-deps.sh

# Test-only assets from npm (axe-core for tests/browser/test_axe.py), pinned by package-lock.json;
# reinstalled only when the lock file changes.
node_modules/.installed: package.json package-lock.json
	@bash scripts/install-test-assets.sh

# The demo runs as production does, DEBUG off (Vietnamese 404 and 500 pages, nothing of the settings
# shown), over plain http on 127.0.0.1: a secret key made once in data/, cookies allowed without
# https, static files collected for WhiteNoise to serve; e-mails (password reset) print here.
demo: export DEBUG = false
demo: export SECRET_KEY_FILE = $(CURDIR)/data/secret_key
demo: export SESSION_COOKIE_SECURE = false
demo: export CSRF_COOKIE_SECURE = false
demo: export EMAIL_BACKEND = django.core.mail.backends.console.EmailBackend
# The demo accounts log in with a password alone (docs/operations.md: two-factor authentication).
demo: export EISO_REQUIRE_2FA_ROLES =
demo: $(BIN)/.installed
	@mkdir -p data
	@test -s data/secret_key || $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))' > data/secret_key
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py load_demo
	@echo ""
	@echo "eISO đang chạy tại http://127.0.0.1:$(PORT)/  (Ctrl+C để dừng)"
	@echo "Tài khoản đăng nhập: danh sách theo vai trò in ở trên (load_demo đếm từ cơ sở dữ liệu)."
	@echo ""
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# node_modules after system-deps, which may install npm: as a plain prerequisite `make -j` could run it first.
test: $(BIN)/.installed system-deps
	@$(MAKE) --no-print-directory node_modules/.installed
	$(BIN)/pytest -n auto --dist worksteal

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Benchmarks on PostgreSQL (127.0.0.1:5432): `make bench` at the small size, `make bench SIZE=province`.
SIZE ?= small
bench: export DEBUG = true
bench: $(BIN)/.installed
	$(BIN)/python -m bench.all --size $(SIZE)

clean:
	rm -rf $(VENV) staticfiles .test-artifacts node_modules
