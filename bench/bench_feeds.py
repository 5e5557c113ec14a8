"""Following feeds benchmark: what a check costs when nothing changed, and what the same-story test costs.

1. A loopback site serves an RSS 2.0 feed of I items (default 20) whose pages are the sample article with
   its own last sentence each. Timed (median of R): `check` of the followed feed when the server answers
   304 to the stored ETag (measured), against the same check when the server ignores validators and sends
   the whole feed again (baseline, same run). Neither fetches a page: every item was dealt with when the
   feed was followed. The first follow (I pages fetched, extracted and scripted) is shown for scale.
2. A library of N articles (default 2,000; texts made from the sample's words, shuffled per article) and
   one new article: loading every stored fingerprint (once per check; a Library keeps those it read, so the
   server's later checks read only new ones) and the near-duplicate test of the
   new article against all of them (once per new item), against the canonical-URL lookup alone (baseline,
   same run), each a median of R. (A check compares texts with the last 30 days' articles only; this is
   the cost when all N are that recent.)

Usage: python bench/bench_feeds.py [--items I] [--articles N] [--repeat R] [--write]
"""
from __future__ import annotations

import argparse
import platform
import random
import tempfile
import threading
import time
from datetime import datetime, timezone
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from report import BENCHMARKS, median_seconds, publish

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "voa-israel-intel.txt"
HEADING = "## Following feeds"


class _Site:
    """Article pages at /a/N and the feed at /feed.xml, with an ETag honoured unless `ignore_validators`."""

    def __init__(self, items: int) -> None:
        paragraphs = [p.strip() for p in SAMPLE.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        self.pages = {f"/a/{n}": self._page(paragraphs, n) for n in range(items)}
        entries = "".join(f"<item><title>Story {n}</title><link>{{base}}/a/{n}</link><guid>s{n}</guid>"
                          f"<pubDate>{format_datetime(datetime(2024, 5, 1, 12 - n % 12, tzinfo=timezone.utc))}</pubDate>"
                          f"<description>Summary of story {n}.</description></item>" for n in range(items))
        self.feed_template = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Bench News</title>'
                              f"<link>http://bench.example/</link>{entries}</channel></rss>")
        self.ignore_validators = False
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                if self.path == "/feed.xml":
                    if not site.ignore_validators and self.headers.get("If-None-Match") == '"v1"':
                        self.send_response(304)
                        self.send_header("ETag", '"v1"')
                        self.end_headers()
                        return
                    body = site.feed_template.replace("{base}", f"http://127.0.0.1:{site.port}").encode()
                    kind = "application/rss+xml"
                else:
                    body, kind = site.pages.get(self.path, b"missing"), "text/html; charset=utf-8"
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", '"v1"')
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @staticmethod
    def _page(paragraphs: list[str], n: int) -> bytes:
        body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs[1:]) + f"<p>This is story number {n}.</p>"
        return (f"<!doctype html><html lang='en'><head><title>{escape(paragraphs[0])} {n}</title></head><body>"
                f"<article><h1>{escape(paragraphs[0])} {n}</h1>{body}</article></body></html>").encode()


def _check_costs(folder: Path, items: int, repeat: int) -> dict[str, float]:
    from audionews.config import Settings
    from audionews.library import Library
    from audionews.library.following import check, follow

    site = _Site(items)
    settings = Settings.from_env({"AUDIONEWS_ALLOW_PRIVATE_URLS": "1"})
    library = Library(folder / "data")
    started = time.perf_counter()
    feed = follow(library, f"http://127.0.0.1:{site.port}/feed.xml", settings, max_items=items).feed
    first = time.perf_counter() - started
    not_modified = median_seconds(lambda: check(library, library.feed(feed.id), settings), repeat)
    site.ignore_validators = True
    full = median_seconds(lambda: check(library, library.feed(feed.id), settings), repeat)
    site.server.shutdown()
    library.close()
    return {"first": first, "not_modified": not_modified, "full": full}


def _dedup_costs(folder: Path, articles: int, repeat: int) -> dict[str, float]:
    import sqlite3
    import struct

    from audionews.feeds import canonical_url, fingerprint, same_story
    from audionews.library import Library

    words = SAMPLE.read_text(encoding="utf-8").split()
    generator = random.Random(16)
    library = Library(folder / "dedup")
    with sqlite3.connect(library.path) as connection:  # stored directly: building N scripts is not the point
        rows = []
        for n in range(articles):
            text = " ".join(generator.sample(words, len(words)))
            hashes = fingerprint(text)
            rows.append((f"{n:012x}", f"https://bench.example/{n}", struct.pack(f">{len(hashes)}I", *hashes)))
        connection.executemany(
            "INSERT INTO articles (id, title, source, added, digest, sentences, paragraphs, words, segment_count, "
            "language, opening, canonical, fingerprint, article_json, script_json) "
            "VALUES (?, 't', 's', '2024-05-01', 'd', 1, 1, 1, 1, 'en', '', ?, ?, '{}', '{}')", rows)
    new = frozenset(fingerprint(" ".join(generator.sample(words, len(words)))))
    prints = library.fingerprints()

    def near_duplicate() -> bool:
        return any(same_story(new, other) for other in prints.values())

    def canonical() -> bool:
        return library.find_canonical(canonical_url("https://bench.example/new?utm_source=rss")) is not None

    assert not near_duplicate() and not canonical()
    costs = {"load": median_seconds(lambda: Library(folder / "dedup").fingerprints(), repeat),
             "cached": median_seconds(library.fingerprints, repeat),
             "near": median_seconds(near_duplicate, repeat), "canonical": median_seconds(canonical, repeat)}
    library.close()
    return costs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--write", action="store_true", help=f"update the section in {BENCHMARKS}")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        checks = _check_costs(Path(temporary), args.items, args.repeat)
        dedup = _dedup_costs(Path(temporary), args.articles, args.repeat)
    ms = lambda seconds: f"{seconds * 1000:.2f} ms"  # noqa: E731
    lines = [
        HEADING, "",
        f"{datetime.now().date()}, CPython {platform.python_version()}, {platform.machine()}, median of {args.repeat} "
        f"(`python bench/bench_feeds.py`).", "",
        f"A check of a followed feed of {args.items} items, nothing new (loopback server; first follow, "
        f"{args.items} pages fetched, extracted and scripted: {checks['first']:.2f} s):", "",
        "| check | time | ratio |", "| --- | --- | --- |",
        f"| feed sent again, no validators (baseline) | {ms(checks['full'])} | 1.00 |",
        f"| answered 304 to the stored ETag | {ms(checks['not_modified'])} | "
        f"{checks['not_modified'] / checks['full']:.2f} |", "",
        f"The same-story test for one new article against a library of {args.articles:,} articles:", "",
        "| test | time | ratio |", "| --- | --- | --- |",
        f"| canonical URL lookup (baseline) | {ms(dedup['canonical'])} | 1.00 |",
        f"| loading every fingerprint (a new Library: `audionews update`) | {ms(dedup['load'])} | "
        f"{dedup['load'] / dedup['canonical']:.0f} |",
        f"| … again on the same Library (the server's later checks) | {ms(dedup['cached'])} | "
        f"{dedup['cached'] / dedup['canonical']:.0f} |",
        f"| near-duplicate test against all (once per new item) | {ms(dedup['near'])} | "
        f"{dedup['near'] / dedup['canonical']:.0f} |",
    ]
    publish(lines, BENCHMARKS if args.write else None)


if __name__ == "__main__":
    main()
