"""Library listing benchmark: GET /api/articles and GET /feed.xml with one huge article in the library.

The huge article is the issue's worst case, stored directly (its text stages are another benchmark's
business): one paragraph of "Hi." repeated N times (default 80,000), a script of N + 1 segments. Each
request goes through the real Flask app (test client, espeak-ng as the default voice, nothing synthesized)
and is timed as a median of R calls. Baseline, same run: the same requests on a library holding one
short article (the sample) instead. With the summary columns the listing reads no script, so the ratio
stays near 1 whatever the article's length.

Usage: python bench/bench_library.py [--sentences N] [--repeat R] [--write]
"""
from __future__ import annotations

import argparse
import platform
import tempfile
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from report import BENCHMARKS, median_seconds, publish

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "voa-israel-intel.txt"
HEADING = "## Library listing"


def _timings(folder: Path, huge: int | None, repeat: int) -> dict[str, float]:
    """Median seconds of each listing request on a library of one article (huge, or the sample)."""
    from audionews.config import Settings
    from audionews.model import Article, Paragraph, Script, Segment
    from audionews.script import build_script
    from audionews.server.app import create_app
    from audionews.server.library import digest_of
    from audionews.speech.synth import SynthOptions
    from audionews.text.extract import extract_article

    settings = replace(Settings.from_env(), cache_dir=folder / "cache")
    app = create_app(folder / "data", settings, options=SynthOptions(engine="espeak", progress=False))
    try:
        library = app.extensions["audionews"].library
        if huge:
            article = Article(title="Hi", paragraphs=[Paragraph("Hi. " * huge)])
            segments = [Segment("title", "Hi", 0, 0)] + [Segment("narration", "Hi.", 1, n) for n in range(1, huge + 1)]
            library.add(article, Script("Hi", segments), source="pasted text", digest=digest_of("huge"))
        else:
            article = extract_article(SAMPLE.read_text(encoding="utf-8"))
            library.add(article, build_script(article), source="pasted text", digest=digest_of("sample"))
        client = app.test_client()
        timings = {}
        for path in ("/api/articles", "/feed.xml"):
            def fetch(path: str = path) -> None:
                assert client.get(path).status_code == 200
            fetch()  # the first call may fill caches; the median is of the calls after it
            timings[path] = median_seconds(fetch, repeat)
        return timings
    finally:
        app.extensions["audionews"].close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=80_000, help="sentences of the huge article")
    parser.add_argument("--repeat", type=int, default=5, help="calls per request timed (median)")
    parser.add_argument("--write", nargs="?", const=BENCHMARKS, type=Path, metavar="PATH",
                        help="write the report into docs/BENCHMARKS.md (or PATH)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as small_dir, tempfile.TemporaryDirectory() as huge_dir:
        small = _timings(Path(small_dir), None, args.repeat)
        huge = _timings(Path(huge_dir), args.sentences, args.repeat)
    lines = [HEADING, "",
             f"{datetime.now(timezone.utc):%Y-%m-%d}, {platform.python_implementation()} {platform.python_version()}, "
             f"median of {args.repeat} requests through the Flask test client. Baseline: the same request on a "
             f"library of the sample article alone; measured: one article of {args.sentences:,} sentences "
             "(`python bench/bench_library.py`).", "",
             "| request | sample only | huge article | ratio |", "| --- | --- | --- | --- |"]
    for path in small:
        lines.append(f"| `GET {path}` | {small[path] * 1000:.1f} ms | {huge[path] * 1000:.1f} ms | "
                     f"{huge[path] / small[path]:.2f} |")
    publish(lines, args.write)


if __name__ == "__main__":
    main()
