"""The JSON API the pages' scripts call, plus clips, episodes and the feed, as one Flask blueprint.

Each route turns a request into calls on the app's Services (the Library and the Producer) and
answers with plain JSON shapes: `summary` (an article as the library lists it) and `detail` (its
script with a clip URL per segment). Errors are raised as `audionews.errors` exceptions and turned
into JSON by the handlers in server.py.
"""
from __future__ import annotations

import re
import threading
import time
import unicodedata
from dataclasses import dataclass, replace
from typing import Any, Mapping

from flask import Blueprint, Flask, Response, current_app, jsonify, request, send_file, url_for
from werkzeug.utils import secure_filename

from audionews.config import Settings
from audionews.errors import AudionewsError, UsageError
from audionews.model import Document
from audionews.outputs import audio, export, feed
from audionews.script import build_script
from audionews.library.store import Entry, Library, Summary, digest_of
from audionews.library.subscriptions import Feed
from audionews.server.hosts import HostPolicy
from audionews.server.poller import Poller
from audionews.server.producer import EPISODE_BITRATE, Producer
from audionews.speech.engines import FACTORIES, create_engine
from audionews.speech.synth import MAX_RATE, MIN_RATE, SynthOptions
from audionews.text import ingest
from audionews.text.extract import extract_document

CLIP_WAIT_SECONDS = 30.0  # a listener waits at most this long for a clip made on demand
LIBRARY_TITLE = "audionews library"
EPISODE_WAIT_SECONDS = 180.0  # and at most this long for a whole episode's clips
VOICES_SECONDS = 60.0  # how long a list of voices is reused (a change to the voices folder renews it at once)
ONLINE_ENGINES = ("gtts",)  # engines that need the network: offered only when the server is configured online
CLIP_CACHE_CONTROL = "public, max-age=31536000, immutable"
_INPUT_FIELDS = ("url", "text", "html")
_FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
UPLOAD_NAME_CHARS = 80  # an uploaded file's name is cut to this many characters for its label
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # json.loads joins the pairs: any left is alone


class NotJsonError(UsageError):
    """A body sent without a JSON content type (as a cross-site form or `text/plain` fetch would be)."""

    http_status = 415


class CrossSiteError(UsageError):
    """A form post made from another website's page."""

    http_status = 403


@dataclass(frozen=True)
class Services:
    """What the request handlers share: stored in app.extensions["audionews"]."""

    settings: Settings
    library: Library
    producer: Producer
    announce: str
    hosts: HostPolicy = HostPolicy()
    poller: Poller | None = None  # checks the followed feeds in the background

    def close(self) -> None:
        if self.poller is not None:
            self.poller.close()  # first, with the producer: they use the library
        self.producer.close()
        self.library.close()


def add_article(app: Flask, document: Document, source: str) -> Entry:
    """Extract, script and store an article, and start making its clips in the background: the title's
    first, as soon as it is known (spoken while the script is built), then the rest, queued after this returns."""
    services = app_services(app)
    article = extract_document(document)
    services.producer.start_title(article, services.producer.default_options)
    script = build_script(article, announce=services.announce)
    if document.url is None:  # pasted or uploaded: the page's own address or name says more than "pasted HTML"
        source = article.url or article.site_name or source
    entry = services.library.add(article, script, source=source, digest=digest_of(document.content))
    services.producer.start_soon(entry, services.producer.default_options)  # a failure shows in the article's status
    return entry


api = Blueprint("api", __name__)


@api.post("/api/articles")
def post_article() -> tuple[Response, int, dict[str, str]]:
    services = app_services()
    document, source = _document_from_request(services.settings)
    entry = add_article(current_app, document, source)
    location = url_for("api.get_article", article_id=entry.id)
    return jsonify(summary(entry, services)), 201, {"Location": location}


@api.get("/api/articles")
def list_articles() -> Response:
    services = app_services()
    return jsonify({"articles": [summary(entry, services) for entry in services.library.entries()]})


@api.get("/api/articles/<article_id:article_id>")
def get_article(article_id: str) -> Response:
    services = app_services()
    entry = services.library.get(article_id)
    options = _options(request.args, services.producer.default_options)
    services.producer.start(entry, options)
    return jsonify(detail(entry, options, services))


@api.delete("/api/articles/<article_id:article_id>")
def delete_article(article_id: str) -> tuple[str, int]:
    services = app_services()
    services.library.delete(article_id)
    services.producer.forget(article_id)
    return "", 204


@api.put("/api/articles/<article_id:article_id>/progress")
def put_progress(article_id: str) -> tuple[str, int]:
    services = app_services()
    body = json_body()
    entry = services.library.get(article_id)
    sentence, heard = body.get("sentence"), body.get("heard")
    last = max(segment.sentence for segment in entry.script.segments)
    bad_sentence = sentence is not None and (
        isinstance(sentence, bool) or not isinstance(sentence, int) or not 0 <= sentence <= last)
    if bad_sentence or (sentence is None and heard is None):
        raise UsageError(f"Send the position as {{\"sentence\": n}} with n a whole number from 0 to {last}, "
                         "and/or {\"heard\": true} once it was heard to its end.")
    if heard is not None and not isinstance(heard, bool):
        raise UsageError('Send "heard" as true or false.')
    if sentence is not None:
        services.library.set_progress(article_id, sentence)
    if heard is not None:
        services.library.set_heard(article_id, heard)
    return "", 204


@api.get("/api/articles/<article_id:article_id>/status")
def article_status(article_id: str) -> Response:
    services = app_services()
    entry = services.library.get(article_id)
    options = _options(request.args, services.producer.default_options)
    try:
        return jsonify(services.producer.status(entry, options))
    except AudionewsError as error:  # the voice choice cannot speak this article at all
        return jsonify({"ready": 0, "total": len(entry.script.segments), "error": str(error)})


@api.get("/api/voices")
def list_voices() -> Response:
    services = app_services()
    default = services.producer.default_options
    return jsonify({"voices": _voices(services.settings),
                    "default": {"engine": default.engine, "voice": default.voice, "rate": default.rate}})


_voice_lists: dict[tuple[Settings, int | None], tuple[float, list[dict[str, str]]]] = {}
_voice_lists_lock = threading.Lock()


def _voices(settings: Settings) -> list[dict[str, str]]:
    """Every voice of every engine usable here, reused for VOICES_SECONDS (engines can be slow to list their
    voices) unless the voices folder changed meanwhile (`audionews voices add`)."""
    try:
        folder: int | None = settings.voices_dir.stat().st_mtime_ns
    except OSError:
        folder = None
    now = time.monotonic()
    with _voice_lists_lock:
        listed = _voice_lists.get((settings, folder))
        if listed is not None and now - listed[0] < VOICES_SECONDS:
            return listed[1]
    voices = _list_voices(settings)
    with _voice_lists_lock:
        for stale in [key for key, (made, _) in _voice_lists.items()
                      if key[0] == settings or now - made >= VOICES_SECONDS]:
            del _voice_lists[stale]
        _voice_lists[(settings, folder)] = (now, voices)
    return voices


def _list_voices(settings: Settings) -> list[dict[str, str]]:
    voices: list[dict[str, str]] = []
    for name in FACTORIES:
        if name in ONLINE_ENGINES and not settings.online:
            continue  # every clip would fail: the server does not use the network for speech
        try:
            engine_voices = create_engine(name, settings).voices()
        except AudionewsError:
            continue  # not installed or not usable here: offer only what works
        voices += [{"id": v.id, "name": v.name, "language": v.language, "engine": v.engine} for v in engine_voices]
    return voices


@api.get("/audio/<clip_key:key>.wav")
def clip_audio(key: str) -> Response:
    path = app_services().producer.clip(key, timeout=CLIP_WAIT_SECONDS)
    response = send_file(path, mimetype="audio/wav", conditional=True, etag=key)
    response.headers["Cache-Control"] = CLIP_CACHE_CONTROL  # a clip's name is its content hash: it never changes
    return response


@api.get("/articles/<article_id:article_id>.mp3")
def episode_mp3(article_id: str) -> Response:
    services = app_services()
    entry = services.library.get(article_id)
    options = _options(request.args, services.producer.default_options)
    path = services.producer.episode(entry, options, timeout=EPISODE_WAIT_SECONDS)
    name = secure_filename(entry.title)[:80] or f"audionews-{entry.id}"
    return send_file(path, mimetype="audio/mpeg", conditional=True, download_name=f"{name}.mp3")


@api.get("/articles/<article_id:article_id>.epub")
def talking_book(article_id: str) -> Response:
    """The article as a talking book: EPUB 3, its text and narration in sync (Media Overlays)."""
    services = app_services()
    entry = services.library.get(article_id)
    options = _options(request.args, services.producer.default_options)
    path = services.producer.book(entry, options, timeout=EPISODE_WAIT_SECONDS)
    name = secure_filename(entry.title)[:80] or f"audionews-{entry.id}"
    return send_file(path, mimetype="application/epub+zip", conditional=True, download_name=f"{name}.epub")


@api.get("/articles/<article_id:article_id>.m4b")
def episode_m4b(article_id: str) -> Response:
    """The episode as an M4B audiobook (AAC in MP4, chapters, cover), made the same way as the MP3."""
    services = app_services()
    entry = services.library.get(article_id)
    options = _options(request.args, services.producer.default_options)
    path = services.producer.audiobook(entry, options, timeout=EPISODE_WAIT_SECONDS)
    name = secure_filename(entry.title)[:80] or f"audionews-{entry.id}"
    return send_file(path, mimetype="audio/mp4", conditional=True, download_name=f"{name}.m4b")


@api.get("/articles/<article_id:article_id>.png")
def episode_cover(article_id: str) -> Response:
    """The episode's cover art, the picture embedded in its MP3 and M4B (drawn without making the audio)."""
    services = app_services()
    entry = services.library.get(article_id)
    path = services.producer.cover(export.cover_text(entry.script, entry.added))
    return send_file(path, mimetype="image/png", conditional=True)


@api.get("/articles/<article_id:article_id>.vtt")
def transcript_vtt(article_id: str) -> Response:
    """The timed transcript as WebVTT, quotes in voice spans naming their speakers (made with the episode)."""
    return _companion(article_id, "vtt", "text/vtt")


@api.get("/articles/<article_id:article_id>.transcript.json")
def transcript_json(article_id: str) -> Response:
    """The timed transcript as Podcasting 2.0 JSON (made with the episode)."""
    return _companion(article_id, "json", "application/json")


@api.get("/cover.png")
def library_cover() -> Response:
    from audionews.outputs.cover import CoverText

    path = app_services().producer.cover(CoverText(LIBRARY_TITLE, export.ALBUM))
    return send_file(path, mimetype="image/png", conditional=True)


def _companion(article_id: str, kind: str, mimetype: str) -> Response:
    services = app_services()
    entry = services.library.get(article_id)
    options = _options(request.args, services.producer.default_options)
    path = services.producer.episode(entry, options, timeout=EPISODE_WAIT_SECONDS)
    return send_file(export.companion_paths(path)[kind], mimetype=mimetype, conditional=True)


@api.get("/articles/<article_id:article_id>.txt")
def transcript_text(article_id: str) -> Response:
    """Everything the episode says, as plain text: the text alternative of the audio, and the feed's transcript."""
    entry = app_services().library.get(article_id)
    return Response(export.transcript(entry.script), mimetype="text/plain")


@api.get("/articles/<article_id:article_id>.chapters.json")
def episode_chapters(article_id: str) -> Response:
    """The episode's Podcasting 2.0 chapters (made with the episode, whose timings they need)."""
    services = app_services()
    entry = services.library.get(article_id)
    options = _options(request.args, services.producer.default_options)
    path = services.producer.episode(entry, options, timeout=EPISODE_WAIT_SECONDS)
    chapters = export.companion_paths(path)["chapters"]
    return send_file(chapters, mimetype="application/json+chapters", conditional=True)


@api.get("/feed.xml")
def podcast_feed() -> Response:
    services = app_services()
    made = services.producer.episode_sizes()
    feeds = {followed.id: followed for followed in services.library.feeds()}
    episodes = [episode_of(entry, services, made, feeds) for entry in services.library.entries()]
    xml = feed.build_feed(episodes, services.hosts.root(request.url_root), title=LIBRARY_TITLE,
                          description="The articles in this audionews library, read aloud.",
                          image=url_for("api.library_cover").lstrip("/"))
    return Response(xml, mimetype="application/rss+xml")


def app_services(app: Flask | None = None) -> Services:
    """The Services of the current app (or of `app`)."""
    return (app or current_app).extensions["audionews"]


def _document_from_request(settings: Settings) -> tuple[Document, str]:
    """The article the request sends (JSON url/text/html, or a form with an uploaded file) and its source label."""
    if request.mimetype in _FORM_TYPES:
        _refuse_cross_site()
        upload = request.files.get("file")
        if upload is not None and upload.filename:
            name = upload_label(upload.filename)
            return ingest.document_from_bytes(upload.read(), name, upload.mimetype or None), name
        fields: Mapping[str, Any] = request.form
    else:
        fields = json_body()
    given = [name for name in _INPUT_FIELDS if fields.get(name)]
    if len(given) != 1 or not isinstance(fields[given[0]], str):
        raise UsageError('Send exactly one article: {"url": …}, {"text": …} or {"html": …} as JSON, or a file upload.')
    value: str = _LONE_SURROGATE.sub("\ufffd", fields[given[0]])  # JSON may carry one ("\ud800"): not text
    if given[0] == "url":
        document = ingest.fetch_url(value.strip(), settings)
        return document, document.url or document.source
    label = "pasted text" if given[0] == "text" else "pasted HTML"
    kind = "text/plain" if given[0] == "text" else "text/html"
    document = ingest.document_from_bytes(value.encode("utf-8"), label, f"{kind}; charset=utf-8")
    return document, label


def upload_label(filename: str) -> str:
    """An uploaded file's name as the library shows it: without folders, control and bidi characters (which
    could reorder what is shown around it), spaces collapsed, and at most UPLOAD_NAME_CHARS long (the
    extension kept)."""
    name = re.split(r"[\\/]", filename)[-1]
    name = " ".join("".join(ch for ch in name if unicodedata.category(ch)[0] != "C").split())
    if len(name) > UPLOAD_NAME_CHARS:
        stem, dot, extension = name.rpartition(".")
        suffix = f".{extension}" if dot and stem and len(extension) <= 10 else ""
        name = name[:UPLOAD_NAME_CHARS - len(suffix) - 1].rstrip() + "…" + suffix
    return name or "uploaded file"


def _refuse_cross_site() -> None:
    """Forms can be posted by any website's page without a CORS preflight: accept only this site's own."""
    origin = request.headers.get("Origin")
    own = app_services().hosts.origins(request.host_url)
    if (origin is not None and origin.rstrip("/").lower() not in own) or request.headers.get("Sec-Fetch-Site") == "cross-site":
        raise CrossSiteError("This form was sent from another website; add articles from the audionews page itself.")


def json_body() -> Mapping[str, Any]:
    if not request.is_json:  # JSON only with its content type, which a cross-site page cannot send unasked
        raise NotJsonError('Send the body as JSON with the header "Content-Type: application/json".')
    try:
        body = request.get_json(silent=True)
    except RecursionError:
        raise UsageError("The JSON body is nested too deeply; send a flat object such as {\"text\": \"…\"}.") from None
    if not isinstance(body, dict):
        raise UsageError("The request body is not a JSON object; send JSON such as {\"url\": \"https://…\"}.")
    return body


def _options(args: Mapping[str, str], default: SynthOptions) -> SynthOptions:
    """The voice choice of ?engine=E&voice=V&rate=R, over the server's default, checked before anything is made:
    the engine auto, the default or one /api/voices lists (so never an online engine on a server not configured
    online), the voice the default or one /api/voices lists (for that engine), the rate in range."""
    settings = app_services().settings
    engine = args.get("engine") or default.engine
    if engine != "auto" and engine not in FACTORIES:
        raise UsageError(f"Unknown engine {engine!r}; choose one of {', '.join(['auto', *FACTORIES])}.")
    if engine not in ("auto", default.engine) and not any(listed["engine"] == engine for listed in _voices(settings)):
        reason = ("it speaks through an online service and this server is not configured to go online"
                  if engine in ONLINE_ENGINES and not settings.online else "it is not available on this server")
        raise UsageError(f"The engine {engine!r} cannot be used: {reason}; choose an engine listed by /api/voices.")
    voice = args.get("voice") or default.voice
    if voice is not None and voice != default.voice and not any(
            listed["id"] == voice and engine in ("auto", listed["engine"]) for listed in _voices(settings)):
        raise UsageError("There is no such voice for that engine; choose a voice listed by /api/voices.")
    rate = default.rate
    if args.get("rate"):
        try:
            rate = int(args["rate"])
        except ValueError:
            rate = -1
        if not MIN_RATE <= rate <= MAX_RATE:
            raise UsageError(f"The rate must be a whole number of words per minute from {MIN_RATE} to {MAX_RATE}.")
    return replace(default, engine=engine, voice=voice, rate=rate)


def summary(entry: Entry | Summary, services: Services) -> dict[str, Any]:
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
        "feed": entry.feed,
        "heard": entry.heard,
    }


def detail(entry: Entry, options: SynthOptions, services: Services) -> dict[str, Any]:
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
        "language_page": script.language_page,
        "published": script.published,
        "truncated": script.truncated,
        "added": entry.added,
        "sentences": entry.sentences,
        "paragraphs": entry.paragraphs,
        "duration": entry.duration if entry.duration is not None else _estimate(entry, services),
        "progress": {"sentence": entry.progress},
        "mp3": url_for("api.episode_mp3", article_id=entry.id, **query),
        "pauses": {"sentence": services.producer.pauses.sentence, "paragraph": services.producer.pauses.paragraph},
        "segments": [
            {"index": index, "kind": segment.kind, "text": segment.text, "speaker": segment.speaker,
             "paragraph": segment.paragraph, "sentence": segment.sentence, "voice": segment.voice,
             "audio": url_for("api.clip_audio", key=key),
             # the pause before it, as shares of the sentence and paragraph pauses (audio.pause_between)
             "pause": audio.pause_shares(script.segments[index - 1], segment) if index else (0.0, 0.0)}
            for index, (segment, key) in enumerate(zip(script.segments, keys))
        ],
    }


def _estimate(entry: Entry | Summary, services: Services) -> float:
    """Seconds of speech before the clips exist: words at the default rate, plus a pause per segment."""
    return round(entry.words * 60 / services.producer.default_options.rate + 0.4 * entry.segment_count, 1)


def episode_of(entry: Summary, services: Services, made: Mapping[str, int], feeds: Mapping[int, Feed]) -> feed.Episode:
    """The feed item of an article; `made` holds the sizes of the episode files made so far. One from a
    followed feed (in `feeds`) says so first in its description."""
    description = entry.opening
    if entry.feed is not None and entry.feed in feeds:
        description = f"From {feeds[entry.feed].title}: {description}"
    duration = entry.duration if entry.duration is not None else _estimate(entry, services)
    size = made.get(entry.id)
    if size is None:  # not made yet: the audio's size at the episode bitrate (the tag adds a little)
        size = int(duration * EPISODE_BITRATE * 1000 / 8)
    return feed.Episode(
        title=entry.title,
        audio=url_for("api.episode_mp3", article_id=entry.id).lstrip("/"),
        size=size,
        transcripts=tuple(url_for(endpoint, article_id=entry.id).lstrip("/")
                          for endpoint in ("api.transcript_vtt", "api.transcript_json", "api.transcript_text")),
        chapters=url_for("api.episode_chapters", article_id=entry.id).lstrip("/"),
        duration=duration,
        description=description,
        link=url_for("pages.player_page", article_id=entry.id).lstrip("/"),
        image=url_for("api.episode_cover", article_id=entry.id).lstrip("/"),
        published=entry.added,
        source_url=entry.source if entry.source.startswith(("http://", "https://")) else None,
        author=entry.byline,
        language=entry.language,
        guid=f"audionews-{entry.id}",
    )
