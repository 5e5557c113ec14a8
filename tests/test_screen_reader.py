"""The player as a screen-reader user meets it: Orca 43 reading Chromium (tests/screen_reader.py), keys pressed on
the X server, and assertions on what Orca said. Orca starts in browse mode, where single letters are its own keys.

One Orca session and one server for the module; each test opens its own copy of the sample article with nothing
saved in the browser. With AUDIONEWS_WRITE_ACCESSIBILITY_DOC=1 (`make accessibility-doc`) the Tab walk through the
player writes docs/ACCESSIBILITY.md from what Orca said.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from browser_support import LiveServer, accessible_node
from screen_reader import ScreenReader

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "voa-israel-intel.txt"
DOC = ROOT / "docs" / "ACCESSIBILITY.md"
CURRENT = '.sentence[aria-current="true"]'
PLAYING = "() => [...document.querySelectorAll('audio')].some(a => !a.paused)"
COUNT_PLAYED = """window.played = 0;
document.querySelectorAll('audio').forEach(a => a.addEventListener('timeupdate', () => { window.played++; }));"""
# What Orca calls each role of Chromium's accessibility tree.
ROLE_WORDS = {"button": "push button", "link": "link", "slider": "slider", "combobox": "combo box",
              "checkbox": "check box", "DisclosureTriangle": "toggle button", "spinbutton": "spin button",
              "textbox": "entry", "radio": "radio button"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with LiveServer(tmp_path_factory.mktemp("screen-reader-server")) as live:
        yield live


@pytest.fixture
def reader(screen_reader: ScreenReader, server: LiveServer) -> ScreenReader:
    """The module's Orca session, as a new listener: nothing saved in the browser by an earlier test."""
    screen_reader.clear_storage(server.url)
    return screen_reader


@pytest.fixture
def article_url(server: LiveServer, request: pytest.FixtureRequest) -> str:
    """A fresh copy of the sample for this test (its own id, no saved position)."""
    text = SAMPLE.read_text(encoding="utf-8") + f"\n\nThis copy of the article was added for {request.node.name}.\n"
    return f"{server.url}/articles/{server.api('POST', '/api/articles', {'text': text})['id']}"


def said(utterances: list[str]) -> str:
    return " ".join(" ".join(utterances).split())


def sentence_order(page: Page) -> list[int]:
    return page.evaluate("[...document.querySelectorAll('.sentence')].map(s => Number(s.dataset.sentence))")


def place(order: list[int], sentence: int) -> str:
    """How the player names where a sentence is: as people count, the title not counted."""
    index = order.index(sentence)
    return f"sentence {index} of {len(order) - 1}" if index else "title"


def current_sentence(page: Page) -> int:
    return int(page.locator(CURRENT).get_attribute("data-sentence"))


def tab_through(reader: ScreenReader, last: str, key: str = "Tab", limit: int = 40) -> list[tuple[dict[str, str],
                                                                                             list[str]]]:
    """Press Tab (or `key`) until the element matching `last` has the focus: at each stop, the focused element as
    the accessibility tree has it, and what Orca said. (One more would take the focus to the browser's controls.)"""
    stops = []
    for _ in range(limit):
        speech = reader.press(key, wait_for=bool)  # something is said at every stop
        stops.append((accessible_node(reader.page), speech))
        if reader.page.evaluate("s => document.activeElement.matches(s)", last):
            return stops
    raise AssertionError(f"{key} did not reach {last} within {limit} presses")


def says_once(stop: dict[str, str], speech: list[str]) -> str:
    """What Orca said at a control, checked to hold its name, its role and any value exactly once."""
    text = said(speech)
    name, role, value = stop["name"], ROLE_WORDS.get(stop["role"], stop["role"]), stop["value"]
    for part, what in ((name, "name"), (role, "role"), (value, "value")):
        if part:
            assert text.count(part) == 1, f"Orca said {text!r}: the {what} {part!r} not once"
    return text


def test_tab_never_stops_on_the_headline_and_each_control_says_its_name_role_and_value_once(
        reader: ScreenReader, article_url: str) -> None:
    reader.open(article_url)
    stops = tab_through(reader, last="#article-text .sentence[tabindex='0']")
    assert not [speech for _, speech in stops if "heading level 1" in said(speech)], "Tab stopped on the headline"
    assert [stop["role"] for stop, _ in stops].count("button") >= 12  # the transport, the settings, a sentence
    assert stops[-1][0]["description"].startswith("Sentence 1 of")  # the article text's one stop, last
    table = [(stop["name"] if not stop["description"].startswith("Sentence") else "A sentence of the article text",
              says_once(stop, speech)) for stop, speech in stops]

    opened = reader.press("alt+shift+slash", wait_for=lambda said: "dialog" in " ".join(said))
    assert "Keyboard shortcuts dialog" in said(opened)
    table.append(("Keyboard shortcuts (the dialog, opened with Alt+Shift+/)", said(opened)))
    backwards = tab_through(reader, last="#shortcut-modifier", key="shift+Tab")
    table += [(stop["name"], says_once(stop, speech)) for stop, speech in backwards]
    reader.press("Escape")
    if os.environ.get("AUDIONEWS_WRITE_ACCESSIBILITY_DOC"):
        write_accessibility_doc(table)


def test_in_browse_mode_the_modifier_shortcuts_reach_the_player(reader: ScreenReader, server: LiveServer,
                                                                article_url: str) -> None:
    text = SAMPLE.read_text(encoding="utf-8") + "\n\nA copy to listen to next.\n"
    server.api("POST", "/api/articles", {"text": text})  # an article not heard yet, besides this one
    reader.open(article_url)
    page = reader.page
    order = sentence_order(page)
    assert "link" in said(reader.press("k"))  # a single letter is Orca's own key: the next link
    assert not page.evaluate(PLAYING)

    page.evaluate(COUNT_PLAYED)
    reader.press("alt+shift+space")  # play
    page.wait_for_function("() => window.played > 3", timeout=60_000)  # the audio element's time goes on
    paused = reader.press("alt+shift+space", wait_for=lambda said: "Paused" in said)
    assert said(paused) == "Paused"
    assert not page.evaluate(PLAYING)

    following = order[order.index(current_sentence(page)) + 1]
    moved = reader.press("alt+shift+period", wait_for=lambda said: bool(said))
    assert current_sentence(page) == following
    assert said(moved) == place(order, following).capitalize()
    spoke = reader.press("alt+shift+apostrophe", wait_for=lambda said: bool(said))
    speaker = page.locator("#speaker").inner_text()
    assert speaker.startswith("Quote: ")
    assert said(spoke) == f"{speaker.removeprefix('Quote: ')}, {place(order, current_sentence(page))}"

    here = page.evaluate("location.href")
    onward = reader.press("alt+shift+Return", wait_for=lambda said: "Next: " in " ".join(said))  # next article
    assert said(onward).endswith("Play push button. Next: Israel Alters Intelligence Sharing with US, from pasted text")
    assert page.evaluate("location.href") != here  # (Playwright's page.url misses moves the page makes)


def test_next_and_previous_speaker_move_on_from_the_sentence_heard_and_say_where(reader: ScreenReader,
                                                                                article_url: str) -> None:
    reader.open(article_url)
    page = reader.page
    order = sentence_order(page)
    quotes = page.evaluate("""[...document.querySelectorAll('.segment')].filter(s => s.dataset.speaker)
        .map(s => [s.dataset.speaker, Number(s.closest('.sentence').dataset.sentence)])""")
    turns = [(name, sentence) for index, (name, sentence) in enumerate(quotes)
             if index == 0 or name != quotes[index - 1][0]]
    first_name, first_sentence = turns[0]
    for _ in range(order.index(first_sentence)):  # to sentence 3, where the first person is quoted
        reader.press("alt+shift+period", wait_for=lambda said: bool(said))
    assert current_sentence(page) == first_sentence

    for name, sentence in turns[1:]:
        speech = reader.press("alt+shift+apostrophe", wait_for=lambda said: bool(said))
        assert said(speech) == f"{name}, {place(order, sentence)}"
        assert current_sentence(page) == sentence
    speech = reader.press("alt+shift+apostrophe", wait_for=lambda said: bool(said))
    assert said(speech) == "No other speaker after this point."
    name, sentence = turns[-2]
    speech = reader.press("alt+shift+semicolon", wait_for=lambda said: bool(said))
    assert said(speech) == f"{name}, {place(order, sentence)}"


def test_speed_and_volume_changes_are_said_once(reader: ScreenReader, article_url: str) -> None:
    reader.open(article_url)
    reader.focus("#volume-down")
    speech = reader.press("Return", wait_for=lambda said: "Volume" in " ".join(said))  # the Quieter button
    assert said(speech) == "Volume 75%"  # was "75%", then "Volume 75%"
    speech = reader.press("alt+shift+bracketright", wait_for=lambda said: "Speed" in " ".join(said))  # faster
    assert said(speech) == "Speed 1.1×"
    reader.focus("#speed")
    speech = reader.press("Right", wait_for=bool)  # on the slider itself, its value
    assert said(speech) == "1.2 times"


def test_a_form_error_submitted_with_enter_is_said(reader: ScreenReader, server: LiveServer) -> None:
    reader.open(server.url + "/")
    reader.focus("#url")
    reader.page.fill("#url", "ftp://x/y")  # typed: not with xdotool, whose letters Orca may take for its own keys
    speech = reader.press("Return", wait_for=lambda said: "Error" in " ".join(said))
    error = "Error: “ftp://x/y” is not an http or https address; audionews reads only web pages."
    assert said(speech).count(error) == 1, speech


def test_after_adding_an_article_the_focus_is_on_its_link(reader: ScreenReader, server: LiveServer) -> None:
    reader.open(server.url + "/")
    reader.page.fill("#text", "A story added by keyboard\n\nIts only paragraph has one sentence.")
    reader.focus("#add-text button[type=submit]")
    speech = reader.press("Return", wait_for=lambda said: "Added" in " ".join(said))  # "Add pasted article"
    assert any(line.startswith("A story added by keyboard link") for line in speech), speech  # focus on the link
    assert said(speech).count("Added “A story added by keyboard”.") == 1


def test_the_voice_list_says_each_voice_once_and_nothing_more(reader: ScreenReader, article_url: str) -> None:
    reader.open(article_url)
    page = reader.page
    page.wait_for_function("document.querySelectorAll('#voice option').length > 1")  # the voices have arrived
    reader.focus("#voice")
    for _ in range(2):
        speech = said(reader.press("Down", wait_for=bool))
        option = page.evaluate("document.querySelector('#voice option:checked').textContent")
        assert speech.endswith(option) and speech.count(option) == 1, speech  # after its engine's group, if new
    speech = reader.press("Return", wait_for=lambda said: False, timeout=3)  # chosen: nothing else to say
    assert speech == []
    page.wait_for_function("localStorage.getItem('audionews.voice') !== null")


def test_nothing_is_said_over_the_narration_and_the_sleep_timers_end_is_said_once(reader: ScreenReader,
                                                                                   article_url: str) -> None:
    reader.open(article_url.rsplit("/articles/", 1)[0] + "/")
    page = reader.page
    page.evaluate("localStorage.setItem('audionews.speed', '3')")
    reader.open(article_url)
    page.select_option("#sleep", "end")
    paragraphs = page.evaluate("new Set([...document.querySelectorAll('.segment')].map(s => s.dataset.paragraph)).size")
    for _ in range(paragraphs - 3):  # to the last paragraphs: a few sentences, one quote, before the end
        reader.press("alt+shift+Next", wait_for=lambda said: bool(said))
    speech = reader.press("alt+shift+space", wait_for=lambda said: "End of article" in " ".join(said), timeout=90)
    assert said(speech) == "End of article. Sleep timer off."  # and nothing over the narration before it
    assert not page.evaluate(PLAYING)
    assert page.locator("#sleep").input_value() == ""


def write_accessibility_doc(table: list[tuple[str, str]]) -> None:
    rows = "\n".join(f"| {name} | {text.replace('|', '/')} |" for name, text in table)
    DOC.write_text(DOC_TEMPLATE.format(rows=rows), encoding="utf-8")


DOC_TEMPLATE = """# Accessibility

<!-- Written by `make accessibility-doc` (tests/test_screen_reader.py) from what Orca said: not by hand. -->

The player is made for screen readers and the keyboard, and three layers of tests hold it to that:

- **axe-core** (WCAG 2.0–2.2 A and AA, and axe's best practices) finds nothing on the library, the player and the
  shortcut list, in every theme (tests/test_browser.py).
- **Chromium's accessibility tree and live-region logging**: roles, names, descriptions, the tab order, and every
  text a live region shows, in order (tests/test_browser.py).
- **A real screen reader**: Orca 43 reading Chromium on a virtual display, its speech captured as text, keys
  pressed on the X server as a user's (tests/test_screen_reader.py). The table below comes from it.

## What Orca says at each control

Tab from the top of a player page, Orca in browse mode as a user meets a page (key echo off), then the shortcut
list opened with Alt+Shift+/ and Shift+Tab through its settings. Each control's name, role and value are said
once; the headline is never a tab stop; the article text is one stop, after the controls.

| Control | What Orca says when the focus reaches it |
| --- | --- |
{rows}

## What else is checked with Orca

- In browse mode, where single letters are Orca's own keys (K: next link), the modifier shortcuts reach the
  player: Alt+Shift+Space plays and pauses (the audio element's time goes on, then stops), Alt+Shift+. goes to
  the next sentence, Alt+Shift+' to the next speaker and Alt+Shift+Enter to the next article, each saying where.
- Next and previous speaker move on from the sentence being heard ("Donald Trump, sentence 10 of 19") and say
  "No other speaker after this point." only after the last one.
- Speed and volume changes are said once ("Volume 75%", "Speed 1.1×"); on the slider, only its value.
- The web address form's error, submitted with Enter, is said once.
- After "Add pasted article", the focus is on the new article's link ("… link heading level 3"), and "Added “…”."
  is said once.
- Arrowing through the voice list says each voice once (and its engine's group when it changes), and nothing
  else: the choice is applied when committed, without a word over the list's own.
- Nothing is said over the narration, and the sleep timer's end is said once: "End of article. Sleep timer off."

## Keyboard shortcuts with a screen reader

Hold Alt+Shift (or Ctrl+Alt, chosen in the shortcut list) with the action's key. The keys are ones Orca and the
browser leave alone: Orca lists links, headings, lists and more on Alt+Shift+letter and moves in tables on
Alt+Shift+arrows, Home and End, and Chromium opens a tab on Alt+Shift+N. The README lists them all.

## Running the screen-reader tests

`make test` installs what they need (the Debian packages orca, xvfb, xdotool, x11-utils, dbus-daemon,
libglib2.0-bin, at-spi2-core, speech-dispatcher and chromium) and runs them with the rest. Alone:

```sh
.venv/bin/python -m pytest tests/test_screen_reader.py   # about 2 minutes: one Orca session for the module
make accessibility-doc                                   # this file, again
```

The `screen_reader` fixture (tests/conftest.py, tests/screen_reader.py) starts Xvfb, a D-Bus session bus, the
AT-SPI bus, speech-dispatcher with a generic module that writes each utterance to a file, Orca and Chromium, in
about 10 s; `press(key)` returns what Orca said after a key, and every process is stopped by its process group at
the end of the module. Where Orca cannot start (a package missing, or another Orca already running for the same
user: Orca allows one per user), the tests are skipped with the reason in pytest's summary.
"""
