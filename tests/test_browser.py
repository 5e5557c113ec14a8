"""Browser tests of the web player: real app on loopback, real espeak-ng clips, headless Chromium.

One browser and one server for the module; each test gets a fresh browser context (empty localStorage).
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from browser_support import LiveServer, axe_violations, focus_by_tabbing, launch_chromium, playing_time

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "voa-israel-intel.txt"
CURRENT = '.sentence[aria-current="true"]'


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with LiveServer(tmp_path_factory.mktemp("browser")) as live:
        yield live


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture(scope="module")
def article_id(server: LiveServer) -> str:
    return server.api("POST", "/api/articles", {"text": SAMPLE.read_text(encoding="utf-8")})["id"]


def current_sentence(page: Page) -> int:
    return int(page.locator(CURRENT).get_attribute("data-sentence"))


def sentence_order(page: Page) -> list[int]:
    return page.evaluate("[...document.querySelectorAll('.sentence')].map(s => Number(s.dataset.sentence))")


def first_sentence_after_paragraph(page: Page, paragraph: int) -> int:
    return page.evaluate("""p => Number([...document.querySelectorAll('.segment')]
        .find(s => Number(s.dataset.paragraph) > p).closest('.sentence').dataset.sentence)""", paragraph)


def wait_until_playing_advances(page: Page) -> None:
    page.wait_for_function("""() => [...document.querySelectorAll('audio')]
        .some(a => !a.paused && a.currentTime > 0.2)""", timeout=60_000)
    before = playing_time(page)
    page.wait_for_function(f"""() => [...document.querySelectorAll('audio')]
        .some(a => !a.paused && a.currentTime > {before})""", timeout=30_000)


def test_keyboard_only_add_play_navigate_and_change_speed(page: Page, server: LiveServer) -> None:
    page.goto(server.url + "/")
    focus_by_tabbing(page, "#text")
    page.keyboard.insert_text(SAMPLE.read_text(encoding="utf-8"))  # as a paste would
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    message = page.locator("#add-text-message")
    expect(message).to_contain_text("Added", timeout=60_000)
    focus_by_tabbing(page, "#add-text-message a")
    page.keyboard.press("Enter")
    page.wait_for_url("**/articles/*")

    # Nothing plays until asked; the title is the current sentence.
    assert playing_time(page) == 0
    order = sentence_order(page)
    assert current_sentence(page) == order[0]

    focus_by_tabbing(page, "#play")
    page.keyboard.press("Enter")
    wait_until_playing_advances(page)
    expect(page.locator("#play")).to_contain_text("Pause")

    # Next sentence: the highlight moves to the second sentence and that sentence's clip plays.
    page.keyboard.press("l")
    expect(page.locator(CURRENT)).to_have_attribute("data-sentence", str(order[1]))
    expect(page.locator("#status")).to_have_text(f"Sentence 2 of {len(order)}")
    first_clip = page.locator(f'.sentence[data-sentence="{order[1]}"] .segment').first.get_attribute("data-audio")
    page.wait_for_function("""src => [...document.querySelectorAll('audio')]
        .some(a => !a.paused && a.getAttribute('src') === src && a.currentTime > 0)""", arg=first_clip,
                           timeout=60_000)

    # Next paragraph: the first sentence of the following paragraph.
    paragraph = int(page.locator(f"{CURRENT} .segment").first.get_attribute("data-paragraph"))
    expected = first_sentence_after_paragraph(page, paragraph)
    page.keyboard.press("Shift+L")
    expect(page.locator(CURRENT)).to_have_attribute("data-sentence", str(expected))
    expect(page.locator("#status")).to_contain_text(f"sentence {order.index(expected) + 1} of {len(order)}")
    wait_until_playing_advances(page)

    # Faster: applied at once to the playing audio, pitch preserved, announced, remembered.
    page.keyboard.press("]")
    expect(page.locator("#status")).to_have_text("Speed 1.1×")
    rates = page.evaluate("[...document.querySelectorAll('audio')].map(a => [a.playbackRate, a.preservesPitch])")
    assert rates == [[1.1, True], [1.1, True]]
    assert page.evaluate("localStorage.getItem('audionews.speed')") == "1.1"

    page.keyboard.press("k")
    expect(page.locator("#status")).to_have_text("Paused")
    assert playing_time(page) == 0

    # The position is saved on the server and resumed after a reload.
    article = page.url.rsplit("/", 1)[1]
    page.wait_for_function(f"""async () => (await (await fetch('/api/articles/{article}')).json())
        .progress.sentence === {expected}""", timeout=15_000)
    page.reload()
    expect(page.locator(CURRENT)).to_have_attribute("data-sentence", str(expected))
    assert page.evaluate("document.getElementById('speed').value") == "1.1"
