"""Browser tests of following and listening on: the library's Feeds section and "Play all unheard", and the
player going on with the next unheard article. Real app on loopback (feeds from the loopback news site), real
espeak-ng clips, headless Chromium, keyboard only, axe-core on every state shown."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from browser_support import LiveServer, axe_violations, focus_by_tabbing, launch_chromium, playing_time
from conftest import LocalServer
from feed_site import BY_SLUG, FeedSite, rss

CURRENT = '.sentence[aria-current="true"]'
RECORD_STATUS = """window.spoken = [];
let shown = '';
new MutationObserver(() => {
    const text = document.getElementById('status')?.textContent ?? '';
    if (text === shown) return;
    shown = text;
    if (text) window.spoken.push(text);
}).observe(document, {childList: true, subtree: true, characterData: true});"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    with LiveServer(tmp_path, env={"AUDIONEWS_ALLOW_PRIVATE_URLS": "1"}) as live:
        yield live


@pytest.fixture
def site(local_server: LocalServer) -> FeedSite:
    return FeedSite(local_server)


@pytest.fixture
def page(browser: Browser, server: LiveServer) -> Iterator[Page]:
    """A fresh browser context, closed before the server stops (no request is cut off)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(RECORD_STATUS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def short_articles(server: LiveServer, site: FeedSite, *slugs: str) -> list[str]:
    """Follow a feed whose item pages are missing, so each article is its one-paragraph summary (a few seconds of
    speech); the ids in library order (newest first)."""
    site.feed("/short.xml", rss("Westmere News", [(BY_SLUG[slug], site.url(f"/gone/{slug}")) for slug in slugs]))
    server.api("POST", "/api/feeds", {"url": site.url("/short.xml")})
    return [article["id"] for article in server.api("GET", "/api/articles")["articles"]]


def wait_until_playing_advances(page: Page) -> None:
    page.wait_for_function("""() => [...document.querySelectorAll('audio')]
        .some(a => !a.paused && a.currentTime > 0.2)""", timeout=60_000)
    before = playing_time(page)
    page.wait_for_function(f"""() => [...document.querySelectorAll('audio')]
        .some(a => !a.paused && a.currentTime > {before})""", timeout=30_000)


def play_last_sentence(page: Page) -> None:
    """By keyboard: Tab to the article text, End to its last sentence, Enter to play from there."""
    focus_by_tabbing(page, ".sentence[tabindex='0']")
    page.keyboard.press("End")
    page.keyboard.press("Enter")


def test_the_player_announces_and_plays_the_next_unheard_article(page: Page, server: LiveServer,
                                                                 site: FeedSite) -> None:
    first, heard, third = short_articles(server, site, "orchard", "reading-room", "tram")
    server.api("PUT", f"/api/articles/{heard}/progress", {"heard": True})
    next_title = BY_SLUG["tram"].title
    page.goto(f"{server.url}/articles/{first}")
    page.evaluate("window.scrollTo(0, 0)")
    assert axe_violations(page) == []

    play_last_sentence(page)
    expect(page.locator("#status")).to_have_text(f"Next: {next_title}, from Westmere News", timeout=60_000)
    page.wait_for_url(f"**/articles/{third}")
    expect(page.locator("#status")).to_have_text(f"Next: {next_title}, from Westmere News")
    expect(page.locator("#play")).to_be_focused()
    wait_until_playing_advances(page)
    expect(page.locator("#play")).to_have_accessible_name("Pause")
    articles = {a["id"]: a for a in server.api("GET", "/api/articles")["articles"]}
    assert articles[first]["heard"] and not articles[third]["heard"], "heard once played to its end"

    page.keyboard.press("Shift+N")  # the previous article in the library's order, heard or not
    page.wait_for_url(f"**/articles/{heard}")
    expect(page.locator("#status")).to_have_text(f"Previous: {BY_SLUG['reading-room'].title}, from Westmere News")
    wait_until_playing_advances(page)
    page.keyboard.press("n")  # the next one not heard yet
    page.wait_for_url(f"**/articles/{third}")
    expect(page.locator("#status")).to_have_text(f"Next: {next_title}, from Westmere News")

    page.keyboard.press("k")
    expect(page.locator("#play")).to_have_accessible_name("Play")
    page.keyboard.press("?")
    expect(page.locator("#help-dialog")).to_contain_text("Previous article in the library")
    expect(page.locator("#help-dialog")).to_contain_text("Next article not heard yet")
    page.keyboard.press("Escape")
    page.evaluate("window.scrollTo(0, 0)")
    assert axe_violations(page) == []


def test_with_continue_off_the_player_stops_at_the_end(page: Page, server: LiveServer, site: FeedSite) -> None:
    first, _ = short_articles(server, site, "harbour", "footbridge")
    page.goto(f"{server.url}/articles/{first}")
    focus_by_tabbing(page, "#continue-next")
    page.keyboard.press("Space")
    expect(page.locator("#continue-next")).not_to_be_checked()
    assert page.evaluate("localStorage.getItem('audionews.continue')") == "false"
    play_last_sentence(page)
    expect(page.locator("#status")).to_have_text("End of article.", timeout=60_000)
    page.wait_for_timeout(2500)  # longer than the pause before continuing
    assert page.url.endswith(f"/articles/{first}") and "Next:" not in " ".join(page.evaluate("window.spoken"))
    assert server.api("GET", "/api/articles")["articles"][0]["heard"] is True


def test_play_all_unheard_from_the_library(page: Page, server: LiveServer, site: FeedSite) -> None:
    newest, older = short_articles(server, site, "orchard", "harbour")
    server.api("PUT", f"/api/articles/{newest}/progress", {"heard": True})
    page.goto(server.url + "/")
    expect(page.locator(f'.article-item[data-id="{newest}"] [data-field="progress-text"]')).to_have_text("Heard")
    focus_by_tabbing(page, "#play-unheard")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/articles/{older}")
    expect(page.locator("#status")).to_have_text(f"Playing all unheard: {BY_SLUG['harbour'].title}, from Westmere News")
    wait_until_playing_advances(page)

    server.api("PUT", f"/api/articles/{older}/progress", {"heard": True})
    page.goto(server.url + "/")
    focus_by_tabbing(page, "#play-unheard")
    page.keyboard.press("Enter")
    expect(page.locator("#list-status")).to_have_text("Every article in your library has been heard.")


def test_follow_check_and_stop_following_by_keyboard(page: Page, server: LiveServer, site: FeedSite) -> None:
    site.feed("/news.xml", rss("Westmere News", site.links("tram", "harbour")))
    site.feed("/courier.xml", rss("Millbrook Courier", site.links("footbridge")))
    page.goto(server.url + "/")
    expect(page.locator("#feeds-empty")).to_be_visible()
    assert axe_violations(page) == []

    for path, message in (("/news.xml", "Following Westmere News: added 2 articles."),
                          ("/courier.xml", "Following Millbrook Courier: added 1 article.")):
        focus_by_tabbing(page, "#feed-address")
        page.keyboard.insert_text(site.url(path))
        page.keyboard.press("Enter")
        expect(page.locator("#follow-status")).to_have_text(message, timeout=60_000)
    expect(page.locator(".feed-item .feed-item__title")).to_have_text(["Westmere News", "Millbrook Courier"])
    expect(page.locator(".article-item [data-field='title']").first).to_have_text(BY_SLUG["footbridge"].title)
    assert page.locator(".article-item").count() == 3

    focus_by_tabbing(page, "#feed-address")  # a mistake is explained next to the field, which keeps the focus
    page.keyboard.insert_text(site.url("/news/tram"))
    page.keyboard.press("Enter")
    expect(page.locator("#follow-error")).to_contain_text("advertises no feed", timeout=60_000)
    expect(page.locator("#feed-address")).to_be_focused()
    expect(page.locator("#feed-address")).to_have_attribute("aria-invalid", "true")

    site.page("/courier.xml", b"<h1>Server error</h1>", status=500)
    courier = page.locator(".feed-item", has_text="Millbrook Courier")
    focus_by_tabbing(page, ".feed-item:nth-child(2) [data-action='refresh']", key="Shift+Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#feeds-status")).to_contain_text("Checked Millbrook Courier: the check failed.", timeout=60_000)
    expect(courier.locator("[data-field='error']")).to_contain_text("HTTP 500")
    expect(courier.locator("[data-action='refresh']")).to_be_focused()
    assert axe_violations(page) == []  # feeds listed, one with its error

    site.feed("/news.xml", rss("Westmere News", site.links("orchard", "tram", "harbour")))
    focus_by_tabbing(page, ".feed-item:nth-child(1) [data-action='refresh']", key="Shift+Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#feeds-status")).to_have_text("Checked Westmere News: 1 new article.", timeout=60_000)
    expect(page.locator(".article-item [data-field='title']").first).to_have_text(BY_SLUG["orchard"].title)

    focus_by_tabbing(page, ".feed-item:nth-child(2) [data-action='unfollow']")
    page.keyboard.press("Enter")
    expect(page.locator("#feeds-status")).to_have_text(
        "Stopped following Millbrook Courier; its articles stay in your library.")
    expect(page.locator(".feed-item:nth-child(1) [data-action='refresh']")).to_be_focused()
    assert page.locator(".article-item").count() == 4
    page.reload()
    expect(page.locator(".feed-item .feed-item__title")).to_have_text(["Westmere News"])
    assert axe_violations(page) == []
