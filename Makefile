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

# The demo runs with DEBUG on (and so the demo SECRET_KEY): production leaves DEBUG unset, i.e. off.
demo: export DEBUG = true
demo: $(BIN)/.installed
	@mkdir -p data
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo ""
	@echo "eISO đang chạy tại http://127.0.0.1:$(PORT)/  (Ctrl+C để dừng)"
	@echo "Đăng nhập với mật khẩu eiso-demo-2026 bằng một trong các tài khoản:"
	@echo "  admin (quản trị), coordinator (Sở KH&CN), steering (Ban chỉ đạo), secretary (thư ký ISO),"
	@echo "  leader (lãnh đạo), staff, unithead (trưởng phòng), officer (một cửa), auditor (đánh giá viên),"
	@echo "  secretary2 (thư ký ISO cơ quan thứ hai)"
	@echo ""
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: $(BIN)/.installed system-deps
	$(BIN)/pytest -n auto

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Benchmarks on PostgreSQL (127.0.0.1:5432): `make bench` at the small size, `make bench SIZE=province`.
SIZE ?= small
bench: export DEBUG = true
bench: $(BIN)/.installed
	$(BIN)/python -m bench.all --size $(SIZE)

clean:
	rm -rf $(VENV) staticfiles .test-artifacts
