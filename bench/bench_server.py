"""Web server benchmark: time to the first audio byte of a new article, and 50 listeners fetching clips.

1. First audio byte, for each engine asked for (espeak-ng, and Piper, the default where its voice is
   installed). Each trial starts a fresh `audionews serve --engine E` (empty library, empty clip cache),
   warms it with one other article (until all its clips are made), then times what a player does for a
   new article: POST /api/articles (the sample article as text) → GET /api/articles/<id> → GET the first
   segment's clip until its first byte arrives. Baselines, same run, against the idle server: for
   espeak-ng, bare `espeak-ng --stdout` on the same first segment's text, to the end of its output
   (goal: ratio ≤ 2); for Piper, a warm Piper engine in this process synthesizing that segment alone
   (the model already loaded, as the server's is by its startup warm-up).
2. Listeners. Against the last server, once all the sample's clips exist: N threads, each with its
   own keep-alive session, loop for S seconds (bounded) fetching random clips with Range requests as
   an <audio> element does ("bytes=0-" or a random 64 KiB window); a response other than a 206 with
   the right Content-Range and length counts as an error. Baseline, same run: one listener alone.

Usage: python bench/bench_server.py [--trials N] [--engines espeak,piper] [--listeners N] [--seconds S]
                                   [--write]
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import requests

from report import BENCHMARKS, publish

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "voa-israel-intel.txt"
WARM_UP = """Harbour Town Opens New Flood Barrier

The town of Harbourview opened its new flood barrier on Monday after four years of construction.
Officials said the barrier would protect about 3,000 homes.

Residents gathered on the promenade to watch the first test. Many said they felt safer already.
"""
HEADING = "## Web server"
WINDOW = 64 * 1024


class Server:
    """`audionews serve` in a child process on a free loopback port, with its own data and cache folders."""

    def __init__(self, folder: Path, engine: str) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        env = {**os.environ, "AUDIONEWS_CACHE_DIR": str(folder / "cache")}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "audionews", "serve", "--port", str(port), "--data-dir", str(folder / "data"),
             "--engine", engine], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
        line = self.process.stdout.readline() if self.process.stdout else ""
        match = re.search(r"http://\S+/", line)
        if not match:
            self.stop()
            raise RuntimeError(f"audionews serve did not start: {line!r}")
        self.url = match.group(0).rstrip("/")
        self.session = requests.Session()  # keep-alive, as a browser's page does

    def add(self, text: str) -> dict:
        response = self.session.post(f"{self.url}/api/articles", json={"text": text}, timeout=60)
        response.raise_for_status()
        return response.json()

    def first_byte(self, article_id: str) -> None:
        article = self.session.get(f"{self.url}/api/articles/{article_id}", timeout=60).json()
        with self.session.get(self.url + article["segments"][0]["audio"], stream=True, timeout=60) as response:
            response.raise_for_status()
            next(response.iter_content(1))

    def wait_ready(self, article_id: str, limit: float = 300) -> list[str]:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            status = requests.get(f"{self.url}/api/articles/{article_id}/status", timeout=60).json()
            if status["error"]:
                raise RuntimeError(status["error"])
            if status["ready"] == status["total"]:
                article = requests.get(f"{self.url}/api/articles/{article_id}", timeout=60).json()
                return [self.url + segment["audio"] for segment in article["segments"]]
            time.sleep(0.2)
        raise RuntimeError("the sample's clips were not all made in time")

    def stop(self) -> None:
        self.session.close()
        self.process.terminate()
        self.process.wait(timeout=30)


def first_byte_trial(folder: Path, text: str, engine: str) -> tuple[float, float, Server, str]:
    """Seconds to the first byte, seconds of that spent in the POST (extraction, script, storing), server, id."""
    server = Server(folder, engine)
    warm = server.add(WARM_UP)
    server.first_byte(warm["id"])
    server.wait_ready(warm["id"])  # an idle server: nothing else being synthesized
    started = time.perf_counter()
    article = server.add(text)
    posted = time.perf_counter()
    server.first_byte(article["id"])
    return time.perf_counter() - started, posted - started, server, article["id"]


def espeak_seconds(text: str) -> float:
    started = time.perf_counter()
    subprocess.run(["espeak-ng", "--stdout", text], check=True, capture_output=True)
    return time.perf_counter() - started


class WarmPiper:
    """The bundled Piper voice loaded once in this process, timed on one segment at a time."""

    def __init__(self) -> None:
        from audionews.config import Settings
        from audionews.speech.engines.piper import PiperEngine

        self.engine = PiperEngine(Settings.from_env().voices_dir)
        self.voice = self.engine.voice_for("en")  # loads the model (and runs its first inference)

    def seconds(self, text: str) -> float:
        from audionews.speech.engines.base import SpeechRequest
        from audionews.speech.spoken import to_spoken

        request = SpeechRequest(text=to_spoken(text), language="en", voice=self.voice, rate=175, volume=1.0)
        started = time.perf_counter()
        self.engine.synthesize(request)
        return time.perf_counter() - started


@dataclass
class FirstByte:
    """One engine's first-byte trials and its baselines (seconds)."""

    engine: str
    times: list[float]
    posts: list[float]
    first_words: int
    baseline: float
    lede_words: int
    lede_baseline: float

    def rows(self) -> list[str]:
        first, post = statistics.median(self.times), statistics.median(self.posts)
        if self.engine == "espeak":
            bare, goal = "bare espeak-ng", "; goal ≤ 2×"
            base = "`espeak-ng --stdout` on"
        else:
            bare, goal = f"a warm {self.engine}", ""
            base = f"warm {self.engine} (model loaded) synthesizing"
        return [
            f"| {self.engine}: baseline: {base} the first segment ({self.first_words} words) | "
            f"{self.baseline * 1000:.0f} ms | 1.00× |",
            f"| {self.engine}: POST /api/articles → GET the script → first byte of clip 0 (uncached{goal}) | "
            f"{first * 1000:.0f} ms | {first / self.baseline:.2f}× {bare} |",
            f"| {self.engine}: of which POST /api/articles (extract, script, store, queue the clips) | "
            f"{post * 1000:.0f} ms | {post / self.baseline:.2f}× |",
            f"| {self.engine}: for scale: {base} the first body sentence ({self.lede_words} words) | "
            f"{self.lede_baseline * 1000:.0f} ms | {first / self.lede_baseline:.2f}× (first byte ÷ this) |",
        ]


def first_byte(engine: str, text: str, trials: int, scratch: Path) -> tuple[FirstByte, Server, str]:
    """`trials` fresh servers with `engine`; the last is returned still running (idle), with the article's id."""
    times: list[float] = []
    posts: list[float] = []
    server: Server | None = None
    for trial in range(trials):
        if server is not None:
            server.stop()
        seconds, post, server, article_id = first_byte_trial(scratch / f"{engine}{trial}", text, engine)
        times.append(seconds)
        posts.append(post)
    assert server is not None
    try:
        server.wait_ready(article_id)
        segments = requests.get(f"{server.url}/api/articles/{article_id}", timeout=60).json()["segments"]
        first_text = segments[0]["text"]  # the title: the clip a listener hears first
        lede = next(segment["text"] for segment in segments if segment["kind"] != "title")
        timer = espeak_seconds if engine == "espeak" else WarmPiper().seconds
        timer(first_text)  # warm-up, not counted
        repeats = max(trials, 5)
        baseline = statistics.median(timer(first_text) for _ in range(repeats))
        lede_baseline = statistics.median(timer(lede) for _ in range(repeats))
    except BaseException:
        server.stop()
        raise
    result = FirstByte(engine, times, posts, len(first_text.split()), baseline, len(lede.split()), lede_baseline)
    return result, server, article_id


def listen(urls: list[str], sizes: dict[str, int], seconds: float, latencies: list[float],
           errors: list[str], seed: int) -> None:
    """One listener: Range requests for random clips until `seconds` have passed."""
    chooser = random.Random(seed)
    session = requests.Session()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        url = chooser.choice(urls)
        size = sizes[url]
        start = 0 if chooser.random() < 0.5 else chooser.randrange(size)
        end = size - 1 if start == 0 else min(size, start + WINDOW) - 1
        header = "bytes=0-" if start == 0 else f"bytes={start}-{end}"
        began = time.perf_counter()
        try:
            response = session.get(url, headers={"Range": header}, timeout=30)
            elapsed = time.perf_counter() - began
            if (response.status_code != 206 or len(response.content) != end - start + 1
                    or response.headers.get("Content-Range") != f"bytes {start}-{end}/{size}"):
                errors.append(f"{response.status_code} for {header}")
            latencies.append(elapsed)
        except requests.RequestException as error:
            errors.append(type(error).__name__)
    session.close()


def load(urls: list[str], listeners: int, seconds: float) -> tuple[list[float], list[str], float]:
    sizes = {url: int(requests.head(url, timeout=30).headers["Content-Length"]) for url in urls}
    latencies: list[float] = []
    errors: list[str] = []
    threads = [threading.Thread(target=listen, args=(urls, sizes, seconds, latencies, errors, n))
               for n in range(listeners)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    return latencies, errors, time.perf_counter() - started


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--engines", default="espeak,piper", help="engines to time the first byte with, in order; "
                        "the listeners load the first one's last server")
    parser.add_argument("--listeners", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--write", nargs="?", const=BENCHMARKS, type=Path, metavar="PATH",
                        help="replace this benchmark's section of docs/BENCHMARKS.md (or PATH)")
    args = parser.parse_args()

    text = SAMPLE.read_text(encoding="utf-8")
    engines = args.engines.split(",")
    load_before = os.getloadavg()[0]
    results: list[FirstByte] = []
    with tempfile.TemporaryDirectory() as scratch:
        for engine in engines:
            result, server, article_id = first_byte(engine, text, args.trials, Path(scratch))
            results.append(result)
            if engine != engines[0]:
                server.stop()
                continue
            try:
                urls = server.wait_ready(article_id)
                alone, alone_errors, _ = load(urls, 1, min(args.seconds, 10.0))
                latencies, errors, wall = load(urls, args.listeners, args.seconds)
            finally:
                server.stop()

    p50, p99 = percentile(latencies, 0.5), percentile(latencies, 0.99)
    alone_p50 = percentile(alone, 0.5)
    lines = [
        HEADING,
        "",
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.machine()} "
        f"({platform.processor() or 'unknown CPU'}, {os.cpu_count()} cores), Python {platform.python_version()}, "
        f"by `bench/bench_server.py --trials {args.trials} --engines {args.engines} --listeners {args.listeners} "
        f"--seconds {args.seconds:g}`; server and clients on loopback, waitress with 8 threads; load average at "
        f"the start {load_before:.1f} (other work shares these cores).",
        "",
        "| first audio byte of a new article (median) | time | ratio |",
        "|---|---|---|",
        *[row for result in results for row in result.rows()],
        "",
        f"| clip Range requests ({engines[0]} clips) | requests | errors | p50 | p99 | requests/s |",
        "|---|---|---|---|---|---|",
        f"| baseline: 1 listener | {len(alone)} | {len(alone_errors)} | {alone_p50 * 1000:.1f} ms | "
        f"{percentile(alone, 0.99) * 1000:.1f} ms | {len(alone) / min(args.seconds, 10.0):.0f} |",
        f"| {args.listeners} listeners for {args.seconds:g} s | {len(latencies)} | {len(errors)} | "
        f"{p50 * 1000:.1f} ms | {p99 * 1000:.1f} ms | {len(latencies) / wall:.0f} |",
        "",
        f"Under load, p99 is {p99 / alone_p50:.1f}× a lone listener's p50"
        + (f"; errors: {sorted(set(errors))[:5]}" if errors else "; no errors.") ,
    ]
    publish(lines, args.write)


if __name__ == "__main__":
    main()
