"""Shared test fixtures: the sample article, settings, and real HTTP servers on loopback.

`local_server` is a real `http.server` in a thread on 127.0.0.1 (a free port), so URL fetching is
tested against real sockets: routes are plain functions that write to the request handler.
`StandIn` answers gTTS's requests like Google does, so the gTTS engine is tested through the real client.
`screen_reader` is Orca reading Chromium on a virtual display, one session per test module.
"""
from __future__ import annotations

import base64
import os
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

import pytest

from audionews.config import Settings

if TYPE_CHECKING:
    from screen_reader import ScreenReader

# Strict mode: a failure the product survives degraded (quote attribution) fails the test instead,
# here and in every command a test runs.
os.environ.setdefault("AUDIONEWS_STRICT", "1")

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "voa-israel-intel.txt"

Route = Callable[[BaseHTTPRequestHandler], None]


def send(handler: BaseHTTPRequestHandler, body: bytes, content_type: str | None = "text/html; charset=utf-8",
         status: int = 200, headers: dict[str, str] | None = None, length: bool = True) -> None:
    """Answer a request; with length=False the body ends when the connection closes (no Content-Length)."""
    handler.send_response(status)
    if content_type:
        handler.send_header("Content-Type", content_type)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    if length:
        handler.send_header("Content-Length", str(len(body)))
    else:
        handler.close_connection = True
    handler.end_headers()
    handler.wfile.write(body)


class LocalServer:
    """A threaded HTTP server on 127.0.0.1 serving the routes a test registers."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                server.requests.append(self.path)
                route = server.routes.get(self.path)
                try:
                    if route is None:
                        send(self, b"<h1>Not found</h1>", status=404)
                    else:
                        route(self)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True  # the client gave up, as it should

            def log_message(self, *args: object) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)

    def use_tls(self, context: ssl.SSLContext) -> None:
        """Serve https from now on (the listening socket keeps its port)."""
        self._httpd.socket = context.wrap_socket(self._httpd.socket, server_side=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str) -> Callable[[Route], Route]:
        def register(function: Route) -> Route:
            self.routes[path] = function
            return function
        return register

    def __enter__(self) -> "LocalServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


class StandIn:
    """A loopback HTTP server answering gTTS's batchexecute requests like Google does."""

    def __init__(self, mp3: bytes) -> None:
        self.mode = "ok"
        self.bodies: list[str] = []
        stand_in = self
        reply = ")]}'\n\n" + '[["wrb.fr","jQ1olc","[\\"' + base64.b64encode(mp3).decode() + '\\"]",null,null,null,"generic"]]\n'

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                stand_in.bodies.append(unquote(self.rfile.read(int(self.headers["Content-Length"])).decode()))
                if stand_in.mode == "slow":
                    time.sleep(3)
                status = 500 if stand_in.mode == "error" else 200
                body = reply.encode() if status == 200 else b"server error"
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except BrokenPipeError:
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    with LocalServer() as server:
        yield server


@pytest.fixture
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture
def open_settings(tmp_path: Path) -> Settings:
    """Settings that allow private URLs, as the loopback test server needs."""
    return Settings.from_env({"AUDIONEWS_ALLOW_PRIVATE_URLS": "1", "AUDIONEWS_CACHE_DIR": str(tmp_path / "cache")})


@pytest.fixture
def strict_settings(tmp_path: Path) -> Settings:
    """The default: private, loopback and link-local targets refused."""
    return Settings.from_env({"AUDIONEWS_CACHE_DIR": str(tmp_path / "cache")})


@pytest.fixture(scope="session")
def postgres() -> Iterator["PostgresServer"]:
    """A real PostgreSQL server for the session (tests/services.py); each test takes a new database of it."""
    from services import postgres_server

    with postgres_server() as server:
        yield server


@pytest.fixture(params=["sqlite", "postgresql"])
def open_library(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], "Library"]:
    """Opens the library under test (again on each call: a restart), in SQLite or in PostgreSQL: the same
    tests run against both implementations of the repository."""
    from audionews.library.postgres import PostgresLibrary
    from audionews.library.store import Library

    if request.param == "sqlite":
        return lambda: Library(tmp_path / "data")
    url = request.getfixturevalue("postgres").database()
    return lambda: PostgresLibrary(url)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--library", choices=("sqlite", "postgresql"), default="sqlite",
                     help="where the server and CLI keep the library in these tests: `--library postgresql` runs"
                          " them with AUDIONEWS_DATABASE_URL set to a new database of a real PostgreSQL per test")


@pytest.fixture(autouse=True)
def _library_backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.config.getoption("--library") == "postgresql":
        if request.node.get_closest_marker("sqlite_only"):
            pytest.skip("about the SQLite file; the library is in PostgreSQL (--library postgresql)")
        monkeypatch.setenv("AUDIONEWS_DATABASE_URL", request.getfixturevalue("postgres").database())


@pytest.fixture(scope="session")
def redis_server() -> Iterator["RedisServer"]:
    """A real Redis server for the session (tests/services.py); `.url()` gives each test an empty database."""
    from services import redis_server as start

    with start() as server:
        yield server


@pytest.fixture(scope="module")
def screen_reader(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScreenReader]:
    """Orca reading Chromium on a virtual display (tests/screen_reader.py): one session per test module, every
    process stopped at its end. Skips, saying why, where Orca cannot start."""
    from playwright.sync_api import sync_playwright

    from screen_reader import ScreenReader, ScreenReaderUnavailable

    with sync_playwright() as playwright:
        try:
            reader = ScreenReader(tmp_path_factory.mktemp("screen-reader"), playwright)
        except ScreenReaderUnavailable as error:
            pytest.skip(f"Orca could not start: {error}")
        try:
            yield reader
        finally:
            reader.close()
