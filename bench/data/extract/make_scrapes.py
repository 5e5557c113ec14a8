"""Cache a browser's copy of every evaluation page: what a person gets by select-all and copy.

For each `NAME.html` under pages/, real/ and heldout/ this writes `NAME.innertext.txt` beside it:
`document.body.innerText` from headless Chromium (Playwright), with JavaScript disabled and every
network request refused, so the text is the page's own markup as a browser lays it out (hidden
elements left out, block elements on their own lines, table cells apart by tabs).
bench/bench_extract.py reads these files, so the benchmark itself needs no browser.

Run:  .venv/bin/python bench/data/extract/make_scrapes.py [NAME ...]
"""
from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import Route, sync_playwright

HERE = Path(__file__).resolve().parent
FOLDERS = ("pages", "real", "heldout")
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def _refuse(route: Route) -> None:
    route.abort()


def browser_copies(markups: dict[str, str]) -> dict[str, str]:
    """`document.body.innerText` of each page (name -> HTML), from one headless Chromium."""
    copies = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
            context.route("**/*", _refuse)
            page = context.new_page()
            for name, markup in markups.items():
                page.set_content(markup, wait_until="domcontentloaded")
                copies[name] = page.evaluate("document.body ? document.body.innerText : ''")
        finally:
            browser.close()
    return copies


def main(names: list[str]) -> int:
    paths = {p.stem: p for folder in FOLDERS for p in sorted((HERE / folder).glob("*.html"))
             if not names or p.stem in names}
    copies = browser_copies({name: path.read_text(encoding="utf-8") for name, path in paths.items()})
    for name, text in copies.items():
        target = paths[name].with_suffix(".innertext.txt")
        tmp = target.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(target)
        print(f"{target.relative_to(HERE)}: {len(text)} characters")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
