"""The library: add, list, get, progress, duration, heard, delete, a restart keeping everything (in SQLite and in
PostgreSQL, through the `open_library` fixture: the same tests for both), and an older SQLite database gaining the
newer columns."""
from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import asdict
from pathlib import Path
from typing import Callable

import pytest

from audionews.errors import NotFoundError
from audionews.feeds import fingerprint
from audionews.model import Article, Paragraph, Removal, Script, Segment
from audionews.library.store import Library, digest_of, script_from_dict


def _article_and_script(title: str = "Rivers <rise> & fall") -> tuple[Article, Script]:
    article = Article(title=title, paragraphs=[Paragraph("One. Two."), Paragraph("“Three,” she said.")])
    script = Script(
        title=title,
        segments=[
            Segment("title", title, paragraph=0, sentence=0),
            Segment("narration", "One.", paragraph=1, sentence=1),
            Segment("narration", "Two.", paragraph=1, sentence=2),
            Segment("quote", "Three,", paragraph=2, sentence=3, speaker="Ann Lee", voice="quote"),
            Segment("narration", "she said.", paragraph=2, sentence=3),
        ],
        byline="By Ann Lee",
        source="https://example.org/rivers",
        published="2024-05-01",
        removed=[Removal("Share this", "interface line")],
    )
    return article, script


def test_script_round_trips_through_its_dict() -> None:
    _, script = _article_and_script()
    assert script_from_dict(script.to_dict()) == script


def test_truncation_and_page_language_round_trip_and_old_rows_read() -> None:
    _, script = _article_and_script()
    script.truncated, script.language_page = True, "de"
    assert script_from_dict(script.to_dict()) == script
    old = {key: value for key, value in script.to_dict().items() if key not in ("truncated", "language_page")}
    assert (script_from_dict(old).truncated, script_from_dict(old).language_page) == (False, None)


def test_add_get_list_and_counts(open_library: Callable[[], Library]) -> None:
    library = open_library()
    article, script = _article_and_script()
    first = library.add(article, script, source="pasted text", digest=digest_of("a"))
    second = library.add(*_article_and_script("Second"), source="x.txt", digest=digest_of("b"))
    assert len(first.id) == 12 and first.id != second.id
    assert library.get(first.id) == first
    assert first.sentences == 4 and first.paragraphs == 2
    assert [entry.id for entry in library.entries()] == [second.id, first.id]
    assert library.find(digest_of("a")) == first
    assert library.find(digest_of("c")) is None


def test_progress_duration_delete_and_restart(open_library: Callable[[], Library]) -> None:
    library = open_library()
    entry = library.add(*_article_and_script(), source="pasted text", digest=digest_of("a"))
    library.set_progress(entry.id, 3)
    library.set_duration(entry.id, 12.5)

    reopened = open_library()  # a restart: new object, same store, schema created again
    kept = reopened.get(entry.id)
    assert (kept.progress, kept.duration, kept.script) == (3, 12.5, entry.script)

    reopened.delete(entry.id)
    assert reopened.entries() == []
    with pytest.raises(NotFoundError, match="no article"):
        reopened.get(entry.id)
    for call in (reopened.delete, lambda i: reopened.set_progress(i, 1)):
        with pytest.raises(NotFoundError):
            call(entry.id)


def test_many_threads_share_one_library(open_library: Callable[[], Library]) -> None:
    library = open_library()
    errors: list[BaseException] = []

    def add_some() -> None:
        try:
            for n in range(10):
                entry = library.add(*_article_and_script(f"T{n}"), source="t", digest=digest_of(str(n)))
                library.set_progress(entry.id, n)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=add_some) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(library.entries()) == 40


def test_close_closes_every_threads_connection(tmp_path: Path) -> None:
    library = Library(tmp_path)
    article, script = _article_and_script()
    entry = library.add(article, script, source="pasted text", digest=digest_of("x"))
    worker = threading.Thread(target=lambda: library.set_progress(entry.id, 1))
    worker.start()
    worker.join()
    wal = tmp_path / "library.sqlite3-wal"
    assert wal.exists()  # open connections keep the write-ahead log
    library.close()
    assert not wal.exists()  # SQLite removes it when the last connection closes
    assert library.get(entry.id).progress == 1  # and a later use opens a new connection
    library.close()


def test_listing_reads_the_summary_columns_not_the_scripts(tmp_path: Path) -> None:
    import sqlite3

    library = Library(tmp_path)
    entry = library.add(*_article_and_script(), source="pasted text", digest=digest_of("a"))
    with sqlite3.connect(tmp_path / "library.sqlite3") as connection:  # a script the listing must not need
        connection.execute("UPDATE articles SET script_json = '{not json' WHERE id = ?", (entry.id,))
    (listed,) = library.entries()
    assert (listed.id, listed.title, listed.source, listed.added) == (entry.id, entry.title, "pasted text", entry.added)
    assert (listed.sentences, listed.paragraphs) == (entry.sentences, entry.paragraphs) == (4, 2)
    assert listed.words == sum(len(s.text.split()) for s in entry.script.segments)
    assert listed.segment_count == len(entry.script.segments)
    assert (listed.byline, listed.language) == ("By Ann Lee", "en")
    assert listed.opening == "One. Two. Three, she said."


OLD_SCHEMA = """
CREATE TABLE articles (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, source TEXT NOT NULL, added TEXT NOT NULL, digest TEXT NOT NULL,
    article_json TEXT NOT NULL, script_json TEXT NOT NULL, progress INTEGER NOT NULL DEFAULT 0, duration REAL
);
CREATE INDEX articles_digest ON articles (digest);
"""


def test_a_library_made_before_the_summary_columns_is_migrated(tmp_path: Path) -> None:
    import json
    import sqlite3
    from dataclasses import asdict

    article, script = _article_and_script()
    with sqlite3.connect(tmp_path / "library.sqlite3") as connection:
        connection.executescript(OLD_SCHEMA)
        connection.execute("INSERT INTO articles (id, title, source, added, digest, article_json, script_json, "
                           "progress, duration) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           ("0123456789ab", script.title, "x.txt", "2024-05-01T10:00:00+00:00", digest_of("a"),
                            json.dumps(asdict(article)), json.dumps(script.to_dict()), 2, 9.5))
    library = Library(tmp_path)
    (listed,) = library.entries()
    assert (listed.id, listed.progress, listed.duration, listed.sentences, listed.paragraphs) == (
        "0123456789ab", 2, 9.5, 4, 2)
    assert listed.segment_count == 5 and listed.opening == "One. Two. Three, she said."
    assert library.get("0123456789ab").script == script
    Library(tmp_path)  # opening it again migrates nothing twice
    assert len(Library(tmp_path).entries()) == 1


def test_heard_is_stored_and_kept(open_library: Callable[[], Library]) -> None:
    library = open_library()
    entry = library.add(*_article_and_script(), source="pasted text", digest=digest_of("a"))
    assert (entry.heard, entry.feed) == (False, None)
    library.set_heard(entry.id, True)
    assert open_library().get(entry.id).heard is True
    library.set_heard(entry.id, False)
    assert library.get(entry.id).heard is False
    with pytest.raises(NotFoundError):
        library.set_heard("0123456789ab", True)


def test_an_articles_canonical_url_and_fingerprint_are_kept(open_library: Callable[[], Library]) -> None:
    library = open_library()
    article, script = _article_and_script()
    article.url = "https://example.org/rivers?utm_source=rss#top"
    entry = library.add(article, script, source=article.url, digest=digest_of("a"))
    assert library.find_canonical("https://example.org/rivers") == entry
    assert library.find_canonical("https://example.org/other") is None
    assert library.fingerprints() == {entry.id: frozenset(fingerprint(article.text))}


def test_the_article_itself_is_kept_to_build_its_script_again(open_library: Callable[[], Library]) -> None:
    library = open_library()
    article, script = _article_and_script()
    entry = library.add(article, script, source="pasted text", digest=digest_of("a"))
    assert library.article(entry.id) == article
    with pytest.raises(NotFoundError):
        library.article("0123456789ab")


VERSION_1_SCHEMA = """
CREATE TABLE articles (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, source TEXT NOT NULL, added TEXT NOT NULL, digest TEXT NOT NULL,
    progress INTEGER NOT NULL DEFAULT 0, duration REAL, sentences INTEGER NOT NULL, paragraphs INTEGER NOT NULL,
    words INTEGER NOT NULL, segment_count INTEGER NOT NULL, byline TEXT, language TEXT NOT NULL,
    opening TEXT NOT NULL, article_json TEXT NOT NULL, script_json TEXT NOT NULL
);
CREATE INDEX articles_digest ON articles (digest);
PRAGMA user_version = 1;
"""


@pytest.mark.parametrize("version", [0, 1])
def test_a_database_from_before_feeds_gains_the_new_columns(tmp_path: Path, version: int) -> None:
    """A library.sqlite3 made before following feeds (before or after the summary columns) opens with every
    article intact, unheard, recognisable by its canonical URL and text, and the feeds tables made."""
    article, script = _article_and_script()
    article.url = "https://example.org/rivers"
    with sqlite3.connect(tmp_path / "library.sqlite3") as old:
        old.executescript(OLD_SCHEMA if version == 0 else VERSION_1_SCHEMA)
        columns = {"id": "0123456789ab", "title": script.title, "source": "https://example.org/rivers",
                   "added": "2024-05-01T10:00:00+00:00", "digest": digest_of("a"),
                   "article_json": json.dumps(asdict(article)), "script_json": json.dumps(script.to_dict()),
                   "progress": 3, "duration": 12.5}
        if version == 1:
            columns.update(sentences=4, paragraphs=2, words=8, segment_count=5, byline=None, language="en",
                           opening="One. Two.")
        old.execute(f"INSERT INTO articles ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                    tuple(columns.values()))
    old.close()
    for _ in range(2):  # opening it again changes nothing
        library = Library(tmp_path)
        (listed,) = library.entries()
        assert (listed.id, listed.progress, listed.duration, listed.heard, listed.feed) == (
            "0123456789ab", 3, 12.5, False, None)
        entry = library.get("0123456789ab")
        assert (entry.script, entry.heard, entry.feed) == (script, False, None)
        assert library.find_canonical("https://example.org/rivers") == entry
        assert library.fingerprints()["0123456789ab"] == frozenset(fingerprint(article.text))
        assert library.feeds() == []
        library.close()


def test_fingerprints_are_read_once_and_follow_deletions_and_the_time_limit(tmp_path: Path) -> None:
    library = Library(tmp_path)
    first = library.add(*_article_and_script("One"), source="a", digest=digest_of("a"))
    second = library.add(*_article_and_script("Two"), source="b", digest=digest_of("b"))
    assert set(library.fingerprints()) == {first.id, second.id}
    with sqlite3.connect(tmp_path / "library.sqlite3") as connection:  # kept from the first read: not read again
        connection.execute("UPDATE articles SET fingerprint = x'00000001' WHERE id = ?", (first.id,))
    assert library.fingerprints()[first.id] == frozenset(fingerprint(_article_and_script()[0].text))
    assert Library(tmp_path).fingerprints()[first.id] == frozenset({1})
    library.delete(second.id)
    assert set(library.fingerprints()) == {first.id}
    assert library.fingerprints(since="2999-01-01") == {}
