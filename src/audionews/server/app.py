"""The web app: `create_app(data_dir, settings)` builds it, `serve(app, host, port)` runs it with waitress.

The app holds one Library (SQLite under data_dir, or PostgreSQL: library.postgres) and one Producer (the shared
background clip maker);
the JSON API lives in api.py, the two pages here. Every error leaves as JSON `{"error": "one sentence"}`
with a 4xx/5xx status (the pages get a small HTML page instead), and every response carries a strict
Content-Security-Policy.
"""
from __future__ import annotations

import logging
import signal
import threading
from importlib import resources
from pathlib import Path
from typing import Mapping
from urllib.parse import urlsplit, urlunsplit

import waitress
from flask import Blueprint, Flask, Response, jsonify, render_template, request, url_for
from markupsafe import escape
from werkzeug.exceptions import HTTPException
from werkzeug.http import parse_range_header
from werkzeug.routing import BaseConverter

from audionews.config import Settings
from audionews.errors import AudionewsError, OutputError
from audionews.feeds.schedule import DEFAULT_POLL_MINUTES
from audionews.outputs.audio import DEFAULT_PAUSES, Pauses
from audionews.server import pronunciations
from audionews.server.api import Services, add_article, api, app_services, detail, summary
from audionews.library.store import ID_PATTERN, Entry, Library, digest_of
from audionews.library.postgres import open_library
from audionews.server.following import feed_summary, following
from audionews.server.hosts import HostPolicy
from audionews.server.poller import Poller
from audionews.server.producer import Producer
from audionews.speech.synth import SynthOptions
from audionews.text import ingest

MAX_REQUEST_BYTES = 10 * 1024 * 1024
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; media-src 'self'; "
                               "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
# waitress's connection handling, set deliberately (README, "Running it for others"): many connections, each
# closed once idle this long, a half-sent request included (its defaults: 100 connections, kept 120 s, checked
# every 30 s, which 100 half-sent requests turn into a lock-out). A public server goes behind a reverse proxy.
CONNECTION_LIMIT = 500  # open connections at once; beyond it new ones wait in the listen backlog
CHANNEL_TIMEOUT = 20  # seconds a connection may stay idle (no byte in or out, no request in progress)
CLEANUP_INTERVAL = 5  # seconds between two closings of the idle connections
SAMPLE_NAME = "voa-israel-intel.txt"  # in src/audionews/data/; a copy of samples/voa-israel-intel.txt
SAMPLE_SOURCE = "Voice of America (public domain), sample article"
_log = logging.getLogger(__name__)


class ArticleIdConverter(BaseConverter):
    regex = ID_PATTERN


class ClipKeyConverter(BaseConverter):
    regex = "[0-9a-f]{16,64}"  # clip keys are lower-case hex digests (cache.clip_key): no dots, no slashes


def create_app(data_dir: Path, settings: Settings, *, options: SynthOptions | None = None,
               announce: str = "on-change", web_dir: Path | None = None, hosts: HostPolicy | None = None,
               poll_minutes: float = DEFAULT_POLL_MINUTES, pauses: Pauses = DEFAULT_PAUSES,
               queue: str | None = None) -> Flask:
    """The app for one data directory; `options` is the default voice choice, `web_dir` holds templates/ and static/,
    `hosts` the Host names it answers to (default: loopback and AUDIONEWS_ALLOWED_HOSTS) and its public base URL;
    the followed feeds are checked every `poll_minutes` (server.poller); `pauses` are those of the episodes and the
    player's defaults. The pronunciation rules are data_dir's. With a job queue (`queue` or AUDIONEWS_QUEUE_URL,
    server.jobs) the clips are made by `audionews worker` processes."""
    web = web_dir or Path(str(resources.files("audionews.web")))
    app = Flask(__name__, template_folder=str(web / "templates"), static_folder=str(web / "static"),
                static_url_path="/static")
    app.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    app.url_map.converters["article_id"] = ArticleIdConverter
    app.url_map.converters["clip_key"] = ClipKeyConverter
    rules = pronunciations.RuleFile(data_dir)  # first: a bad rules file stops here, before any thread starts
    library = open_library(data_dir)  # PostgreSQL with AUDIONEWS_DATABASE_URL, else SQLite
    producer = _producer(settings, library, data_dir / "episodes", options or SynthOptions(progress=False), pauses,
                         queue)
    poller = Poller(library, settings, announce, poll_minutes)
    app.extensions["audionews"] = Services(settings, library, producer, announce,
                                           hosts or HostPolicy.serving("127.0.0.1", settings.allowed_hosts), poller)
    app.before_request(_refuse_other_hosts)
    app.before_request(_ignore_unusable_range)
    pronunciations.install(app, rules)
    app.register_blueprint(pages)
    app.register_blueprint(api)
    app.register_blueprint(following)
    app.register_error_handler(AudionewsError, _audionews_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)
    app.after_request(_secure)
    app.after_request(_own_locations)
    return app


def add_sample(app: Flask) -> Entry:
    """Put the bundled sample article (Voice of America, public domain) in the library, unless it is there."""
    data = resources.files("audionews").joinpath("data", SAMPLE_NAME).read_bytes()
    document = ingest.document_from_bytes(data, SAMPLE_NAME, "text/plain; charset=utf-8")
    existing = app_services(app).library.find(digest_of(document.content))
    return existing or add_article(app, document, SAMPLE_SOURCE)


def serve(app: Flask, host: str = "127.0.0.1", port: int = 8000, threads: int = 8) -> None:
    """Run the app with waitress until Ctrl-C (or SIGTERM), then stop the clip workers."""
    try:
        server = waitress.create_server(app, host=host, port=port, threads=threads,
                                        connection_limit=CONNECTION_LIMIT, channel_timeout=CHANNEL_TIMEOUT,
                                        cleanup_interval=CLEANUP_INTERVAL,
                                        asyncore_use_poll=True)  # poll(): no select() limit of 1024 descriptors
    except OSError as error:
        raise OutputError(f"Cannot listen on {host}:{port} ({error.strerror or error}); "
                          "choose another --port or stop the program using it.") from error
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)
    shown_host = f"[{host}]" if ":" in host else host
    print(f"audionews is serving your library at http://{shown_host}:{server.effective_port}/ "
          "(press Ctrl-C to stop)", flush=True)
    try:
        server.run()  # returns on Ctrl-C: waitress catches the KeyboardInterrupt itself
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        app_services(app).close()
    print("audionews: stopped.", flush=True)


pages = Blueprint("pages", __name__)


@pages.get("/")
def library_page() -> str:
    services = app_services()
    articles = [summary(entry, services) for entry in services.library.entries()]
    feed_url = services.hosts.root(request.url_root) + url_for("api.podcast_feed").lstrip("/")
    feeds = [feed_summary(feed) for feed in services.library.feeds()]
    return render_template("library.html", articles=articles, feed_url=feed_url, feeds=feeds)


@pages.get("/articles/<article_id:article_id>")
def player_page(article_id: str) -> str:
    services = app_services()
    entry = services.library.get(article_id)
    options = services.producer.default_options
    services.producer.start(entry, options)
    return render_template("player.html", article=detail(entry, options, services))


class MisdirectedError(AudionewsError):
    """A request naming a host this server is not meant to be reached by (as DNS rebinding makes browsers send)."""

    http_status = 421


def _refuse_other_hosts() -> None:
    """Before anything else (routing redirects and 404s included): refuse a Host the server does not answer to."""
    host = request.headers.get("Host", "")
    if not app_services().hosts.allows(host):
        shown = host if len(host) <= 80 else host[:80] + "…"
        raise MisdirectedError(f"This server does not answer to the host name “{shown}”; open it by its own "
                               "address, or start it with --allowed-host naming that host.")


def _ignore_unusable_range() -> None:
    """A Range header that is malformed, in another unit or asks for several ranges is ignored, as HTTP says
    (RFC 9110, 14.2): the whole file is sent with 200. A well-formed range past the end still gets 416."""
    header = request.environ.get("HTTP_RANGE")
    if header is None:
        return
    parsed = parse_range_header(header)
    if parsed is None or parsed.units != "bytes" or len(parsed.ranges) != 1:
        del request.environ["HTTP_RANGE"]


def _own_locations(response: Response) -> Response:
    """Redirects point at the base URL when there is one, else are relative: never built from the request's Host."""
    location = response.headers.get("Location")
    if location:
        parts = urlsplit(location)
        if not parts.netloc or parts.netloc.lower() == request.host.lower():
            path = urlunsplit(("", "", parts.path, parts.query, parts.fragment))
            base = app_services().hosts.base_url
            response.headers["Location"] = base + path.lstrip("/") if base else path
    return response


def _secure(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def _error(status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
    files = (".mp3", ".m4b", ".epub", ".png", ".vtt", ".txt", ".json")  # an article's files: a JSON error, not a page
    if request.path == "/" or (request.path.startswith("/articles/") and not request.path.endswith(files)):
        body = (f"<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>audionews: error {status}</title>"
                f"<main><h1>Sorry, that did not work</h1><p>{escape(message)}</p><p><a href=\"/\">Back to the library"
                f"</a></p></main></html>")
        response = Response(body, status=status, mimetype="text/html")
    else:
        response = jsonify({"error": message})
        response.status_code = status
    response.headers.extend(headers or {})
    return response


def _audionews_error(error: AudionewsError) -> Response:
    return _error(error.http_status, str(error))


_HTTP_MESSAGES = {
    404: "There is nothing at this address; check the link.",
    405: "This address does not accept that method.",
    413: f"The request is larger than the {MAX_REQUEST_BYTES // (1024 * 1024)} MB limit; send a smaller article.",
    416: "The requested byte range is outside the file.",
}


def _http_error(error: HTTPException) -> Response:
    status = error.code or 500
    headers = {name: value for name, value in error.get_headers() if name.lower() != "content-type"}
    return _error(status, _HTTP_MESSAGES.get(status, f"{error.name}."), headers)


def _unexpected_error(error: Exception) -> Response:
    _log.exception("Unexpected error while handling %s %s", request.method, request.path)
    return _error(500, "Something went wrong on the server; try again, and report it if it keeps happening.")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _producer(settings: Settings, library: Library, episodes_dir: Path, options: SynthOptions, pauses: Pauses,
              queue: str | None) -> Producer:
    """The in-process producer, or, with a job queue's URL (`queue` or AUDIONEWS_QUEUE_URL), the queued one."""
    from audionews.server.jobs import JobQueue, queue_url

    url = queue_url(queue)
    if url is None:
        return Producer(settings, library, episodes_dir, options, pauses=pauses)
    from audionews.server.queued import QueuedProducer

    return QueuedProducer(JobQueue(url), settings, library, episodes_dir, options, pauses)
