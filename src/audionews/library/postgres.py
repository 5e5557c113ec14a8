"""The library in PostgreSQL (psycopg 3), for several server processes sharing one library: the same
repository interface as the SQLite `Library` (store.py), whose methods it inherits, run on a PostgreSQL
connection.

The two dialects differ in a few words only, translated once per statement by `_dialect` (placeholders `?`
→ `%s`, `INSERT OR IGNORE` → `ON CONFLICT DO NOTHING`, SQLite's implicit `rowid` → the `seq` column); the
tables are PostgreSQL's own (`_SCHEMA`). The schema is created, or migrated, at start-up under an advisory lock,
so servers starting together create it once; its version is kept in `audionews_schema`.

`open_library` picks the implementation: PostgreSQL when AUDIONEWS_DATABASE_URL (or `database_url`) is set,
else SQLite under the data directory, exactly as before.
"""
from __future__ import annotations

import os
import re
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from audionews.errors import ConflictError, OutputError
from audionews.library.store import Library
from audionews.library.subscriptions import Feed, _now

if TYPE_CHECKING:
    import psycopg

DATABASE_URL_VARIABLE = "AUDIONEWS_DATABASE_URL"
SCHEMA_VERSION = 1
_LOCK_KEY = 0x617564696F6E6577  # "audionew": the advisory lock held while the schema is created or migrated
# Version 1: the SQLite schema's version 2, in PostgreSQL types.
_SCHEMA = ("""
CREATE TABLE IF NOT EXISTS articles (
    seq BIGSERIAL UNIQUE,
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    source TEXT NOT NULL,
    added TEXT NOT NULL,
    digest TEXT NOT NULL,
    progress INTEGER NOT NULL DEFAULT 0,
    duration DOUBLE PRECISION,
    sentences INTEGER NOT NULL,
    paragraphs INTEGER NOT NULL,
    words INTEGER NOT NULL,
    segment_count INTEGER NOT NULL,
    byline TEXT,
    language TEXT NOT NULL,
    opening TEXT NOT NULL,
    feed INTEGER,
    heard INTEGER NOT NULL DEFAULT 0,
    canonical TEXT,
    fingerprint BYTEA,
    article_json TEXT NOT NULL,
    script_json TEXT NOT NULL
)""", """
CREATE TABLE IF NOT EXISTS feeds (
    id SERIAL PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    site TEXT,
    added TEXT NOT NULL,
    max_items INTEGER NOT NULL,
    last_checked TEXT,
    last_error TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    refresh_minutes INTEGER,
    etag TEXT,
    last_modified TEXT
)""", """
CREATE TABLE IF NOT EXISTS feed_items (
    feed INTEGER NOT NULL,
    item TEXT NOT NULL,
    PRIMARY KEY (feed, item)
)""",
    "CREATE INDEX IF NOT EXISTS articles_digest ON articles (digest)",
    "CREATE INDEX IF NOT EXISTS articles_canonical ON articles (canonical)",
    "CREATE INDEX IF NOT EXISTS articles_feed ON articles (feed, heard)",
)


def open_library(data_dir: Path, database_url: str | None = None) -> Library:
    """The library: in PostgreSQL at `database_url` (default: AUDIONEWS_DATABASE_URL) if given, else SQLite
    under `data_dir`."""
    url = database_url or os.environ.get(DATABASE_URL_VARIABLE, "").strip()
    return PostgresLibrary(url) if url else Library(data_dir)


class PostgresLibrary(Library):
    """The articles and followed feeds in one PostgreSQL database."""

    def __init__(self, url: str) -> None:  # not super().__init__, which opens SQLite: the same state, set here
        if not url.startswith(("postgresql://", "postgres://")):
            raise OutputError(f"{DATABASE_URL_VARIABLE} must be a postgresql:// URL, not {url!r}.")
        self.url = url
        self.path = Path(re.sub(r"//[^@/]*@", "//", url))  # for messages: the URL without its credentials
        self._local = threading.local()
        self._connections: list[Any] = []
        self._connections_lock = threading.Lock()
        self._prints: dict[str, frozenset[int]] = {}
        self._prints_lock = threading.Lock()
        with self._connection() as connection:
            _create_or_migrate(connection)

    def add_feed(self, url: str, title: str, site: str | None, max_items: int) -> Feed:
        """Follow a feed; ConflictError if it is followed already (PostgreSQL has no `lastrowid`: RETURNING)."""
        with self._connection() as connection:
            row = connection.execute(
                "INSERT INTO feeds (url, title, site, added, max_items) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (url) DO NOTHING RETURNING id", (url, title, site, _now(), max_items)).fetchone()
        if row is None:
            raise ConflictError(f"You already follow {url}; `audionews feeds` lists the feeds you follow.")
        return self.feed(int(row["id"]))

    @contextmanager
    def _connection(self) -> Iterator[_Connection]:  # type: ignore[override]
        import psycopg

        connection: _Connection | None = getattr(self._local, "connection", None)
        if connection is None or connection.raw.closed:
            connection = _Connection(self._open())
            with self._connections_lock:
                self._local.connection = connection
                self._connections.append(connection)
        try:
            yield connection
            connection.raw.commit()
        except psycopg.Error as error:
            _rollback(connection.raw)
            raise OutputError(f"The library database {self.path} failed: {error}.") from error
        except BaseException:
            _rollback(connection.raw)
            raise

    def _open(self) -> psycopg.Connection[Any]:  # type: ignore[override]
        import psycopg
        from psycopg.rows import dict_row

        try:
            return psycopg.connect(self.url, row_factory=dict_row, connect_timeout=10)
        except psycopg.Error as error:
            raise OutputError(f"Cannot open the library database {self.path}: {error}.") from error


class _Connection:
    """A psycopg connection that takes the SQLite statements of store.py and subscriptions.py."""

    def __init__(self, raw: psycopg.Connection[Any]) -> None:
        self.raw = raw

    def execute(self, sql: str, parameters: Iterable[object] = ()) -> psycopg.Cursor[Any]:
        return self.raw.execute(_dialect(sql), list(parameters))  # type: ignore[arg-type]

    def executemany(self, sql: str, rows: Iterable[Iterable[object]]) -> None:
        with self.raw.cursor() as cursor:
            cursor.executemany(_dialect(sql), [list(row) for row in rows])  # type: ignore[arg-type]

    def close(self) -> None:
        self.raw.close()


def _dialect(sql: str) -> str:
    """A statement of the SQLite library as PostgreSQL's."""
    translated = sql.replace("%", "%%").replace("?", "%s").replace("rowid", "seq")
    if translated.startswith("INSERT OR IGNORE INTO"):
        translated = translated.replace("INSERT OR IGNORE INTO", "INSERT INTO", 1) + " ON CONFLICT DO NOTHING"
    return translated


def _rollback(connection: psycopg.Connection[Any]) -> None:
    if not connection.closed:
        connection.rollback()


def _create_or_migrate(connection: _Connection) -> None:
    """Create the tables, or bring them to SCHEMA_VERSION, once: other servers starting at the same time wait
    for the advisory lock (released when the transaction ends), then find the work done."""
    connection.raw.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
    connection.raw.execute("CREATE TABLE IF NOT EXISTS audionews_schema (version INTEGER NOT NULL)")
    row = connection.raw.execute("SELECT version FROM audionews_schema").fetchone()
    if row is not None and row["version"] >= SCHEMA_VERSION:
        return
    for statement in _SCHEMA:
        connection.raw.execute(statement)
    if row is None:
        connection.raw.execute("INSERT INTO audionews_schema (version) VALUES (%s)", (SCHEMA_VERSION,))
    else:
        connection.raw.execute("UPDATE audionews_schema SET version = %s", (SCHEMA_VERSION,))
