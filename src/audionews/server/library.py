"""The listening library: each article's source, script, added time and listening position, in SQLite.

One file (`library.sqlite3`) under the server's data directory. Each thread uses its own connection
(opened on first use), so the library can be shared by any number of request and worker threads; `close()`
closes them all (the server calls it on shutdown). The schema is created idempotently, so a restart (a new
Library on the same directory) loses nothing.

Listing (`entries()`) reads only summary columns (counts, byline, language, the opening words), never the
stored scripts, so the library page and the feed cost the same whatever the articles' length. A database
made before those columns existed is migrated when it is opened (schema version in `PRAGMA user_version`).
"""
from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from audionews.errors import NotFoundError, OutputError
from audionews.model import Article, Removal, Script, Segment

DATABASE_NAME = "library.sqlite3"
ID_PATTERN = "[0-9a-f]{12}"  # the ids add() makes (6 random bytes); the server accepts only these in URLs

SCHEMA_VERSION = 1  # in PRAGMA user_version; 0: before the summary columns
# The summary columns come before the stored JSON, so a listing reads them without walking a long script's pages.
_TABLE = """
CREATE TABLE {name} (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    source TEXT NOT NULL,
    added TEXT NOT NULL,
    digest TEXT NOT NULL,
    progress INTEGER NOT NULL DEFAULT 0,
    duration REAL,
    sentences INTEGER NOT NULL,
    paragraphs INTEGER NOT NULL,
    words INTEGER NOT NULL,
    segment_count INTEGER NOT NULL,
    byline TEXT,
    language TEXT NOT NULL,
    opening TEXT NOT NULL,
    article_json TEXT NOT NULL,
    script_json TEXT NOT NULL
)"""
_SUMMARY_COLUMNS = ("sentences", "paragraphs", "words", "segment_count", "byline", "language", "opening")
OPENING_CHARS = 1000  # the start of the article's text kept for listings (the feed's descriptions)


@dataclass(frozen=True)
class Entry:
    """One article in the library."""

    id: str
    title: str
    source: str  # the final URL; for pasted or uploaded pages their canonical URL or site name, else the file's
    # name, "pasted HTML" or "pasted text"
    added: str  # ISO 8601, UTC
    digest: str  # SHA-256 of the input as given, to recognise the same input again
    script: Script
    progress: int  # the sentence (Segment.sentence) the listener reached
    duration: float | None  # seconds of speech, once every clip of the default voice exists

    @property
    def sentences(self) -> int:
        return len({segment.sentence for segment in self.script.segments})

    @property
    def paragraphs(self) -> int:
        return len({segment.paragraph for segment in self.script.segments if segment.paragraph > 0})

    @property
    def words(self) -> int:
        return sum(len(segment.text.split()) for segment in self.script.segments)

    @property
    def segment_count(self) -> int:
        return len(self.script.segments)


@dataclass(frozen=True)
class Summary:
    """One article as a listing shows it: the summary columns, without the script."""

    id: str
    title: str
    source: str
    added: str
    progress: int
    duration: float | None
    sentences: int
    paragraphs: int
    words: int  # in every segment, announcements included: for estimating the spoken length
    segment_count: int
    byline: str | None
    language: str
    opening: str  # the article's first OPENING_CHARS characters after the title, segments joined by spaces


def summarize(script: Script) -> dict[str, Any]:
    """The summary columns of a script."""
    return {
        "sentences": len({segment.sentence for segment in script.segments}),
        "paragraphs": len({segment.paragraph for segment in script.segments if segment.paragraph > 0}),
        "words": sum(len(segment.text.split()) for segment in script.segments),
        "segment_count": len(script.segments),
        "byline": script.byline,
        "language": script.language,
        "opening": " ".join(segment.text for segment in script.segments[1:])[:OPENING_CHARS],
    }


def digest_of(content: str) -> str:
    return hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest()


def script_from_dict(data: dict[str, Any]) -> Script:
    """The inverse of Script.to_dict()."""
    return Script(
        title=data["title"],
        segments=[Segment(**segment) for segment in data["segments"]],
        byline=data.get("byline"),
        source=data.get("source"),
        language=data.get("language", "en"),
        published=data.get("published"),
        removed=[Removal(**removal) for removal in data.get("removed", [])],
        language_page=data.get("language_page"),
        truncated=bool(data.get("truncated", False)),
    )


class Library:
    """The articles under one data directory."""

    def __init__(self, data_dir: Path) -> None:
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(f"Cannot create the data directory {data_dir}: {error.strerror}.") from error
        self.path = data_dir / DATABASE_NAME
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []  # every thread's, to close them all
        self._connections_lock = threading.Lock()
        with self._connection() as connection:
            _create_or_migrate(connection)

    def add(self, article: Article, script: Script, source: str, digest: str) -> Entry:
        entry = Entry(
            id=secrets.token_hex(6),
            title=script.title,
            source=source,
            added=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            digest=digest,
            script=script,
            progress=0,
            duration=None,
        )
        summary = summarize(script)
        with self._connection() as connection:
            connection.execute(
                f"INSERT INTO articles (id, title, source, added, digest, article_json, script_json, {', '.join(summary)})"
                f" VALUES (?, ?, ?, ?, ?, ?, ?{', ?' * len(summary)})",
                (entry.id, entry.title, entry.source, entry.added, entry.digest,
                 json.dumps(asdict(article), ensure_ascii=False), json.dumps(script.to_dict(), ensure_ascii=False),
                 *summary.values()),
            )
        return entry

    def get(self, article_id: str) -> Entry:
        with self._connection() as connection:
            row = connection.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"There is no article {article_id!r} in the library; it may have been deleted.")
        return _entry(row)

    def find(self, digest: str) -> Entry | None:
        """The newest article added from exactly this input, if any."""
        with self._connection() as connection:
            row = connection.execute(
                "SELECT * FROM articles WHERE digest = ? ORDER BY added DESC LIMIT 1", (digest,)
            ).fetchone()
        return None if row is None else _entry(row)

    def entries(self) -> list[Summary]:
        """Every article's summary (not its script), newest first."""
        columns = ", ".join(["id", "title", "source", "added", "progress", "duration", *_SUMMARY_COLUMNS])
        with self._connection() as connection:
            rows = connection.execute(f"SELECT {columns} FROM articles ORDER BY added DESC, rowid DESC").fetchall()
        return [Summary(**dict(row)) for row in rows]

    def delete(self, article_id: str) -> None:
        self._update("DELETE FROM articles WHERE id = ?", article_id)

    def set_progress(self, article_id: str, sentence: int) -> None:
        self._update("UPDATE articles SET progress = ? WHERE id = ?", sentence, article_id)

    def set_duration(self, article_id: str, seconds: float) -> None:
        self._update("UPDATE articles SET duration = ? WHERE id = ?", seconds, article_id)

    def _update(self, sql: str, *parameters: object) -> None:
        with self._connection() as connection:
            changed = connection.execute(sql, parameters).rowcount
        if not changed:
            self.get(str(parameters[-1]))  # raises NotFoundError with the usual message

    def close(self) -> None:
        """Close every thread's connection; a later call on the library opens new ones."""
        with self._connections_lock:
            connections, self._connections = self._connections, []
            self._local = threading.local()
        for connection in connections:
            connection.close()

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection (opened once per thread), in a transaction: committed, or rolled back on error."""
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._open()
            with self._connections_lock:
                self._local.connection = connection
                self._connections.append(connection)
        try:
            yield connection
            connection.commit()
        except sqlite3.Error as error:
            connection.rollback()
            raise OutputError(f"The library database {self.path} failed: {error}.") from error
        except BaseException:
            connection.rollback()
            raise

    def _open(self) -> sqlite3.Connection:
        try:
            # used by its own thread only; check_same_thread=False lets close() close it from another
            connection = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
            connection.execute("PRAGMA journal_mode = WAL")  # readers never wait for the writer
            connection.execute("PRAGMA synchronous = NORMAL")  # WAL-safe; no fsync on every small commit
        except sqlite3.Error as error:
            raise OutputError(f"Cannot open the library database {self.path}: {error}.") from error
        connection.row_factory = sqlite3.Row
        return connection


def _create_or_migrate(connection: sqlite3.Connection) -> None:
    """Create the table, or bring one made by an older version up to SCHEMA_VERSION (once, whichever
    process gets there first: the others wait for its transaction, then find the work done)."""
    connection.execute("BEGIN IMMEDIATE")
    if connection.execute("PRAGMA user_version").fetchone()[0] >= SCHEMA_VERSION:
        return
    if connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'articles'").fetchone() is None:
        connection.execute(_TABLE.format(name="articles"))
    else:  # version 0: rebuilt with the summary columns, filled from each stored script (one row at a time)
        connection.execute(_TABLE.format(name="articles_new"))
        kept = ("id", "title", "source", "added", "digest", "progress", "duration", "article_json", "script_json")
        columns = ("rowid", *kept, *_SUMMARY_COLUMNS)
        insert = f"INSERT INTO articles_new ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        for row in connection.execute(f"SELECT rowid, {', '.join(kept)} FROM articles ORDER BY rowid"):
            summary = summarize(script_from_dict(json.loads(row["script_json"])))
            connection.execute(insert, (*row, *summary.values()))
        connection.execute("DROP TABLE articles")
        connection.execute("ALTER TABLE articles_new RENAME TO articles")
    connection.execute("CREATE INDEX IF NOT EXISTS articles_digest ON articles (digest)")
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _entry(row: sqlite3.Row) -> Entry:
    return Entry(
        id=row["id"],
        title=row["title"],
        source=row["source"],
        added=row["added"],
        digest=row["digest"],
        script=script_from_dict(json.loads(row["script_json"])),
        progress=row["progress"],
        duration=row["duration"],
    )
