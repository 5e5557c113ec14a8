"""Ingest benchmark: what the guarded fetch and the decoding/sniffing cost over the plain calls.

Fetch: `ingest.fetch_url` (address checks on its own resolution, a deadline watchdog, streamed
reading under the size cap, charset and HTML sniffing) against a plain `requests.get(url).content`
with a fresh session, both from a loopback `http.server` started here, for the sample article
(plain text) and a 1 MB HTML page. Decoding: `ingest.document_from_bytes` against `bytes.decode`
on the same bytes. Every figure is the median of --repeat runs.

Usage: python bench/bench_ingest.py [--repeat N] [--write]
"""
from __future__ import annotations

import argparse
import os
import platform
import threading
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import requests

from audionews.config import Settings
from audionews.text.ingest import document_from_bytes, fetch_url

from report import BENCHMARKS, median_seconds, publish

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "voa-israel-intel.txt"
HEADING = "## Ingest"


def big_page(size: int) -> bytes:
    paragraph = SAMPLE.read_text(encoding="utf-8").split("\n\n")[3]
    body = "".join(f"<p>{paragraph}</p>\n" for _ in range(size // len(paragraph) + 1))
    return f"<!doctype html><html><head><title>Big</title></head><body><article>{body}</article></body></html>".encode()


def serve(pages: dict[str, tuple[bytes, str]]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            body, content_type = pages[self.path]
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def plain_get(url: str) -> bytes:
    with requests.Session() as session:
        return session.get(url, timeout=15).content


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--write", nargs="?", const=BENCHMARKS, type=Path, metavar="PATH",
                        help="replace this benchmark's section of docs/BENCHMARKS.md (or PATH)")
    args = parser.parse_args()

    sample, page = SAMPLE.read_bytes(), big_page(1024 * 1024)
    server = serve({"/sample": (sample, "text/plain; charset=utf-8"), "/page": (page, "text/html; charset=utf-8")})
    base = f"http://127.0.0.1:{server.server_address[1]}"
    settings = Settings.from_env({"AUDIONEWS_ALLOW_PRIVATE_URLS": "1"})
    rows = []
    try:
        for name, path, data in (("sample article", "/sample", sample), ("1 MB HTML page", "/page", page)):
            url = base + path
            assert fetch_url(url, settings).content == data.decode()  # same bytes both ways
            baseline = median_seconds(lambda: plain_get(url), args.repeat)
            ours = median_seconds(lambda: fetch_url(url, settings), args.repeat)
            decode = median_seconds(lambda: data.decode("utf-8"), args.repeat)
            sniff = median_seconds(lambda: document_from_bytes(data, "bench", "text/html"), args.repeat)
            rows.append((name, len(data), baseline, ours, decode, sniff))
    finally:
        server.shutdown()
        server.server_close()

    lines = [
        HEADING,
        "",
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.machine()} "
        f"({platform.processor() or 'unknown CPU'}, {os.cpu_count()} cores), Python {platform.python_version()}, "
        f"by `bench/bench_ingest.py --repeat {args.repeat}` (medians). Server: `http.server` on loopback, "
        "a new connection per fetch both ways.",
        "",
        "| input | size | requests.get | fetch_url | vs requests.get | bytes.decode | document_from_bytes "
        "| vs bytes.decode |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, size, baseline, ours, decode, sniff in rows:
        lines.append(f"| {name} | {size / 1024:,.0f} KB | {baseline * 1000:.2f} ms | {ours * 1000:.2f} ms | "
                     f"{ours / baseline:.2f}× | {decode * 1000:.3f} ms | {sniff * 1000:.3f} ms | {sniff / decode:.1f}× |")
    publish(lines, args.write)


if __name__ == "__main__":
    main()
