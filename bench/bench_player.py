"""Web player benchmark: the silence between one sentence's clip and the next, in headless Chromium.

The player (web/static/js/playback.js) plays clips through two alternating <audio> elements, the next
one loaded while the current one plays. Baseline, measured in the same run on the same page and clips:
one <audio> element whose src is set to the next clip when the current one ends (the obvious way).
For each of the first --transitions transitions, the gap is the time from the ending clip's `ended`
event to the next clip's `playing` event (what a listener hears as extra silence, less the audio
output's own latency, which both share). Clips are synthesized first (warm cache), so only the
switching is measured; playback runs at --rate to keep the run short.

Usage: python bench/bench_player.py [--transitions N] [--rate R] [--write]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import threading
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

import waitress
from playwright.sync_api import Page, sync_playwright

from audionews.config import Settings
from audionews.server.app import create_app
from audionews.speech.synth import SynthOptions

from report import BENCHMARKS, publish

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "voa-israel-intel.txt"
HEADING = "## Web player: gaps between sentences"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--autoplay-policy=no-user-gesture-required"]

# Records `ended` and `playing` of every <audio> in the page, with the time and the clip.
RECORD = """() => {
    window.benchEvents = [];
    const watch = (audio) => {
        for (const type of ['ended', 'playing']) {
            audio.addEventListener(type, () => window.benchEvents.push(
                {type, t: performance.now(), src: audio.getAttribute('src')}));
        }
    };
    document.querySelectorAll('audio').forEach(watch);
    window.benchWatch = watch;
}"""

# The baseline: one element, src swapped on `ended`.
BASELINE = """([urls, rate]) => {
    const audio = new Audio();
    window.benchWatch(audio);
    let index = 0;
    const start = () => {
        audio.src = urls[index];
        audio.defaultPlaybackRate = rate;
        audio.playbackRate = rate;
        audio.preservesPitch = true;
        audio.play();
    };
    audio.addEventListener('ended', () => { if (++index < urls.length) start(); });
    start();
}"""


def gaps(events: list[dict], transitions: int) -> list[float]:
    """Milliseconds from each `ended` to the next clip's first `playing` after it."""
    result = []
    for position, event in enumerate(events):
        if event["type"] != "ended":
            continue
        following = next((e for e in events[position + 1:] if e["type"] == "playing" and e["src"] != event["src"]),
                         None)
        if following is not None:
            result.append(following["t"] - event["t"])
        if len(result) == transitions:
            break
    return result


def wait_for_transitions(page: Page, transitions: int) -> list[dict]:
    page.wait_for_function(f"() => window.benchEvents.filter(e => e.type === 'ended').length > {transitions}",
                           timeout=600_000)
    return page.evaluate("window.benchEvents")


def measure(base: str, article: str, urls: list[str], transitions: int, rate: float) -> dict[str, list[float]]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.add_init_script(f"localStorage.setItem('audionews.speed', '{rate}')")
        # the hand-off alone: the pauses a listener sets between sentences are silence by design
        page.add_init_script("localStorage.setItem('audionews.pauses', JSON.stringify({sentence: 0, paragraph: 0}))")
        page.goto(f"{base}/articles/{article}")
        page.evaluate(RECORD)
        page.locator(".sentence").first.click()  # the player, from the title
        ours = gaps(wait_for_transitions(page, transitions), transitions)
        page.goto(f"{base}/articles/{article}")
        page.evaluate(RECORD)
        page.evaluate(BASELINE, [urls[: transitions + 2], rate])
        baseline = gaps(wait_for_transitions(page, transitions), transitions)
        browser.close()
    return {"baseline": baseline, "audionews": ours}


def summary(values: list[float]) -> tuple[float, float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95, ordered[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transitions", type=int, default=12)
    parser.add_argument("--rate", type=float, default=2.0)
    parser.add_argument("--write", nargs="?", const=BENCHMARKS, type=Path, metavar="PATH",
                        help="replace this benchmark's section of docs/BENCHMARKS.md (or PATH)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings.from_env({"AUDIONEWS_CACHE_DIR": str(Path(folder) / "cache")})
        app = create_app(Path(folder) / "data", settings, options=SynthOptions(engine="espeak", progress=False))
        server = waitress.create_server(app, host="127.0.0.1", port=0, threads=8)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        base = f"http://127.0.0.1:{server.effective_port}"
        try:
            request = urllib.request.Request(f"{base}/api/articles", method="POST",
                                             data=json.dumps({"text": SAMPLE.read_text(encoding="utf-8")}).encode(),
                                             headers={"Content-Type": "application/json"})
            article = json.load(urllib.request.urlopen(request, timeout=120))["id"]
            script = json.load(urllib.request.urlopen(f"{base}/api/articles/{article}", timeout=120))
            urls = [segment["audio"] for segment in sorted(script["segments"], key=lambda s: s["index"])]
            for url in urls:  # warm cache: measure switching, not synthesis
                urllib.request.urlopen(base + url, timeout=120).read()
            results = measure(base, article, [base + url for url in urls], args.transitions, args.rate)
        finally:
            server.close()
            app.extensions["audionews"].close()

    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        HEADING, "",
        f"Measured {now} on {platform.machine()} ({os.cpu_count()} cores), Python {platform.python_version()}, "
        f"Chromium headless, by `bench/bench_player.py --transitions {args.transitions} --rate {args.rate}`. "
        "Gap: from a clip's `ended` event to the next clip's `playing` event, sample article, warm clip cache.",
        "",
        "| player | transitions | median gap | 95th percentile | worst | median vs baseline |",
        "|---|---|---|---|---|---|",
    ]
    base_median = summary(results["baseline"])[0]
    for name, label in (("baseline", "baseline: one `<audio>`, src swapped on ended"),
                        ("audionews", "audionews: two `<audio>`, next clip preloaded")):
        median, p95, worst = summary(results[name])
        lines.append(f"| {label} | {len(results[name])} | {median:.1f} ms | {p95:.1f} ms | {worst:.1f} ms | "
                     f"{median / base_median:.2f}× |")
    publish(lines, args.write)


if __name__ == "__main__":
    sys.exit(main())
