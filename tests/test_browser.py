"""Browser tests of the web player: real app on loopback, real espeak-ng clips, headless Chromium.

One browser and one server for the module; each test gets a fresh browser context (empty localStorage) and its
own copy of the sample article (no saved position), so the tests see the same page alone or in any order.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route, expect, sync_playwright

from browser_support import (LiveServer, accessible_node, axe_violations, focus_by_tabbing, launch_chromium,
                             playing_time, tab_order)

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "voa-israel-intel.txt"
CURRENT = '.sentence[aria-current="true"]'
PREPARING = "Preparing audio…"
# Every text the status region (#status) shows, in order, from the first moment of the page: what a screen reader
# would be given to speak.
RECORD_STATUS = """window.spoken = [];
let shown = '';
new MutationObserver(() => {
    const text = document.getElementById('status')?.textContent ?? '';
    if (text === shown) return;
    shown = text;
    if (text) window.spoken.push(text);
}).observe(document, {childList: true, subtree: true, characterData: true});"""

# Every text any live region shows (the status region, alerts, and implicit ones such as <output>), in order:
# what a screen reader would speak without being asked.
RECORD_LIVE_REGIONS = """window.announced = [];
const LIVE = 'output, [role=status], [role=alert], [role=log], [aria-live]';
const shown = new Map();
new MutationObserver((mutations) => {
    const regions = new Set();
    for (const mutation of mutations) {
        const node = mutation.target.nodeType === 1 ? mutation.target : mutation.target.parentElement;
        const region = node && node.closest(LIVE);
        if (region && region.getAttribute('aria-live') !== 'off' && !region.closest('[aria-hidden=true]')) {
            regions.add(region);
        }
    }
    for (const region of regions) {
        const text = region.textContent.trim();
        if (text && text !== shown.get(region)) window.announced.push(text);
        shown.set(region, text);
    }
}).observe(document, {childList: true, subtree: true, characterData: true});"""


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


def sample_copy(name: str) -> str:
    """The sample article with a last paragraph naming `name`: a library entry of its own (ids are content
    hashes) sharing every other sentence's cached clip."""
    return SAMPLE.read_text(encoding="utf-8") + f"\n\nThis copy of the article was added for {name}.\n"


@pytest.fixture
def article_id(server: LiveServer, request: pytest.FixtureRequest) -> str:
    """A fresh article for this test: nothing played, no position saved by another test."""
    return server.api("POST", "/api/articles", {"text": sample_copy(request.node.name)})["id"]


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


def test_keyboard_only_add_play_navigate_and_change_speed(page: Page, server: LiveServer,
                                                         request: pytest.FixtureRequest) -> None:
    page.goto(server.url + "/")
    focus_by_tabbing(page, "#text")
    page.keyboard.insert_text(sample_copy(request.node.name))  # as a paste would
    page.keyboard.press("Tab")
    page.evaluate("""window.focusLost = [];
        document.addEventListener('focusout', e => { if (!e.relatedTarget) window.focusLost.push(e.target.id); });""")
    page.keyboard.press("Enter")
    message = page.locator("#add-text-status")
    expect(message).to_contain_text("Added", timeout=60_000)
    new_link = page.locator(".article-item").first.locator('[data-field="title"]')
    expect(new_link).to_be_focused()  # on the new article, as after deleting one
    assert page.evaluate("window.focusLost") == [], "the focus went to the page while adding"
    page.keyboard.press("Enter")
    page.wait_for_url("**/articles/*")

    # Nothing plays until asked; the title is the current sentence.
    assert playing_time(page) == 0
    order = sentence_order(page)
    assert current_sentence(page) == order[0]

    focus_by_tabbing(page, "#play")
    page.keyboard.press("Enter")
    wait_until_playing_advances(page)
    expect(page.locator("#play")).to_have_accessible_name("Pause")

    # Next sentence: the highlight moves to the second sentence and that sentence's clip plays.
    page.keyboard.press("l")
    expect(page.locator(CURRENT)).to_have_attribute("data-sentence", str(order[1]))
    expect(page.locator("#status")).to_have_text(f"Sentence 1 of {len(order) - 1}")  # the title not counted
    first_clip = page.locator(f'.sentence[data-sentence="{order[1]}"] .segment').first.get_attribute("data-audio")
    page.wait_for_function("""src => [...document.querySelectorAll('audio')]
        .some(a => !a.paused && a.getAttribute('src') === src && a.currentTime > 0)""", arg=first_clip,
                           timeout=60_000)

    # Next paragraph: the first sentence of the following paragraph.
    paragraph = int(page.locator(f"{CURRENT} .segment").first.get_attribute("data-paragraph"))
    expected = first_sentence_after_paragraph(page, paragraph)
    page.keyboard.press("Shift+L")
    expect(page.locator(CURRENT)).to_have_attribute("data-sentence", str(expected))
    expect(page.locator("#status")).to_contain_text(f"sentence {order.index(expected)} of {len(order) - 1}")
    wait_until_playing_advances(page)

    # Faster: applied at once to the playing audio, pitch preserved, announced, remembered.
    page.keyboard.press("]")
    expect(page.locator("#status")).to_have_text("Speed 1.1×")
    rates = page.evaluate("[...document.querySelectorAll('audio')].map(a => [a.playbackRate, a.preservesPitch])")
    assert rates == [[1.1, True], [1.1, True]]
    assert page.evaluate("localStorage.getItem('audionews.speed')") == "1.1"

    page.keyboard.press("k")
    expect(page.locator("#status")).to_have_text("Paused")
    expect(page.locator("#play")).to_have_accessible_name("Play")
    assert playing_time(page) == 0

    # The position is saved on the server and resumed after a reload.
    article = page.url.rsplit("/", 1)[1]
    page.wait_for_function(f"""async () => (await (await fetch('/api/articles/{article}')).json())
        .progress.sentence === {expected}""", timeout=15_000)
    page.reload()
    expect(page.locator(CURRENT)).to_have_attribute("data-sentence", str(expected))
    assert page.evaluate("document.getElementById('speed').value") == "1.1"
    page.goto(server.url + "/")
    progress = page.locator(f'.article-item[data-id="{article}"] [data-field="progress-text"]')
    expect(progress).to_have_text(f"Listened up to sentence {order.index(expected)} of {len(order) - 1}")


THEMES = {
    "default": lambda page: None,
    "high-contrast": lambda page: page.evaluate("localStorage.setItem('audionews.theme', 'contrast')"),
    "dark-scheme": lambda page: page.emulate_media(color_scheme="dark"),
    "dark-chosen": lambda page: page.evaluate("localStorage.setItem('audionews.theme', 'dark')"),
}


@pytest.mark.parametrize("theme", THEMES)
def test_axe_finds_no_violations(page: Page, server: LiveServer, article_id: str, theme: str) -> None:
    page.goto(server.url + "/")
    THEMES[theme](page)
    page.reload()
    assert axe_violations(page) == []

    page.goto(f"{server.url}/articles/{article_id}")
    order = sentence_order(page)
    following = order[min(order.index(current_sentence(page)) + 1, len(order) - 1)]
    page.keyboard.press("l")  # moves the highlight and the tab stop
    expect(page.locator(CURRENT)).to_have_attribute("data-sentence", str(following))
    page.evaluate("window.scrollTo(0, 0)")  # axe counts controls scrolled under the sticky bar as covered
    assert axe_violations(page) == []

    page.keyboard.press("?")
    expect(page.locator("#help-dialog")).to_be_visible()
    assert axe_violations(page) == []


SENTENCE_LOOK = """s => { const style = getComputedStyle(document.querySelector(s));
    return {outline: style.outlineStyle, offset: parseFloat(style.outlineOffset),
            underline: style.textDecorationLine.includes('underline'),
            background: style.backgroundColor !== 'rgba(0, 0, 0, 0)'}; }"""


@pytest.mark.parametrize("theme", THEMES)
def test_focus_and_the_current_sentence_look_different_in_every_theme(page: Page, server: LiveServer,
                                                                      article_id: str, theme: str) -> None:
    page.goto(f"{server.url}/articles/{article_id}")
    THEMES[theme](page)
    page.reload()
    order = sentence_order(page)
    page.keyboard.press("l")  # the first sentence of the text is current, and the text's tab stop
    current = f'.sentence[data-sentence="{order[1]}"]'
    expect(page.locator(CURRENT)).to_have_attribute("data-sentence", str(order[1]))
    marked = {"outline": "none", "offset": 0, "underline": True, "background": True}
    assert page.evaluate(SENTENCE_LOOK, current) == marked  # current: background and underline, no outline
    focus_by_tabbing(page, current)
    focused = page.evaluate(SENTENCE_LOOK, current)
    assert focused["outline"] != "none" and focused["offset"] >= 2, "focus: an outline set off from the text"
    assert focused["underline"] and focused["background"], "still marked as current"
    page.keyboard.press("ArrowDown")  # focus on a sentence that is not the current one
    look = page.evaluate(SENTENCE_LOOK, f'.sentence[data-sentence="{order[2]}"]')
    assert look["outline"] != "none" and look["offset"] >= 2 and not look["underline"] and not look["background"]


def test_themes_apply_and_persist(page: Page, server: LiveServer, article_id: str) -> None:
    page.goto(server.url + "/")
    page.locator(".display-settings summary").click()
    page.select_option("#theme", "contrast")
    page.select_option("#text-size", "large")
    page.reload()
    root = page.locator("html")
    expect(root).to_have_attribute("data-theme", "contrast")
    expect(root).to_have_attribute("data-text-size", "large")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "20px"

    page.emulate_media(forced_colors="active")  # Windows High Contrast: system colours, outline kept
    page.goto(f"{server.url}/articles/{article_id}")
    assert page.evaluate(f"getComputedStyle(document.querySelector('{CURRENT}')).outlineStyle") == "solid"
    assert page.evaluate(f"getComputedStyle(document.querySelector('{CURRENT}')).forcedColorAdjust") == "none"
    page.emulate_media(forced_colors="none", color_scheme="dark")
    page.goto(server.url + "/")
    page.locator(".display-settings summary").click()
    expect(page.locator("#theme")).to_have_value("contrast")
    page.select_option("#theme", "system")
    expect(root).not_to_have_attribute("data-theme", "contrast")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(18, 20, 23)"


@pytest.mark.parametrize("width,height", [(320, 640), (640, 400)], ids=["320px", "1280px-at-200%"])
def test_pages_reflow_without_horizontal_scrolling(browser: Browser, server: LiveServer, article_id: str,
                                                   width: int, height: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        for path in ("/", f"/articles/{article_id}"):
            page.goto(server.url + path)
            page.locator(".display-settings summary").click()  # the open settings must fit too
            for size in ("normal", "x-large"):
                page.evaluate(f"document.documentElement.dataset.textSize = '{size}'")
                overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
                assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px with {size} text"
        # Not sticky at this size: the player bar would take too much of a small screen.
        assert page.evaluate("getComputedStyle(document.getElementById('player-bar')).position") == "static"
    finally:
        context.close()


def test_on_a_phone_a_resumed_article_opens_with_play_in_view(browser: Browser, server: LiveServer,
                                                              article_id: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{server.url}/articles/{article_id}")
        order = sentence_order(page)
        server.api("PUT", f"/api/articles/{article_id}/progress", {"sentence": order[-3]})  # far down the text
        page.reload()
        expect(page.locator(CURRENT)).to_have_attribute("data-sentence", str(order[-3]))  # marked
        page.wait_for_timeout(1000)  # a smooth scroll would have ended
        expect(page.locator("#play")).to_be_in_viewport(ratio=1)
        page.locator("#play").tap()  # and it plays from the saved sentence
        wait_until_playing_advances(page)
        expect(page.locator(CURRENT)).to_have_attribute("data-sentence", str(order[-3]))
    finally:
        context.close()


COVERED_BY_BAR = """() => {
    const bar = document.getElementById('player-bar').getBoundingClientRect();
    const box = document.activeElement.getBoundingClientRect();
    return box.top < bar.bottom && box.bottom > bar.top;
}"""


def test_sticky_bar_never_covers_the_focused_element(page: Page, server: LiveServer, article_id: str) -> None:
    page.goto(f"{server.url}/articles/{article_id}")
    assert page.evaluate("getComputedStyle(document.getElementById('player-bar')).position") == "sticky"
    page.locator(".sentence").last.focus()
    for _ in range(len(sentence_order(page)) - 1):  # up through the text with the arrow keys
        page.keyboard.press("ArrowUp")
        page.wait_for_function(f"() => !({COVERED_BY_BAR})()", timeout=10_000)  # smooth scrolling, busy CPU
    page.locator(".sentence").last.focus()
    page.keyboard.press("Shift+Tab")  # back from the text into the settings, scrolled well below the bar
    while not page.evaluate("document.activeElement.closest('#player-bar') !== null"):
        page.wait_for_function(f"() => !({COVERED_BY_BAR})()", timeout=10_000)  # smooth scrolling, busy CPU
        page.keyboard.press("Shift+Tab")


@pytest.mark.parametrize("motion,behavior", [("reduce", "auto"), ("no-preference", "smooth")])
def test_scrolling_follows_reduced_motion(browser: Browser, server: LiveServer, article_id: str,
                                          motion: str, behavior: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, reduced_motion=motion)
    page = context.new_page()
    page.add_init_script("""
        window.scrollCalls = [];
        const original = Element.prototype.scrollIntoView;
        Element.prototype.scrollIntoView = function (options) {
            window.scrollCalls.push(options && options.behavior);
            return original.call(this, options);
        };""")
    try:
        page.goto(f"{server.url}/articles/{article_id}")
        page.locator("#article-text .sentence").first.focus()
        page.evaluate("window.scrollCalls = []")  # forget the scroll to the resumed position
        page.keyboard.press("End")  # the last sentence is far below: the view must follow it
        expect(page.locator(".sentence").last).to_be_focused()
        assert page.evaluate("window.scrollCalls") == [behavior]
        assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == behavior
    finally:
        context.close()


def test_sentences_are_one_tab_stop_and_enter_plays_from_one(page: Page, server: LiveServer, article_id: str) -> None:
    page.goto(f"{server.url}/articles/{article_id}")
    assert page.locator('.sentence[tabindex="0"]').count() == 1
    order = sentence_order(page)
    page.locator("#article-text .sentence").first.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    third = page.locator(f'.sentence[data-sentence="{order[3]}"]')
    expect(third).to_be_focused()
    assert page.locator('.sentence[tabindex="0"]').count() == 1
    page.keyboard.press("Enter")
    expect(page.locator(CURRENT)).to_have_attribute("data-sentence", str(order[3]))
    wait_until_playing_advances(page)
    page.locator(f'.sentence[data-sentence="{order[4]}"]').click()
    expect(page.locator(CURRENT)).to_have_attribute("data-sentence", str(order[4]))
    page.keyboard.press("k")
    expect(page.locator("#status")).to_have_text("Paused")


def test_tab_order_is_stable_with_one_stop_in_the_article_text(page: Page, server: LiveServer,
                                                               article_id: str) -> None:
    page.goto(f"{server.url}/articles/{article_id}")
    order = sentence_order(page)
    title = f'.sentence[data-sentence="{order[0]}"]'
    assert current_sentence(page) == order[0]  # the title is the current sentence, and no tab stop
    stops = tab_order(page)
    sentences = [stop for stop in stops if re.fullmatch(r"sentence-\d+", stop)]
    assert sentences == [f"sentence-{order[1]}"], "one stop, in the article text, on its first sentence"
    assert stops.index("play") < stops.index("speed") < stops.index("help-open") < stops.index(sentences[0]), stops
    assert page.locator(f"{title}[tabindex]").count() == 0  # the headline is never a stop

    for _ in range(3):
        page.keyboard.press("l")  # playback moves on: the stop follows the current sentence, in the same place
    expect(page.locator(CURRENT)).to_have_attribute("data-sentence", str(order[3]))
    moved = tab_order(page)
    assert moved == [f"sentence-{order[3]}" if stop == sentences[0] else stop for stop in stops]

    # What a screen reader is told: an actionable button named by its text, with its place in the article, inside
    # the region named "Article text"; the headline stays a heading's text.
    stop = accessible_node(page, f'.sentence[data-sentence="{order[3]}"]')
    text = page.locator(f'.sentence[data-sentence="{order[3]}"]').inner_text()
    assert (stop["role"], stop["name"], stop["description"]) == ("button", text, f"Sentence 3 of {len(order) - 1}")
    region = accessible_node(page, "#reader-text")
    assert (region["role"], region["name"]) == ("region", "Article text")
    assert region["description"] == page.locator("#text-hint").inner_text()
    assert accessible_node(page, title)["role"] != "button"


def test_shortcuts_stay_out_of_form_fields_and_single_keys_can_be_switched_off(page: Page, server: LiveServer,
                                                                               article_id: str) -> None:
    page.goto(f"{server.url}/articles/{article_id}")
    expect(page.locator("#next-sentence")).to_have_attribute("aria-keyshortcuts", "Alt+Shift+. L")
    expect(page.locator("#play")).to_have_attribute("aria-keyshortcuts", "Alt+Shift+Space K Space")
    start = current_sentence(page)

    page.locator("#sleep").focus()
    page.keyboard.press("l")
    page.keyboard.press("]")
    assert current_sentence(page) == start
    assert page.evaluate("document.getElementById('audio-a').playbackRate") == 1

    page.keyboard.press("Alt+Shift+/")
    dialog = page.locator("#help-dialog")
    expect(dialog).to_be_visible()
    dialog.locator("#shortcuts-enabled").focus()
    page.keyboard.press("Space")  # the switch: off
    page.keyboard.press("Escape")
    page.reload()
    expect(page.locator("#shortcuts-enabled")).not_to_be_checked()
    expect(page.locator("#next-sentence")).to_have_attribute("aria-keyshortcuts", "Alt+Shift+.")
    page.locator("main").focus()
    page.keyboard.press("l")
    page.keyboard.press("?")
    assert current_sentence(page) == start
    expect(page.locator("#help-dialog")).to_be_hidden()

    page.locator("#next-sentence").click()  # the buttons always work
    expect(page.locator(CURRENT)).not_to_have_attribute("data-sentence", str(start))


def test_modifier_shortcuts_work_anywhere_but_text_fields_and_the_keys_can_be_chosen(page: Page, server: LiveServer,
                                                                                    article_id: str) -> None:
    page.goto(f"{server.url}/articles/{article_id}")
    order = sentence_order(page)
    page.locator("#voice").focus()  # in a list box, where single keys are left alone
    page.keyboard.press("Alt+Shift+.")
    expect(page.locator(CURRENT)).to_have_attribute("data-sentence", str(order[1]))
    page.keyboard.press("Alt+Shift+PageDown")
    expect(page.locator("#status")).to_contain_text("Paragraph 3 of")
    page.keyboard.press("Alt+Shift+,")
    expect(page.locator(CURRENT)).to_have_attribute("data-sentence", str(order[1]))
    page.keyboard.press("Alt+Shift+'")
    expect(page.locator("#status")).to_contain_text("Avigdor Liberman, sentence")
    page.keyboard.press("Alt+Shift+]")
    expect(page.locator("#speed-value")).to_have_text("1.1×")
    page.keyboard.press("Alt+Shift+-")
    expect(page.locator("#volume-value")).to_have_text("75%")
    page.locator("#next-paragraph").focus()
    page.keyboard.press("Alt+Shift+Space")  # plays, and does not also press the focused button
    wait_until_playing_advances(page)
    expect(page.locator("#status")).to_have_text("Volume 75%")  # not "Paragraph …": Next paragraph not pressed
    page.keyboard.press("Alt+Shift+Space")
    expect(page.locator("#play")).to_have_accessible_name("Play")

    page.keyboard.press("Alt+Shift+/")
    dialog = page.locator("#help-dialog")
    expect(dialog).to_be_visible()
    rows = dialog.locator("#shortcut-rows tr")
    expect(rows.filter(has_text="Next sentence")).to_have_text(re.compile(r"Next sentence\s*Alt\+Shift\+\.\s*L"))
    assert axe_violations(page) == []
    dialog.locator("#shortcut-modifier").select_option("ctrl-alt")
    expect(dialog.locator("#modifier-keys-heading")).to_have_text("With Ctrl+Alt")
    expect(rows.filter(has_text="Next sentence")).to_have_text(re.compile(r"Ctrl\+Alt\+\."))
    page.keyboard.press("Escape")
    page.reload()
    expect(page.locator("#next-sentence")).to_have_attribute("aria-keyshortcuts", "Control+Alt+. L")
    expect(page.locator("#shortcut-modifier")).to_have_value("ctrl-alt")
    page.locator("main").focus()
    before = current_sentence(page)
    page.keyboard.press("Alt+Shift+.")
    page.wait_for_timeout(300)
    assert current_sentence(page) == before  # Alt+Shift does nothing now
    page.keyboard.press("Control+Alt+.")
    expect(page.locator(CURRENT)).to_have_attribute("data-sentence", str(order[order.index(before) + 1]))


def test_help_dialog_opens_and_returns_focus(page: Page, server: LiveServer, article_id: str) -> None:
    page.goto(f"{server.url}/articles/{article_id}")
    page.locator("#help-open").focus()
    page.keyboard.press("Enter")
    dialog = page.locator("#help-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Close")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator("#help-open")).to_be_focused()


def test_speed_and_volume_buttons_clamp_and_are_remembered(page: Page, server: LiveServer, article_id: str) -> None:
    page.goto(f"{server.url}/articles/{article_id}")
    assert page.evaluate("document.getElementById('audio-a').volume") == pytest.approx(0.8)
    for _ in range(30):
        page.locator("#speed-up").click()
    expect(page.locator("#speed-value")).to_have_text("3.0×")
    page.locator("#speed").focus()
    for _ in range(5):
        page.keyboard.press("ArrowLeft")  # the slider itself, by keyboard
    expect(page.locator("#speed-value")).to_have_text("2.5×")
    page.locator("#volume-down").click()
    expect(page.locator("#status")).to_have_text("Volume 75%")
    page.reload()
    expect(page.locator("#speed-value")).to_have_text("2.5×")
    assert page.evaluate("[...document.querySelectorAll('audio')].map(a => a.playbackRate)") == [2.5, 2.5]
    assert page.evaluate("document.getElementById('audio-b').volume") == pytest.approx(0.75)


def test_speed_and_volume_changes_are_announced_once_after_a_burst(page: Page, server: LiveServer,
                                                                   article_id: str) -> None:
    page.add_init_script(RECORD_LIVE_REGIONS)
    page.goto(f"{server.url}/articles/{article_id}")
    page.locator("main").focus()
    for _ in range(5):  # quick presses, as a listener finding their speed
        page.keyboard.press("]")
        page.wait_for_timeout(150)
    expect(page.locator("#status")).to_have_text("Speed 1.5×")
    page.wait_for_timeout(800)
    assert page.evaluate("window.announced") == ["Speed 1.5×"]
    page.locator("#volume-down").click()
    expect(page.locator("#status")).to_have_text("Volume 75%")
    page.wait_for_timeout(800)
    assert page.evaluate("window.announced") == ["Speed 1.5×", "Volume 75%"]
    expect(page.locator("#speed-value")).to_have_text("1.5×")  # still shown


def test_library_reports_errors_next_to_the_form_and_deletes_after_confirmation(page: Page, server: LiveServer) -> None:
    page.goto(server.url + "/")
    # Progress and success are polite; an error is read once, as the description of the field that gets the focus
    # (not also from a live region).
    assert page.evaluate("document.querySelectorAll('.add-form [role=alert], .add-form [aria-live]').length") == 0
    for form in ("url", "text", "file"):
        expect(page.locator(f"#add-{form}-status")).to_have_attribute("role", "status")
    page.locator("#add-text button[type=submit]").click()
    expect(page.locator("#text")).to_be_focused()
    expect(page.locator("#text")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#text")).to_have_accessible_description(re.compile(r"Error: Paste the text"))
    expect(page.locator("#add-text-status")).to_be_empty()

    page.fill("#url", "http://127.0.0.1:9/story")  # a private address: the server refuses it
    page.locator("#add-url button[type=submit]").click()
    expect(page.locator("#add-url-error")).to_contain_text("Error: ", timeout=30_000)
    expect(page.locator("#url")).to_be_focused()
    expect(page.locator("#url")).to_have_accessible_description(re.compile("private"))
    expect(page.locator("#add-url-status")).to_be_empty()
    assert axe_violations(page) == []  # the messages shown pass too

    page.fill("#text", "Fixed now\n\nA paragraph that is fine.")
    page.locator("#add-text button[type=submit]").click()
    expect(page.locator("#add-text-status")).to_contain_text("Added", timeout=30_000)
    expect(page.locator("#add-text-error")).to_be_empty()
    expect(page.locator("#text")).not_to_have_attribute("aria-invalid", "true")

    title = "A short story to delete"
    added = server.api("POST", "/api/articles",
                       {"text": f"{title}\n\nThe first paragraph has one sentence.\n\nThe second one has another."})
    server.api("PUT", f"/api/articles/{added['id']}/progress", {"sentence": added["sentences"] - 1})
    page.reload()
    item = page.locator(f'.article-item[data-id="{added["id"]}"]')
    expect(item.locator('[data-field="progress-text"]')).to_have_text("Listened to the end")
    delete = item.get_by_role("button", name=f"Delete {added['title']}")
    delete.click()
    dialog = page.locator("#delete-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Keep it")).to_be_focused()
    page.keyboard.press("Escape")
    expect(item).to_be_visible()
    expect(delete).to_be_focused()

    delete.click()
    dialog.get_by_role("button", name="Delete").click()
    expect(item).to_have_count(0)
    expect(page.locator("#list-status")).to_have_text(f"Deleted “{added['title']}”.")
    assert added["id"] not in [a["id"] for a in server.api("GET", "/api/articles")["articles"]]


def test_a_form_error_submitted_with_enter_is_announced(page: Page, server: LiveServer) -> None:
    page.add_init_script(RECORD_LIVE_REGIONS)
    page.goto(server.url + "/")
    field = page.locator("#url")
    field.fill("ftp://x/y")
    field.press("Enter")  # the focus stays in the field: nothing moves to the error
    expect(page.locator("#add-url-error")).to_contain_text("Error: ", timeout=30_000)
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_be_focused()
    said = "window.announced.filter(text => text.startsWith('Error: '))"
    page.wait_for_function(f"() => {said}.length === 1")
    assert page.evaluate(said) == [page.locator("#add-url-error").inner_text()]
    expect(field).to_have_accessible_description("")  # not also as a description changing under the focus
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    expect(field).to_have_accessible_description(page.locator("#add-url-error").inner_text())  # back, once left
    field.press("Enter")  # the same mistake again is said again
    page.wait_for_function(f"() => {said}.length === 2")
    expect(page.locator("#add-url-status")).not_to_be_visible()  # said, not shown twice
    field.fill("")
    field.press("Enter")  # an error found before asking the server, too
    expect(page.locator("#add-url-error")).to_contain_text("Enter the web address")
    page.wait_for_function(f"() => {said}.length === 3")
    page.wait_for_timeout(400)
    assert len(page.evaluate(said)) == 3, "each error is said once"


def test_changing_the_voice_reloads_the_clips_and_is_remembered(page: Page, server: LiveServer,
                                                                 article_id: str) -> None:
    page.add_init_script(RECORD_LIVE_REGIONS)
    page.goto(f"{server.url}/articles/{article_id}")
    voice = page.locator("#voice")
    expect(voice.locator("option")).not_to_have_count(1)  # the voices have arrived
    languages = page.evaluate("[...document.querySelectorAll('#voice option')].map(o => o.textContent)")
    assert all("(en" in label for label in languages[1:]), "only voices for the article's language"
    before = page.locator(".segment").first.get_attribute("data-audio")
    choice = page.evaluate("""[...document.querySelectorAll('#voice option')]
        .find(o => o.value !== '' && o.textContent.includes('(en-gb-scotland)')).value""")
    voice.select_option(choice)
    expect(page.locator(".segment").first).not_to_have_attribute("data-audio", before)
    after = page.locator(".segment").first.get_attribute("data-audio")
    assert not [text for text in page.evaluate("window.announced") if "Voice" in text], \
        "the select itself says which voice is chosen"

    page.reload()
    expect(voice).to_have_value(choice)
    expect(page.locator(".segment").first).to_have_attribute("data-audio", after)
    page.locator("#play").click()  # from the headline, in the chosen voice
    page.wait_for_function("""src => [...document.querySelectorAll('audio')]
        .some(a => !a.paused && a.getAttribute('src') === src && a.currentTime > 0)""", arg=after, timeout=60_000)
    page.keyboard.press("k")


def test_the_voice_list_applies_a_choice_when_it_is_committed_not_at_each_arrow(page: Page, server: LiveServer,
                                                                                article_id: str) -> None:
    asked: list[str] = []  # the clip lists fetched for another voice
    page.on("request", lambda request: asked.append(request.url) if "engine=" in request.url else None)
    page.goto(f"{server.url}/articles/{article_id}")
    voice = page.locator("#voice")
    expect(voice.locator("option")).not_to_have_count(1)  # the voices have arrived
    start = voice.input_value()
    stored = "localStorage.getItem('audionews.voice')"

    def wait_until_applied(before: str | None) -> str:
        page.wait_for_function(f"before => {stored} !== before", arg=before, timeout=10_000)
        return page.evaluate(stored)

    voice.focus()
    for _ in range(3):  # looking through the list with the arrow keys
        page.keyboard.press("ArrowDown")
        page.wait_for_timeout(150)
    assert voice.input_value() != start
    assert asked == [], "nothing is applied while the listener looks through the list"
    page.keyboard.press("Enter")  # this one
    first = wait_until_applied(None)
    assert len(asked) == 1

    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")  # leaving the list commits too
    second = wait_until_applied(first)
    assert len(asked) == 2

    voice.focus()
    page.keyboard.press("ArrowUp")  # and a pause on one, for those who never press Enter
    page.wait_for_timeout(500)
    assert len(asked) == 2
    assert wait_until_applied(second) == first
    page.wait_for_timeout(500)
    assert len(asked) == 3


def test_speaker_navigation_skips_the_narrator(page: Page, server: LiveServer, article_id: str) -> None:
    page.goto(f"{server.url}/articles/{article_id}")
    page.locator(".sentence").first.click()  # play from the title
    page.keyboard.press("k")
    speakers = page.evaluate("""[...document.querySelectorAll('.segment')].filter(s => s.dataset.speaker)
        .map(s => [s.dataset.speaker, Number(s.closest('.sentence').dataset.sentence)])""")
    assert len({name for name, _ in speakers}) >= 2, "the sample quotes at least two people"
    first_name, first_sentence = speakers[0]
    page.keyboard.press("s")
    expect(page.locator(CURRENT)).to_have_attribute("data-sentence", str(first_sentence))
    expect(page.locator("#status")).to_contain_text(f"{first_name}, sentence")
    expect(page.locator("#speaker")).to_have_text(f"Quote: {first_name}")
    second_name, second_sentence = next((name, sentence) for name, sentence in speakers if name != first_name)
    page.keyboard.press("s")
    expect(page.locator(CURRENT)).to_have_attribute("data-sentence", str(second_sentence))
    expect(page.locator("#status")).to_contain_text(f"{second_name}, sentence")
    page.keyboard.press("Shift+S")
    page.keyboard.press("Shift+S")
    expect(page.locator("#status")).to_have_text("No other speaker before this point.")
    expect(page.locator(CURRENT)).to_have_attribute("data-sentence", str(first_sentence))


def test_next_speaker_goes_forward_from_inside_a_turn(page: Page, server: LiveServer, article_id: str) -> None:
    page.goto(f"{server.url}/articles/{article_id}")
    order = sentence_order(page)
    quotes = page.evaluate("""[...document.querySelectorAll('.segment')].filter(s => s.dataset.speaker)
        .map(s => [s.dataset.speaker, Number(s.closest('.sentence').dataset.sentence)])""")
    first_name, first_sentence = quotes[0]
    for _ in range(order.index(first_sentence) + 1):  # to the sentence after the first quote, still in that turn
        page.keyboard.press("l")
    here = order.index(first_sentence) + 1
    expect(page.locator(CURRENT)).to_have_attribute("data-sentence", str(order[here]))
    turns = [(name, sentence) for index, (name, sentence) in enumerate(quotes)
             if index == 0 or name != quotes[index - 1][0]]
    for name, sentence in turns[1:]:
        page.keyboard.press("s")
        expect(page.locator(CURRENT)).to_have_attribute("data-sentence", str(sentence))
        expect(page.locator("#status")).to_have_text(f"{name}, sentence {order.index(sentence)} of {len(order) - 1}")
    page.keyboard.press("s")
    expect(page.locator("#status")).to_have_text("No other speaker after this point.")
    for name, sentence in reversed(turns[:-1]):
        page.keyboard.press("Shift+S")
        expect(page.locator(CURRENT)).to_have_attribute("data-sentence", str(sentence))
        expect(page.locator("#status")).to_have_text(f"{name}, sentence {order.index(sentence)} of {len(order) - 1}")


def test_sleep_timer_pauses_playback(page: Page, server: LiveServer, article_id: str) -> None:
    page.clock.install()
    page.goto(f"{server.url}/articles/{article_id}")
    page.locator(".sentence").first.click()
    wait_until_playing_advances(page)
    page.select_option("#sleep", "15")
    expect(page.locator("#sleep-remaining")).to_have_text("Stops in 15 min.")
    page.clock.fast_forward("10:00")
    expect(page.locator("#sleep-remaining")).to_have_text("Stops in 5 min.")
    assert playing_time(page) > 0
    page.clock.fast_forward("05:01")
    expect(page.locator("#status")).to_have_text("Sleep timer: playback paused.")
    assert playing_time(page) == 0
    expect(page.locator("#sleep")).to_have_value("")


def test_the_sleep_timer_at_the_end_of_the_article_says_so_once(page: Page, server: LiveServer,
                                                                 article_id: str) -> None:
    page.add_init_script(RECORD_STATUS)
    page.add_init_script("localStorage.setItem('audionews.speed', '3')")
    page.goto(f"{server.url}/articles/{article_id}")
    page.select_option("#sleep", "end")
    expect(page.locator("#sleep-remaining")).to_have_text("Stops at the end of the article.")
    page.locator("#article-text .sentence").last.click()  # the last sentence: the end comes soon
    wait_until_playing_advances(page)
    page.wait_for_function("() => window.spoken.length > 0 && !document.querySelector('#play.is-playing')",
                           timeout=60_000)
    page.wait_for_timeout(800)  # anything else would have been said by now
    assert page.evaluate("window.spoken") == ["End of article. Sleep timer off."]
    expect(page.locator("#sleep")).to_have_value("")
    expect(page.locator("#sleep-remaining")).to_be_empty()


def test_address_errors_quote_what_was_typed_and_speak_to_people(page: Page, server: LiveServer) -> None:
    page.goto(server.url + "/")
    error = page.locator("#add-url-error")
    page.fill("#url", "not a url")
    page.locator("#add-url button[type=submit]").click()
    expect(error).to_have_text(
        "Error: “not a url” is not an http or https address; audionews reads only web pages.", timeout=30_000)
    page.fill("#url", "http://127.0.0.1:9/story")
    page.locator("#add-url button[type=submit]").click()
    expect(error).to_have_text("Error: 127.0.0.1 is on a local or private network, so audionews cannot read it.",
                               timeout=30_000)


def test_pause_resumes_where_it_stopped(page: Page, server: LiveServer, article_id: str) -> None:
    page.goto(f"{server.url}/articles/{article_id}")
    longest = page.evaluate("""[...document.querySelectorAll('#article-text .sentence')]
        .sort((a, b) => b.textContent.length - a.textContent.length)[0].dataset.sentence""")
    page.locator(f'.sentence[data-sentence="{longest}"]').click()
    wait_until_playing_advances(page)
    assert page.evaluate("navigator.mediaSession.playbackState") == "playing"  # for headset buttons
    assert page.evaluate("navigator.mediaSession.metadata.title") == page.locator("h1").inner_text().strip()
    page.keyboard.press("k")
    expect(page.locator("#status")).to_have_text("Paused")
    assert page.evaluate("navigator.mediaSession.playbackState") == "paused"
    src, paused_at = page.evaluate("""(() => { const a = [...document.querySelectorAll('audio')]
        .sort((x, y) => y.currentTime - x.currentTime)[0]; return [a.getAttribute('src'), a.currentTime]; })()""")
    assert paused_at > 0
    page.keyboard.press("k")
    page.wait_for_function("""([src, t]) => [...document.querySelectorAll('audio')]
        .some(a => !a.paused && a.getAttribute('src') === src && a.currentTime > t)""", arg=[src, paused_at])
    expect(page.locator(CURRENT)).to_have_attribute("data-sentence", longest)
    page.keyboard.press("k")


def test_upload_a_file_from_the_library(page: Page, server: LiveServer) -> None:
    page.goto(server.url + "/")
    page.set_input_files("#file", SAMPLE)
    page.locator("#add-file button[type=submit]").click()
    message = page.locator("#add-file-status")
    expect(message).to_contain_text("Added “", timeout=60_000)
    expect(page.locator(".article-item a").first).to_be_focused()  # the new article's link, to open it
    expect(page.locator("#file")).to_have_value("")  # the form is ready for the next one
    ids = page.evaluate("[...document.querySelectorAll('.article-item')].map(item => item.dataset.id)")
    assert len(ids) == len(set(ids)), "an article the library already had is listed once"


def test_a_slow_clip_is_announced_politely_then_plays(page: Page, server: LiveServer, article_id: str) -> None:
    held: list[Route] = []  # clip requests kept waiting, as if the clips were still being made
    released: list[bool] = []
    page.route("**/audio/*.wav", lambda route: route.continue_() if released else held.append(route))
    page.goto(f"{server.url}/articles/{article_id}")
    page.locator(".sentence").first.click()
    expect(page.locator("#preparing")).to_be_visible()
    expect(page.locator("#status")).to_have_text(PREPARING)  # the listener asked: said at once
    assert page.locator("#status").get_attribute("role") == "status"
    released.append(True)  # the clips are ready now
    for route in held:
        route.continue_()
    wait_until_playing_advances(page)
    expect(page.locator("#preparing")).to_be_hidden()
    expect(page.locator("#status")).to_be_empty()  # taken back once the audio plays
    page.keyboard.press("k")


def test_a_clip_that_cannot_be_fetched_is_a_clear_message_not_a_hung_wait(page: Page, server: LiveServer,
                                                                          article_id: str) -> None:
    page.goto(f"{server.url}/articles/{article_id}")
    page.route("**/audio/*.wav", lambda route: route.abort("connectionrefused"))  # the server went away
    page.locator("#play").click()
    error = page.locator("#player-error")
    expect(error).to_have_text("The audionews server could not be reached. Check that it is running, then try again.")
    assert error.get_attribute("role") == "alert"
    expect(page.locator("#play")).to_have_accessible_name("Play")  # stopped, not spinning
    expect(page.locator("#preparing")).to_be_hidden()
    page.unroute("**/audio/*.wav")
    page.locator("#play").click()  # and it recovers once the clips can be fetched again
    wait_until_playing_advances(page)
    expect(error).to_be_empty()
    page.keyboard.press("k")


TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }"""  # WCAG 1.4.12: the user may override spacing to these values


@pytest.mark.parametrize("width", [320, 1280])
def test_text_spacing_overrides_lose_nothing(browser: Browser, server: LiveServer, article_id: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800}, bypass_csp=True)  # a user style sheet
    page = context.new_page()
    try:
        for path in ("/", f"/articles/{article_id}"):
            page.goto(server.url + path)
            page.add_style_tag(content=TEXT_SPACING)
            clipped = page.evaluate("""[...document.querySelectorAll('button, .button, summary, label, select')]
                .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
                .map(e => e.id || e.textContent.trim())""")
            assert clipped == [], f"text cut off on {path} at {width}px: {clipped}"
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px with wider text spacing"
    finally:
        context.close()


def test_the_view_follows_playback_after_a_choice_but_not_while_browsing(page: Page, server: LiveServer,
                                                                        article_id: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 500})
    page.emulate_media(reduced_motion="reduce")  # instant scrolling: positions can be compared at once
    page.add_init_script("localStorage.setItem('audionews.speed', '3')")
    page.goto(f"{server.url}/articles/{article_id}")
    order = sentence_order(page)
    shortest = page.evaluate("""[...document.querySelectorAll('#article-text .sentence')].slice(0, 8)
        .sort((a, b) => a.textContent.length - b.textContent.length)[0].dataset.sentence""")
    start = order.index(int(shortest))
    page.locator(f'.sentence[data-sentence="{shortest}"]').click()  # play from it; focus stays on it
    page.evaluate("window.scrollTo({top: document.body.scrollHeight, behavior: 'instant'})")  # reading elsewhere
    expect(page.locator(CURRENT)).to_have_attribute("data-sentence", str(order[start + 1]), timeout=30_000)
    expect(page.locator(CURRENT)).to_be_in_viewport()  # brought back into view

    page.locator(".sentence").last.focus()
    page.keyboard.press("ArrowUp")  # browsing the text with the arrow keys: playback must not pull the view
    browsing_at = page.evaluate("scrollY")
    expect(page.locator(CURRENT)).to_have_attribute("data-sentence", str(order[start + 2]), timeout=30_000)
    assert page.evaluate("scrollY") == browsing_at
    expect(page.locator(CURRENT)).not_to_be_in_viewport()
    page.keyboard.press("k")


def test_the_status_is_quiet_at_load_and_says_where_it_resumes_at_the_first_play(page: Page, server: LiveServer,
                                                                                 article_id: str) -> None:
    page.add_init_script(RECORD_STATUS)
    page.goto(f"{server.url}/articles/{article_id}")
    order = sentence_order(page)
    server.api("PUT", f"/api/articles/{article_id}/progress", {"sentence": order[3]})
    page.reload()
    expect(page.locator(CURRENT)).to_have_attribute("data-sentence", str(order[3]))
    page.wait_for_timeout(600)  # longer than the announcer takes to speak
    assert page.evaluate("window.spoken") == []  # nothing said over the screen reader reading the new page
    page.locator("#play").click()
    expect(page.locator("#status")).to_have_text(f"Resuming at sentence 3 of {len(order) - 1}.")
    wait_until_playing_advances(page)
    page.keyboard.press("k")
    page.keyboard.press("k")  # once only
    wait_until_playing_advances(page)
    assert page.evaluate("window.spoken").count(f"Resuming at sentence 3 of {len(order) - 1}.") == 1
    page.keyboard.press("k")


def test_a_slow_hand_off_between_sentences_is_spoken_only_when_it_drags_on(page: Page, server: LiveServer,
                                                                           article_id: str) -> None:
    page.add_init_script(RECORD_STATUS)
    page.add_init_script("localStorage.setItem('audionews.speed', '3')")
    page.goto(f"{server.url}/articles/{article_id}")
    title, *clips = page.evaluate("""[...document.querySelectorAll('.segment')]
        .sort((a, b) => a.dataset.segment - b.dataset.segment).slice(0, 3).map(s => s.dataset.audio)""")
    page.evaluate("async src => { await (await fetch(src)).arrayBuffer(); }", title)  # made: the title starts at once
    held: dict[str, list] = {clip: [] for clip in clips}  # the clip requests kept waiting, as if still being made
    released: set[str] = set()

    def hold(route: Route) -> None:
        clip = route.request.url.removeprefix(server.url)
        if clip in released:
            route.continue_()
        else:
            held[clip].append(route)

    def release(clip: str) -> None:
        released.add(clip)
        for route in held[clip]:
            route.continue_()

    for clip in clips:
        page.route(server.url + clip, hold)

    def wait_until_playing(clip: str) -> None:
        page.wait_for_function("""src => [...document.querySelectorAll('audio')]
            .some(a => !a.paused && a.getAttribute('src') === src && a.currentTime > 0)""", arg=clip, timeout=60_000)

    page.locator(".sentence").first.click()  # the title plays; the next sentence's clip is held back
    expect(page.locator("#preparing")).to_be_visible(timeout=30_000)  # the hand-off is waiting, visibly
    page.wait_for_timeout(1200)
    release(clips[0])
    wait_until_playing(clips[0])
    expect(page.locator("#preparing")).to_be_hidden()
    assert PREPARING not in page.evaluate("window.spoken"), "a short wait between sentences is not announced"

    expect(page.locator("#preparing")).to_be_visible(timeout=30_000)  # the next hand-off, held longer
    expect(page.locator("#status")).to_have_text(PREPARING, timeout=10_000)  # a long silence is explained
    release(clips[1])
    wait_until_playing(clips[1])
    expect(page.locator("#status")).to_be_empty()  # and taken back once the audio plays
    page.keyboard.press("k")


def test_a_voice_that_cannot_be_had_leaves_the_old_one_chosen(page: Page, server: LiveServer, article_id: str) -> None:
    page.goto(f"{server.url}/articles/{article_id}")
    voice = page.locator("#voice")
    expect(voice.locator("option")).not_to_have_count(1)  # the voices have arrived
    before = voice.input_value()
    clip = page.locator(".segment").first.get_attribute("data-audio")
    page.route("**/api/articles/*?engine=*", lambda route: route.abort("connectionrefused"))  # the server went away
    other = page.evaluate("""v => [...document.querySelectorAll('#voice option')].find(o => o.value !== v).value""",
                          before)
    voice.select_option(other)
    error = page.locator("#player-error")
    expect(error).to_contain_text("The voice could not be changed: The audionews server could not be reached.")
    expect(voice).to_have_value(before)  # the select shows the voice that is still reading
    expect(error).to_contain_text(f"Still reading with {voice.locator('option:checked').inner_text()}.")
    assert page.locator(".segment").first.get_attribute("data-audio") == clip
    assert page.evaluate("localStorage.getItem('audionews.voice')") is None


def test_pronunciations_page_by_keyboard_listen_add_and_remove(page: Page, server: LiveServer) -> None:
    page.goto(server.url + "/")
    focus_by_tabbing(page, 'a[href="/pronunciations"]')  # reachable from the header
    page.keyboard.press("Enter")
    page.wait_for_url("**/pronunciations")
    expect(page.locator('a[href="/pronunciations"]')).to_have_attribute("aria-current", "page")
    assert axe_violations(page) == []

    # A bad regular expression is refused: the error is next to the field, which takes the focus and is described by it.
    focus_by_tabbing(page, "#match")
    page.keyboard.insert_text("Lib[")
    focus_by_tabbing(page, "#regex")
    page.keyboard.press("Space")
    focus_by_tabbing(page, '#add-rule button[type="submit"]')
    page.keyboard.press("Enter")
    match = page.locator("#match")
    expect(page.locator("#rule-error")).to_have_text(
        "Error: The regular expression 'Lib[' is not valid: unterminated character set at position 3.")
    expect(match).to_be_focused()
    expect(match).to_have_attribute("aria-invalid", "true")
    expect(match).to_have_accessible_description(re.compile(r"Error: The regular expression"))
    assert axe_violations(page) == []

    # Corrected, heard with Listen in a test sentence, then added.
    page.keyboard.press("Control+A")
    page.keyboard.insert_text("Liberman")
    page.keyboard.press("Tab")
    page.keyboard.insert_text("librarian")
    page.keyboard.press("Tab")
    expect(page.locator("#regex")).to_be_focused()
    page.keyboard.press("Space")  # not a regular expression after all
    focus_by_tabbing(page, "#sentence")
    page.keyboard.insert_text("Avigdor Liberman spoke on Monday.")
    page.keyboard.press("Tab")
    expect(page.locator("#listen")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#rule-status")).to_have_text("Playing: Avigdor librarian spoke on Monday.", timeout=60_000)
    page.wait_for_function("() => { const a = document.getElementById('listen-audio'); return a.currentTime > 0 || a.ended; }",
                           timeout=30_000)
    assert server.api("GET", "/api/pronunciations") == {"rules": []}  # listening saves nothing
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#rule-status")).to_have_text("Added the rule for Liberman.")
    expect(page.locator("#rule-list li")).to_have_text(['"Liberman" is said "librarian" (whole word, any case)Remove'
                                                        ' the rule for Liberman'])
    assert [rule["say"] for rule in server.api("GET", "/api/pronunciations")["rules"]] == ["librarian"]
    assert axe_violations(page) == []

    # Removed by keyboard: said in the status, the focus goes to the list's heading (nothing is left).
    remove = page.get_by_role("button", name="Remove the rule for Liberman")
    focus_by_tabbing(page, '[data-action="remove"]')
    expect(remove).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#rules-status")).to_have_text("Removed the rule for Liberman.")
    expect(page.locator("#rules-heading")).to_be_focused()
    expect(page.locator("#rules-empty")).to_be_visible()
    assert server.api("GET", "/api/pronunciations") == {"rules": []}


def test_pause_settings_are_remembered_and_waited_out_between_sentences(page: Page, server: LiveServer,
                                                                        article_id: str) -> None:
    page.add_init_script("localStorage.setItem('audionews.speed', '2')")
    page.goto(f"{server.url}/articles/{article_id}")
    expect(page.locator("#sentence-pause")).to_have_value("0.35")  # the server's
    page.locator("#sentence-pause").fill("1.5")
    page.locator("#paragraph-pause").fill("1.5")
    page.keyboard.press("Tab")
    page.reload()
    expect(page.locator("#sentence-pause")).to_have_value("1.5")
    expect(page.locator("#paragraph-pause")).to_have_value("1.5")
    page.evaluate("""() => {
        window.handOffs = [];
        for (const audio of document.querySelectorAll('audio')) {
            for (const type of ['ended', 'playing']) {
                audio.addEventListener(type, () => window.handOffs.push({type, t: performance.now()}));
            }
        }
    }""")
    page.locator("#play").click()
    page.wait_for_function("""() => window.handOffs.filter((e, n, all) => e.type === 'ended'
        && all.slice(n + 1).some(later => later.type === 'playing')).length >= 2""", timeout=60_000)
    events = page.evaluate("window.handOffs")
    gaps = [following["t"] - event["t"] for n, event in enumerate(events) if event["type"] == "ended"
            for following in [next((e for e in events[n + 1:] if e["type"] == "playing"), None)] if following]
    assert len(gaps) >= 2, events
    assert all(gap >= 1.5 / 2 * 1000 * 0.95 for gap in gaps), gaps  # 1.5 s at twice the speed, at least
    assert all(gap < 3000 for gap in gaps), gaps
