"""The package installs like any other: a wheel, installed (not editable) into a fresh environment,
serves the library page, a player page and the stylesheet from any directory.

The new environment takes no package from the network: it sees the project environment's
packages through a .pth line, and the wheel is installed with --no-deps.
"""
from __future__ import annotations

import email
import json
import site
import socket
import subprocess
import sys
import time
import urllib.request
import venv
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(out), str(ROOT)], check=True, cwd=out)
    (built,) = out.glob("audionews-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel installed; returns its bin/ folder."""
    env = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=False).create(env)
    python = env / "bin" / "python"
    purelib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                             check=True, capture_output=True, text=True).stdout.strip()
    # After the new environment's own site-packages: the project environment's, for the dependencies.
    Path(purelib, "project-deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    "--no-index", str(wheel)], check=True)
    return env / "bin"


def test_the_wheel_carries_its_metadata_and_pages(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        (metadata_name,) = [name for name in names if name.endswith(".dist-info/METADATA")]
        metadata = email.message_from_bytes(archive.read(metadata_name))
        entry_points = archive.read(metadata_name.replace("METADATA", "entry_points.txt")).decode()
    assert metadata["Version"] == "0.1.0"
    assert metadata["License-Expression"] == "MIT"
    assert metadata["Requires-Python"] == ">=3.11"
    assert metadata.get_all("Project-URL")
    assert "audionews = audionews.cli:main" in entry_points
    for page in ("audionews/web/templates/player.html", "audionews/web/templates/library.html",
                 "audionews/web/static/css/app.css", "audionews/web/static/js/player.js",
                 "audionews/text/data/abbreviations_en.txt", "audionews/data/voa-israel-intel.txt",
                 "audionews/quotes/languages/en.toml"):
        assert page in names
    assert not any(name.startswith(("tests/", "bench/")) for name in names)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture()
def served(installed: Path, tmp_path: Path) -> Iterator[str]:
    port = free_port()
    where = tmp_path / "elsewhere"
    where.mkdir()
    server = subprocess.Popen([installed / "audionews", "serve", "--port", str(port), "--data-dir", "data",
                               "--add-sample", "--engine", "espeak"], cwd=where,
                              env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
            try:
                urllib.request.urlopen(base + "/api/articles", timeout=2).close()
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=90)  # a busy machine: the warm-up and the producer's threads finish first
        except subprocess.TimeoutExpired:
            server.kill()
            raise AssertionError("audionews serve did not stop on SIGTERM: " + server.communicate()[1].decode())


def test_the_installed_wheel_serves_its_pages_from_any_directory(installed: Path, served: str) -> None:
    where = subprocess.run([installed / "python", "-c", "import audionews.web, audionews; "
                            "print(audionews.web.__file__); print(audionews.__file__)"],
                           check=True, capture_output=True, text=True, cwd="/").stdout.split()
    assert all(not Path(path).is_relative_to(ROOT) for path in where), where
    with urllib.request.urlopen(served + "/api/articles", timeout=10) as answer:
        (article,) = json.load(answer)["articles"]
    for path in ("/", f"/articles/{article['id']}", "/static/css/app.css"):
        with urllib.request.urlopen(served + path, timeout=10) as answer:
            assert answer.status == 200, path
            assert answer.read(), path
