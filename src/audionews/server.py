"""The web app: library and player pages, the JSON API, clips, episodes and the feed, served by waitress.

`create_app(data_dir, settings)` builds the Flask app around one Library (SQLite under data_dir) and
one Producer (the shared background clip maker); `serve(app, host, port)` runs it with waitress.
Every error leaves as JSON `{"error": "one sentence"}` with a 4xx/5xx status (pages get a small HTML
page instead); every response carries a strict Content-Security-Policy.
"""
from __future__ import annotations

import functools
import logging
import signal
import threading
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

import waitress
from flask import Blueprint, Flask, Response, current_app, jsonify, render_template, request, send_file, url_for
from markupsafe import escape
from werkzeug.exceptions import HTTPException
from werkzeug.routing import BaseConverter
from werkzeug.utils import secure_filename

from audionews import feed, ingest
from audionews.config import PROJECT_ROOT, Settings
from audionews.engines import FACTORIES, create_engine
from audionews.errors import AudionewsError, OutputError, UsageError
from audionews.extract import extract_document
from audionews.library import ID_PATTERN, Entry, Library, digest_of
from audionews.model import Document
from audionews.producer import Producer
from audionews.script import build_script
from audionews.synth import MAX_RATE, MIN_RATE, SynthOptions

MAX_REQUEST_BYTES = 10 * 1024 * 1024
CLIP_WAIT_SECONDS = 30.0  # a listener waits at most this long for a clip made on demand
EPISODE_WAIT_SECONDS = 180.0  # and at most this long for a whole episode's clips
CLIP_CACHE_CONTROL = "public, max-age=31536000, immutable"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; media-src 'self'; "
                               "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
SAMPLE_NAME = "voa-israel-intel.txt"  # in src/audionews/data/; a copy of samples/voa-israel-intel.txt
SAMPLE_SOURCE = "Voice of America (public domain), sample article"
_INPUT_FIELDS = ("url", "text", "html")
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Services:
    """What the request handlers share: stored in app.extensions["audionews"]."""

    settings: Settings
    library: Library
    producer: Producer
    announce: str

    def close(self) -> None:
        self.producer.close()


class ArticleIdConverter(BaseConverter):
    regex = ID_PATTERN


class ClipKeyConverter(BaseConverter):
    regex = "[0-9a-f]{16,64}"  # clip keys are lower-case hex digests (cache.clip_key): no dots, no slashes


def create_app(data_dir: Path, settings: Settings, *, options: SynthOptions | None = None,
               announce: str = "on-change", web_dir: Path | None = None) -> Flask:
    """The app for one data directory; `options` is the default voice choice, `web_dir` holds templates/ and static/."""
    web = web_dir or PROJECT_ROOT / "web"
    app = Flask(__name__, template_folder=str(web / "templates"), static_folder=str(web / "static"),
                static_url_path="/static")
    app.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    app.url_map.converters["article_id"] = ArticleIdConverter
    app.url_map.converters["clip_key"] = ClipKeyConverter
    library = Library(data_dir)
    producer = Producer(settings, library, data_dir / "episodes", options or SynthOptions(progress=False))
    app.extensions["audionews"] = Services(settings, library, producer, announce)
    app.register_blueprint(pages)
    app.register_blueprint(api)
    app.register_error_handler(AudionewsError, _audionews_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)
    app.after_request(_secure)
    return app


def add_article(app: Flask, document: Document, source: str) -> Entry:
    """Extract, script and store an article, and start making its clips in the background."""
    services = _services(app)
    article = extract_document(document)
    script = build_script(article, announce=services.announce)
    entry = services.library.add(article, script, source=source, digest=digest_of(document.content))
    try:
        services.producer.start(entry, services.producer.default_options)
    except AudionewsError as error:  # the article is kept; its status reports why no audio is being made
        _log.warning("Cannot make the clips of article %s: %s", entry.id, error)
    return entry


def add_sample(app: Flask) -> Entry:
    """Put the bundled sample article (Voice of America, public domain) in the library, unless it is there."""
    data = resources.files("audionews").joinpath("data", SAMPLE_NAME).read_bytes()
    document = ingest.document_from_bytes(data, SAMPLE_NAME, "text/plain; charset=utf-8")
    existing = _services(app).library.find(digest_of(document.content))
    return existing or add_article(app, document, SAMPLE_SOURCE)


def serve(app: Flask, host: str = "127.0.0.1", port: int = 8000, threads: int = 8) -> None:
    """Run the app with waitress until Ctrl-C (or SIGTERM), then stop the clip workers."""
    try:
        server = waitress.create_server(app, host=host, port=port, threads=threads)
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
        _services(app).close()
    print("audionews: stopped.", flush=True)


pages = Blueprint("pages", __name__)
api = Blueprint("api", __name__)


@pages.get("/")
def library_page() -> str:
    services = _services()
    articles = [_item(entry, services) for entry in services.library.entries()]
    return render_template("library.html", articles=articles, feed_url=url_for("api.podcast_feed", _external=True))


@pages.get("/articles/<article_id:article_id>")
def player_page(article_id: str) -> str:
    services = _services()
    entry = services.library.get(article_id)
    options = services.producer.default_options
    services.producer.start(entry, options)
    return render_template("player.html", article=_article(entry, options, services))


@api.post("/api/articles")
def post_article() -> tuple[Response, int, dict[str, str]]:
    services = _services()
    document, source = _document_from_request(services.settings)
    entry = add_article(current_app, document, source)
    location = url_for("api.get_article", article_id=entry.id)
    return jsonify(_item(entry, services)), 201, {"Location": location}


@api.get("/api/articles")
def list_articles() -> Response:
    services = _services()
    return jsonify({"articles": [_item(entry, services) for entry in services.library.entries()]})


@api.get("/api/articles/<article_id:article_id>")
def get_article(article_id: str) -> Response:
    services = _services()
    entry = services.library.get(article_id)
    options = _options(request.args, services.producer.default_options)
    services.producer.start(entry, options)
    return jsonify(_article(entry, options, services))


@api.delete("/api/articles/<article_id:article_id>")
def delete_article(article_id: str) -> tuple[str, int]:
    services = _services()
    services.library.delete(article_id)
    services.producer.forget(article_id)
    return "", 204


@api.put("/api/articles/<article_id:article_id>/progress")
def put_progress(article_id: str) -> tuple[str, int]:
    services = _services()
    entry = services.library.get(article_id)
    body = _json_body()
    sentence = body.get("sentence")
    last = max(segment.sentence for segment in entry.script.segments)
    if isinstance(sentence, bool) or not isinstance(sentence, int) or not 0 <= sentence <= last:
        raise UsageError(f"Send the position as {{\"sentence\": n}} with n a whole number from 0 to {last}.")
    services.library.set_progress(article_id, sentence)
    return "", 204


@api.get("/api/articles/<article_id:article_id>/status")
def article_status(article_id: str) -> Response:
    services = _services()
    entry = services.library.get(article_id)
    options = _options(request.args, services.producer.default_options)
    try:
        return jsonify(services.producer.status(entry, options))
    except AudionewsError as error:  # the voice choice cannot speak this article at all
        return jsonify({"ready": 0, "total": len(entry.script.segments), "error": str(error)})


@api.get("/api/voices")
def list_voices() -> Response:
    services = _services()
    default = services.producer.default_options
    return jsonify({"voices": _voices(services.settings),
                    "default": {"engine": default.engine, "voice": default.voice, "rate": default.rate}})


@functools.lru_cache(maxsize=4)
def _voices(settings: Settings) -> list[dict[str, str]]:
    """Every voice of every engine usable here (asked once: engines can be slow to list their voices)."""
    voices: list[dict[str, str]] = []
    for name in FACTORIES:
        try:
            engine_voices = create_engine(name, settings).voices()
        except AudionewsError:
            continue  # not installed or not usable here: offer only what works
        voices += [{"id": v.id, "name": v.name, "language": v.language, "engine": v.engine} for v in engine_voices]
    return voices


@api.get("/audio/<clip_key:key>.wav")
def clip_audio(key: str) -> Response:
    path = _services().producer.clip(key, timeout=CLIP_WAIT_SECONDS)
    response = send_file(path, mimetype="audio/wav", conditional=True, etag=key)
    response.headers["Cache-Control"] = CLIP_CACHE_CONTROL  # a clip's name is its content hash: it never changes
    return response


@api.get("/articles/<article_id:article_id>.mp3")
def episode_mp3(article_id: str) -> Response:
    services = _services()
    entry = services.library.get(article_id)
    options = _options(request.args, services.producer.default_options)
    path = services.producer.episode(entry, options, timeout=EPISODE_WAIT_SECONDS)
    name = secure_filename(entry.title)[:80] or f"audionews-{entry.id}"
    return send_file(path, mimetype="audio/mpeg", conditional=True, download_name=f"{name}.mp3")


@api.get("/feed.xml")
def podcast_feed() -> Response:
    services = _services()
    episodes = [_episode(entry, services) for entry in services.library.entries()]
    xml = feed.build_feed(episodes, request.url_root, title="audionews library",
                          description="The articles in this audionews library, read aloud.")
    return Response(xml, mimetype="application/rss+xml")


def _services(app: Flask | None = None) -> Services:
    return (app or current_app).extensions["audionews"]


def _document_from_request(settings: Settings) -> tuple[Document, str]:
    """The article the request sends (JSON url/text/html, or a form with an uploaded file) and its source label."""
    if request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        upload = request.files.get("file")
        if upload is not None and upload.filename:
            name = Path(upload.filename).name
            return ingest.document_from_bytes(upload.read(), name, upload.mimetype or None), name
        fields: Mapping[str, Any] = request.form
    else:
        fields = _json_body()
    given = [name for name in _INPUT_FIELDS if fields.get(name)]
    if len(given) != 1 or not isinstance(fields[given[0]], str):
        raise UsageError('Send exactly one article: {"url": …}, {"text": …} or {"html": …} as JSON, or a file upload.')
    value: str = fields[given[0]]
    if given[0] == "url":
        document = ingest.fetch_url(value.strip(), settings)
        return document, document.url or document.source
    label = "pasted text" if given[0] == "text" else "pasted HTML"
    kind = "text/plain" if given[0] == "text" else "text/html"
    document = ingest.document_from_bytes(value.encode("utf-8", "surrogatepass"), label, f"{kind}; charset=utf-8")
    return document, label


def _json_body() -> Mapping[str, Any]:
    body = request.get_json(silent=True, force=True)
    if not isinstance(body, dict):
        raise UsageError("The request body is not a JSON object; send JSON such as {\"url\": \"https://…\"}.")
    return body


def _options(args: Mapping[str, str], default: SynthOptions) -> SynthOptions:
    """The voice choice of ?engine=E&voice=V&rate=R, over the server's default."""
    engine = args.get("engine") or default.engine
    if engine != "auto" and engine not in FACTORIES:
        raise UsageError(f"Unknown engine {engine!r}; choose one of {', '.join(['auto', *FACTORIES])}.")
    voice = args.get("voice") or default.voice
    if voice is not None and (len(voice) > 100 or not voice.isprintable()):
        raise UsageError("That voice name is not valid; choose a voice listed by /api/voices.")
    rate = default.rate
    if args.get("rate"):
        try:
            rate = int(args["rate"])
        except ValueError:
            rate = -1
        if not MIN_RATE <= rate <= MAX_RATE:
            raise UsageError(f"The rate must be a whole number of words per minute from {MIN_RATE} to {MAX_RATE}.")
    return replace(default, engine=engine, voice=voice, rate=rate)


def _item(entry: Entry, services: Services) -> dict[str, Any]:
    """An article as the library lists it."""
    return {
        "id": entry.id,
        "title": entry.title,
        "source": entry.source,
        "added": entry.added,
        "sentences": entry.sentences,
        "paragraphs": entry.paragraphs,
        "duration": entry.duration if entry.duration is not None else _estimate(entry, services),
        "progress": {"sentence": entry.progress},
    }


def _article(entry: Entry, options: SynthOptions, services: Services) -> dict[str, Any]:
    """An article as the player reads it: the script with each segment's clip URL."""
    keys = services.producer.keys(entry, options)
    query = {name: value for name, value in request.args.items() if name in ("engine", "voice", "rate")}
    script = entry.script
    return {
        "id": entry.id,
        "title": entry.title,
        "byline": script.byline,
        "source": entry.source,
        "language": script.language,
        "published": script.published,
        "added": entry.added,
        "sentences": entry.sentences,
        "paragraphs": entry.paragraphs,
        "duration": entry.duration if entry.duration is not None else _estimate(entry, services),
        "progress": {"sentence": entry.progress},
        "mp3": url_for("api.episode_mp3", article_id=entry.id, **query),
        "segments": [
            {"index": index, "kind": segment.kind, "text": segment.text, "speaker": segment.speaker,
             "paragraph": segment.paragraph, "sentence": segment.sentence, "voice": segment.voice,
             "audio": url_for("api.clip_audio", key=key)}
            for index, (segment, key) in enumerate(zip(script.segments, keys))
        ],
    }


def _estimate(entry: Entry, services: Services) -> float:
    """Seconds of speech before the clips exist: words at the default rate, plus a pause per segment."""
    words = sum(len(segment.text.split()) for segment in entry.script.segments)
    return round(words * 60 / services.producer.default_options.rate + 0.4 * len(entry.script.segments), 1)


def _episode(entry: Entry, services: Services) -> feed.Episode:
    script = entry.script
    words = " ".join(segment.text for segment in script.segments[1:])
    duration = entry.duration if entry.duration is not None else _estimate(entry, services)
    return feed.Episode(
        title=entry.title,
        audio=url_for("api.episode_mp3", article_id=entry.id).lstrip("/"),
        size=int(duration * 64000 / 8),  # the episode's size at 64 kbps, until a podcast app fetches it
        duration=duration,
        description=words[:feed.DESCRIPTION_CHARS],
        published=entry.added,
        source_url=entry.source if entry.source.startswith(("http://", "https://")) else None,
        author=script.byline,
        language=script.language,
        guid=f"audionews-{entry.id}",
    )


def _secure(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def _error(status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
    if request.path == "/" or (request.path.startswith("/articles/") and not request.path.endswith(".mp3")):
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
