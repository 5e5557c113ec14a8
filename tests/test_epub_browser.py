"""Browser test of the talking book's content document (outputs/epub.py) read on its own: the book's XHTML
unpacked and opened from disk in headless Chromium, checked for structure and language, and by axe-core."""
from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from audionews.config import Settings
from audionews.outputs.epub import ACTIVE_CLASS, export_epub
from audionews.speech.synth import SynthOptions, Synthesizer

from browser_support import axe_violations, launch_chromium

DATA = Path(__file__).resolve().parent / "data" / "html"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.mark.parametrize("name, language", [("semantic-figure", "en"), ("german", "de")])
def test_the_content_document_reads_on_its_own(browser: Browser, tmp_path: Path, name: str, language: str) -> None:
    from audionews.script import build_script
    from audionews.text.extract import extract_document
    from audionews.text.ingest import read_source

    settings = Settings.from_env({"AUDIONEWS_CACHE_DIR": str(tmp_path / "cache")})
    script = build_script(extract_document(read_source(str(DATA / f"{name}.html"), settings)))
    with Synthesizer(SynthOptions(engine="espeak", progress=False), settings) as synthesizer:
        export_epub(script, synthesizer.clips(script), tmp_path / "book.epub")
    zipfile.ZipFile(tmp_path / "book.epub").extractall(tmp_path / "book")

    page = browser.new_page()
    try:
        page.goto((tmp_path / "book" / "EPUB" / "article1.xhtml").as_uri())
        assert page.evaluate("document.documentElement.lang") == language
        assert page.title() == script.title
        headings = page.locator("h1, h2, h3, h4, h5, h6")
        assert headings.evaluate_all("hs => hs.map(h => h.localName)") == \
            ["h1"] + ["h2"] * (headings.count() - 1)
        assert [" ".join(text.split()) for text in headings.all_inner_texts()] == \
            [s.text for s in script.segments if s.kind in ("title", "heading")]
        quotes = [s for s in script.segments if s.kind == "quote"]
        marked = page.locator("q").evaluate_all("qs => qs.map(q => [q.textContent, q.dataset.speaker || null])")
        assert marked == [[s.text, s.speaker] for s in quotes]
        assert page.locator("main").count() == 1
        assert axe_violations(page) == []
        page.evaluate(f"document.getElementById('s1').classList.add('{ACTIVE_CLASS}')")
        style = page.evaluate("(() => { const s = getComputedStyle(document.getElementById('s1'));"
                              " return [s.outlineStyle, s.textDecorationLine]; })()")
        assert style == ["solid", "underline"]  # the highlight is not colour alone
        assert axe_violations(page) == []
    finally:
        page.close()
