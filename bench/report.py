"""What the benchmark scripts share: a median timer, and docs/BENCHMARKS.md, where every script keeps
one `## ` section of its own up to date.

`publish(lines, destination)` prints a report and, given a destination, writes it there;
`write_section(section)` puts a section (text starting with its `## Heading` line) in place of the
file's old section of that heading, or at the end, and writes the file atomically.
"""
from __future__ import annotations

import os
import re
import statistics
import tempfile
import time
from pathlib import Path
from typing import Callable

# Benchmarks run strict: a failure the product survives degraded (quote attribution) is an error here.
os.environ.setdefault("AUDIONEWS_STRICT", "1")

BENCHMARKS = Path(__file__).resolve().parents[1] / "docs" / "BENCHMARKS.md"


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    """The median wall-clock time of `repeat` calls of `action`."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def write_section(section: str, path: Path = BENCHMARKS) -> None:
    """Replace (or add) the section whose heading is the first line of `section`."""
    section = section.strip("\n") + "\n"
    heading = section.splitlines()[0]
    if not heading.startswith("## "):
        raise ValueError(f"a section starts with its '## ' heading, not {heading!r}")
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", re.DOTALL | re.MULTILINE)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1).rstrip("\n") + "\n"
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    os.replace(temporary, path)


def publish(lines: list[str], destination: Path | None) -> None:
    """Print a report (its lines, starting with its `## ` heading) and write its section if asked to."""
    report = "\n".join(lines) + "\n"
    print(report)
    if destination:
        write_section(report, destination)
