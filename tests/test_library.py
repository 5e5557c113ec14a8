"""The SQLite library: add, list, get, progress, duration, delete, and a restart keeping everything."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from audionews.errors import NotFoundError
from audionews.model import Article, Paragraph, Removal, Script, Segment
from audionews.server.library import Library, digest_of, script_from_dict


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


def test_add_get_list_and_counts(tmp_path: Path) -> None:
    library = Library(tmp_path)
    article, script = _article_and_script()
    first = library.add(article, script, source="pasted text", digest=digest_of("a"))
    second = library.add(*_article_and_script("Second"), source="x.txt", digest=digest_of("b"))
    assert len(first.id) == 12 and first.id != second.id
    assert library.get(first.id) == first
    assert first.sentences == 4 and first.paragraphs == 2
    assert [entry.id for entry in library.entries()] == [second.id, first.id]
    assert library.find(digest_of("a")) == first
    assert library.find(digest_of("c")) is None


def test_progress_duration_delete_and_restart(tmp_path: Path) -> None:
    library = Library(tmp_path)
    entry = library.add(*_article_and_script(), source="pasted text", digest=digest_of("a"))
    library.set_progress(entry.id, 3)
    library.set_duration(entry.id, 12.5)

    reopened = Library(tmp_path)  # a restart: new object, same directory, schema created again
    kept = reopened.get(entry.id)
    assert (kept.progress, kept.duration, kept.script) == (3, 12.5, entry.script)

    reopened.delete(entry.id)
    assert reopened.entries() == []
    with pytest.raises(NotFoundError, match="no article"):
        reopened.get(entry.id)
    for call in (reopened.delete, lambda i: reopened.set_progress(i, 1)):
        with pytest.raises(NotFoundError):
            call(entry.id)


def test_many_threads_share_one_library(tmp_path: Path) -> None:
    library = Library(tmp_path)
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
