"""Tests for audionews.text.extract on the VOA sample, HTML fixtures and plain-text scrapes."""
from __future__ import annotations

from pathlib import Path

import pytest

from audionews.errors import InputError
from audionews.model import Article, Document
from audionews.text.extract import extract_article, extract_document, looks_like_html

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SAMPLE = ROOT / "samples" / "voa-israel-intel.txt"


def body(article: Article) -> list[str]:
    return [p.text for p in article.paragraphs if p.kind == "body"]


def captions(article: Article) -> list[str]:
    return [p.text for p in article.paragraphs if p.kind == "caption"]


@pytest.fixture(scope="module")
def voa() -> Article:
    return extract_article(SAMPLE.read_text(encoding="utf-8"))


def test_voa_title(voa: Article) -> None:
    assert voa.title == "Israel Alters Intelligence Sharing with US"


def test_voa_no_interface_lines(voa: Article) -> None:
    for paragraph in voa.paragraphs:
        assert "Accessibility links" not in paragraph.text
        assert "Breaking News" not in paragraph.text
        assert paragraph.text not in {"XS", "SM", "MD", "LG"}
    assert {"XS", "SM", "MD", "LG"} <= {r.text for r in voa.removed}


def test_voa_standfirst_at_most_once(voa: Article) -> None:
    standfirst = "But Defense Minister Avigdor Liberman declines to say what changes had been made."
    assert sum(standfirst in p.text for p in voa.paragraphs) <= 1


def test_voa_each_body_paragraph_once(voa: Article) -> None:
    source = SAMPLE.read_text(encoding="utf-8")
    expected_starts = [
        "Israel says it has changed its intelligence-sharing protocols with the United States after "
        "President Donald Trump disclosed classified information to Russian diplomats earlier this month that",
        "Israeli defense chief Avigdor Liberman told Army Radio",
        "He added, \"What we had to clarify",
        "Liberman declined to say what changes",
        "Trump's disclosure came two weeks ago",
        "After U.S. news reports that Trump shared",
        "The issue came up again",
        "When Netanyahu was asked",
        "“Intelligence cooperation is terrific,”",
        "The original reports said only",
        "Last week, Foreign Policy magazine",
        "As news of the intelligence leak surfaced",
    ]
    texts = body(voa)
    assert len(texts) == len(expected_starts)
    for start, text in zip(expected_starts, texts):
        assert text.startswith(start)
        assert text in source


def test_voa_captions_once_each(voa: Article) -> None:
    found = captions(voa)
    assert len(found) == 2
    assert found[0].startswith("U.S. President Donald Trump meets with Russian Foreign Minister Sergey Lavrov")
    assert found[0].endswith("(Russian Foreign Ministry photo via AP)")
    assert found[1].startswith("President Donald Trump talks to reporters before a meeting")
    for caption in found:
        assert sum(p.text == caption for p in voa.paragraphs) == 1


def test_voa_removals_have_reasons(voa: Article) -> None:
    reasons = {r.reason for r in voa.removed}
    assert "interface line" in reasons and "repeated caption" in reasons
    assert any(r.startswith(("duplicate of paragraph", "near-duplicate of paragraph")) for r in reasons)


def test_sniffing() -> None:
    assert looks_like_html("<!DOCTYPE html><html><body><p>Hi</p></body></html>")
    assert looks_like_html("<div><p>Some text</p></div>")
    assert not looks_like_html("Prices rose 5% as x < y and y > z, officials said.")


@pytest.mark.parametrize("markup", ["", "   \n", "<html><body></body></html>",
                                    "<html><body><nav><a href='/'>Home</a><a href='/w'>World</a></nav></body></html>",
                                    "Home\nWorld\nSign in\nSubscribe"])
def test_no_article_raises_input_error(markup: str) -> None:
    with pytest.raises(InputError, match="No article text|empty"):
        extract_article(markup)


def test_extract_document_uses_flag() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    article = extract_document(Document(content=text, is_html=False, source="voa.txt", url="https://example.org/a"))
    assert article.title == "Israel Alters Intelligence Sharing with US"
    assert article.url == "https://example.org/a"


# --- Fixtures of our own making: each page's expected title, paragraphs (kind, opening words) ----

FIXTURES = {
    "html/semantic-figure.html": {
        "title": "Volunteers Restore a Century-Old Lighthouse on Gull Island",
        "byline": "Rosa Delgado", "published": "2024-05-18T08:15:00-04:00", "language": "en",
        "url": "https://gazette.example.com/2024/05/18/gull-island-lighthouse",
        "paragraphs": [
            ("body", "After four summers of scraping"), ("body", "The 62-foot tower will be lit again"),
            ("caption", "The restored tower on Gull Island, photographed from the ferry on Thursday."),  # credit goes
            ("body", "“Every one of us had a reason"), ("heading", "A light for boaters, not ships"),
            ("body", "The original lens was removed"), ("body", "The group raised about $210,000"),
            ("caption", "Volunteers carry paint cans up the spiral staircase in 2022."),
            ("body", "Lowell said the group would now turn"),
        ],
    },
    "html/div-soup.html": {
        "title": "Farmers Market Moves to Riverside Park for the Summer", "byline": "Derek Olsen, Staff Writer",
        "language": "en",
        "paragraphs": [
            ("body", "The Northfield farmers market will move"), ("body", "The market has operated in the garage"),
            ("body", "\"The park gives us shade"), ("body", "About 40 vendors have signed up"),
            ("body", "Parking will be available in the lot on Mill Street"),
        ],
    },
    "html/live-blog.html": {
        "title": "Election night live: results as counting continues", "language": "en",
        "paragraphs": [
            ("heading", "Turnout estimated at 64%"), ("body", "Election officials say turnout"),
            ("heading", "First results from rural counties"), ("body", "The first official results have come in"),
            ("body", "Analysts caution that the urban counties"), ("heading", "Polls close across the state"),
            ("body", "Polling stations have now closed"),
        ],
    },
    "html/cookie-paywall.html": {
        "title": "Council to Trial Four-Day Week for Office Staff", "byline": "Gemma Hughes",
        "published": "2024-02-27", "language": "en",
        "paragraphs": [
            ("body", "Office staff at the borough council"), ("body", "About 450 employees will take part."),
            ("body", "Bin collections, social care and other front-line services"),
        ],
    },
    "html/german.html": {
        "title": "Hochwasser: Stadt öffnet Notunterkünfte für Anwohner", "byline": "Lukas Hartmann",
        "published": "2024-01-06T17:20:00+01:00", "language": "de",
        "paragraphs": [
            ("body", "Wegen des steigenden Pegels"), ("body", "Die Feuerwehr baute entlang der Uferstraße"),
            ("caption", "Helfer stapeln Sandsäcke an der Uferstraße."),  # credit goes
            ("body", "„Wir rechnen damit"), ("body", "Die Fähre zwischen den beiden Stadtteilen"),
        ],
    },
    "html/spanish.html": {
        "title": "El tranvía volverá a circular por el centro tras dos años de obras", "byline": "Javier Morales",
        "language": "es",
        "paragraphs": [
            ("body", "El tranvía volverá a circular por el centro de la ciudad"), ("body", "La reapertura llega"),
            ("body", "«Ha sido una obra larga y difícil"), ("body", "Durante la primera semana"),
        ],
    },
    "html/json-ld-only.html": {
        "title": "Regional Airport Adds Three New Routes", "byline": "Nadia Park, Tom Becker",
        "published": "2024-09-09T12:00:00Z", "language": "en",
        "paragraphs": [
            ("body", "The regional airport will add direct flights"), ("body", "The new routes, operated by two"),
            ("body", "“People have been asking us for these routes"), ("body", "The airport served about 900,000"),
        ],
    },
    "text/wire-story.txt": {
        "title": "Trapped miners rescued after three days underground", "byline": "THOMAS REILLY and ANA SOTO",
        "language": "en",
        "paragraphs": [
            ("body", "Rescue teams pulled nine miners to safety"), ("body", "The miners emerged one by one"),
            ("caption", "Relatives embrace a rescued miner outside the mine entrance"),
            ("body", "\"We never stopped believing"), ("body", "The men had been working about 300 meters"),
            ("body", "Rescuers pumped out millions of liters"), ("body", "The country's mining minister said"),
        ],
    },
    "text/local-news.txt": {
        "title": "School board approves later start times for high schools", "language": "en",
        "paragraphs": [
            ("body", "High school classes in the Eastbrook district"), ("body", "The first bell at both high schools"),
            ("body", "Superintendent Diane Marsh said"), ("body", "Some parents of younger children objected"),
            ("body", "The board said it would review the change after one year."),
        ],
    },
    "text/magazine.txt": {
        "title": "The Last Projectionists: Inside the Small Cinemas Still Running Film", "byline": "Helen Marsh",
        "language": "en",
        "paragraphs": [
            ("body", "The projection booth at the Roxy is hot"), ("body", "Three nights a week"),
            ("caption", "Frank Delaney threads a 35mm print in the projection booth at the Roxy."),
            ("body", "\"Digital is perfect, and that's the problem,\""), ("body", "Digital projection took over"),
            ("body", "The handful that kept their film projectors"), ("body", "Still, finding prints is getting harder."),
            ("body", "That is why Delaney's course matters"),
        ],
    },
}


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_fixture(name: str) -> None:
    expected = FIXTURES[name]
    markup = (DATA / name).read_text(encoding="utf-8")
    article = extract_article(markup)
    assert article.title == expected["title"]
    assert article.language == expected["language"]
    for field in ("byline", "published", "url"):
        if field in expected:
            assert getattr(article, field) == expected[field]
    got = [(p.kind, p.text) for p in article.paragraphs]
    assert len(got) == len(expected["paragraphs"]), got
    for (kind, text), (want_kind, start) in zip(got, expected["paragraphs"]):
        assert kind == want_kind and text.startswith(start), (kind, text)
        assert " ".join(text.split()) == text  # whitespace normalised
    # Every paragraph is text from the page, and what was dropped is listed with a reason.
    assert all(r.reason for r in article.removed)


def test_html_interface_and_furniture_dropped() -> None:
    article = extract_article((DATA / "html/cookie-paywall.html").read_text(encoding="utf-8"))
    text = article.text.lower()
    for furniture in ("cookie", "subscribe", "already a subscriber", "advertisement"):
        assert furniture not in text


def test_html_captions_in_reading_order_once() -> None:
    article = extract_article((DATA / "html/semantic-figure.html").read_text(encoding="utf-8"))
    kinds = [p.kind for p in article.paragraphs]
    assert kinds.count("caption") == 2
    assert kinds.index("caption") == 2  # after the paragraph that precedes the figure


def test_plain_text_fixture_records_removals() -> None:
    article = extract_article((DATA / "text/local-news.txt").read_text(encoding="utf-8"))
    reasons = {r.text: r.reason for r in article.removed}
    assert reasons["Subscribe Now"] == "interface line"
    assert any(r.reason.startswith("duplicate of paragraph") for r in article.removed)
    assert "About time! My daughter falls asleep in first period every single day." in reasons


def test_unicode_cleaned_in_html() -> None:
    markup = ("<html><body><article><h1>Test</h1><p>The com\u00admittee met on Mon\u200bday in\u00a0the "
              "town hall and voted to approve the plan, officials said.</p>"
              "<p>Members said the vote was close but that the decision was final and would not be revisited.</p>"
              "</article></body></html>")
    article = extract_article(markup)
    assert article.paragraphs[0].text == ("The committee met on Monday in the town hall and voted to approve "
                                          "the plan, officials said.")


# --- Property: any text gives an article or a clear InputError, and never invents text ----------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from audionews.text.clean import normalize  # noqa: E402

_LINES = st.sampled_from([
    "Share", "XS", "Breaking News", "Advertisement", "Read more", "By Jane Roe", "Photo: AP", "",
    "Council Approves New Budget", "Related Stories", "© 2024 Example News. All rights reserved.",
    "The council approved the budget on Tuesday after a long debate, officials said.",
    "“We are pleased,” the mayor said. “It’s a good day.”",
    "Residents will see lower fees next year, according to the plan published on Monday.",
    "<p>Not really HTML</p>", "a", "\u00ad\u200b", "T", "he said the vote was close.",
])


def _compact(text: str) -> str:
    return "".join(normalize(text).split())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.lists(_LINES, max_size=25).map("\n".join), st.text(max_size=400)))
def test_any_text_gives_article_or_input_error(text: str) -> None:
    try:
        article = extract_article(text)
    except InputError as error:
        assert str(error).endswith(".") and "\n" not in str(error)
        return
    source = _compact(text)
    for paragraph in article.paragraphs:
        assert paragraph.text.strip() == paragraph.text and paragraph.text
        assert _compact(paragraph.text) in source


def test_embedded_tweet_and_author_bio_dropped_from_html() -> None:
    page = ("<html><head><title>Glitch grounds flights</title></head><body><article><h1>Glitch grounds flights</h1>"
            "<p class='byline'>By Rachel Kim</p>"
            "<p>Thousands of passengers were stranded on Friday after a software failure halted departures for hours.</p>"
            "<blockquote class='twitter-tweet'><p>Our systems are back up and flights are resuming. We are sorry.</p>"
            "— SkyWays (@SkyWaysAir) June 14, 2024</blockquote>"
            "<p>By evening, more than 1,200 flights had been cancelled or delayed, according to a tracking website.</p>"
            "<p>The airline said travelers whose flights were cancelled could rebook for free or ask for a refund.</p>"
            "<p>Rachel Kim covers aviation and travel for the Daily Business Wire.</p>"
            "</article></body></html>")
    article = extract_article(page)
    assert article.byline == "Rachel Kim"
    assert [p.text[:10] for p in article.paragraphs] == ["Thousands ", "By evening", "The airlin"]
    reasons = {r.reason for r in article.removed}
    assert {"embedded social post", "author bio"} <= reasons


def test_voa_hard_wrapped_at_78_columns_gives_the_same_article(voa: Article) -> None:
    import textwrap

    source = SAMPLE.read_text(encoding="utf-8")
    wrapped = "\n".join(textwrap.fill(line, 78) if line.strip() else line for line in source.split("\n"))
    article = extract_article(wrapped)
    assert article.title == voa.title
    assert [(p.kind, p.text) for p in article.paragraphs] == [(p.kind, p.text) for p in voa.paragraphs]


def test_html_drop_caps_and_inline_links_stay_inside_their_words() -> None:
    paragraphs = [
        ("Z", "imbabwe's president, his wife and two key figures from her faction are under house arrest at the "
              "compound in the capital, a source said on Thursday."),
        ("", "The figures are cabinet ministers who fled to the compound after their homes were attacked by troops in "
             "Tuesday night's takeover, the source told reporters."),
        ("", "A priest is acting as a middle-man between the president and the generals who seized power, a senior "
             "political source told reporters on Wednesday."),
        ("F", "uelling speculation that the plan might be rolling into action, the opposition leader returned to the "
              "capital late on Wednesday, his spokesman said."),
        ("", "South Africa said the president had told its leader by telephone that he was confined to his home but "
             "was otherwise fine, and the military said he was safe."),
    ]
    body = "".join(
        f'<p><span class="m_first-letter">{cap}</span>{rest.replace("his wife", "<a href=/w>his wife</a>")}</p>'
        if cap else f"<p>{rest}</p>" for cap, rest in paragraphs)
    page = (f"<html><head><title>Leader under house arrest</title></head><body><nav><a href=/>Home</a></nav>"
            f"<h1>Leader under house arrest</h1><article><div class=body>{body}</div></article></body></html>")
    texts = [p.text for p in extract_article(page).paragraphs]
    assert texts == [cap + rest for cap, rest in paragraphs]


def test_html_headings_of_related_stories_are_not_restored() -> None:
    prose = ["A third French national was killed in Saturday's earthquake, swept away by an avalanche, the foreign "
             "minister said on Thursday morning at the airport.",
             "The plane chartered by the authorities landed shortly before six with 206 passengers on board, including "
             "twelve children and twenty-six injured people.",
             "The quake killed nearly 5,500 people and affected eight of the country's 28 million inhabitants; tens of "
             "thousands of people are homeless."]
    page = ("<html><head><title>Third French national killed in quake</title></head><body>"
            "<h1>Third French national killed in quake</h1><div itemprop=articleBody>"
            "<aside class=related><span>On the same subject</span><ul><li><a href=/a><h2>In the capital, an exodus "
            "under pressure</h2></a></li></ul></aside><div>" + "".join(f"<p>{p}</p>" for p in prose) +
            "</div></div></body></html>")
    assert [p.text for p in extract_article(page).paragraphs] == prose


def test_empty_scripts_in_the_body_do_not_blow_up_the_json_ld_check() -> None:
    """An empty <script> once made the visible-text check replace "" and grow the text without end."""
    body = "The council approved the budget on Tuesday after a long debate. " * 5
    scripts = "<script></script><noscript></noscript>" * 30
    markup = (f'<html><head><script type="application/ld+json">{{"@type": "NewsArticle", "headline": "Budget", '
              f'"articleBody": "{body}"}}</script></head><body>{scripts}<article><h1>Budget</h1><p>{body}</p>'
              f"</article></body></html>")
    article = extract_article(markup)
    assert "approved the budget" in article.text


def test_a_bidi_isolate_inside_a_word_does_not_make_a_paragraph_twice() -> None:
    """trafilatura drops invisible format characters; a paragraph rescued from the page must match its copy
    (found by the hypothesis property test: the paragraph was read twice)."""
    paragraphs = ["( María. The. The the. the.", "Smith said, “( María.” Well-known 50%. Smith said, “No. report.”",
                  "Smith said, “the 50% the the the the the the the.” the. the. the. the.", "the.",
                  "the the the ïCćz\u2066𢹖Ç the the the the the the the the. &amp;ĦÀ°å𨏁.", "the the.",
                  "the the the the the the. the. the the the the the the the the the. the."]
    markup = ("<html lang='en'><head><title>the Sen.</title></head><body><article><h1>the Sen.</h1>"
              + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>")
    texts = [p.text for p in extract_article(markup).paragraphs]
    assert sum("ïCćz" in t for t in texts) == 1


# --- articles without a headline -----------------------------------------------------------------

HEADLESS = ("The town of Harbourview opened its new flood barrier on Monday after four years of construction. "
            "Officials said the barrier would protect about 3,000 homes. Residents gathered on the promenade.")


def test_an_article_without_a_headline_is_titled_by_its_first_sentence_shortened() -> None:
    pasted = extract_document(Document(HEADLESS, is_html=False, source="pasted text"))
    assert pasted.title == "The town of Harbourview opened its new flood barrier…"
    short = extract_document(Document("Officials said the barrier would protect about 3,000 homes. " + HEADLESS,
                                      is_html=False, source="pasted text"))
    assert short.title == "Officials said the barrier would protect about 3,000 homes"
    page = ("<html><body><article><p>The city library reopened on Tuesday after a year of repairs to its roof.</p>"
            "<p>Librarians said more than two hundred readers came through the doors in the first hour.</p>"
            "</article></body></html>")
    html = extract_document(Document(page, is_html=True, source="https://www.example.org/news/1",
                                     url="https://www.example.org/news/1"))
    assert html.title == "The city library reopened on Tuesday after a year…"


@pytest.mark.parametrize("source, url, named", [
    ("pasted text", None, "Untitled article from pasted text"),
    ("/home/ann/notes/story.txt", None, "Untitled article from story.txt"),
    ("-", None, "Untitled article from standard input"),
    ("https://www.example.org/news/1", "https://www.example.org/news/1", "Untitled article from example.org"),
])
def test_without_a_headline_or_a_sentence_to_title_it_the_source_names_it(source: str, url: str | None,
                                                                           named: str) -> None:
    article = extract_document(Document("Hi. " * 40, is_html=False, source=source, url=url))
    assert article.title == named


# --- Failure shapes of real pages, in pages written for the tests (tests/shaped_pages.py) ----------

import shaped_pages  # noqa: E402  (tests/ is on the path under pytest)


@pytest.mark.parametrize("page", [shaped_pages.sibling_containers, shaped_pages.feature_with_asides,
                                  shaped_pages.lazy_loaded_with_json_ld])
def test_the_whole_feature_is_read_in_order(page) -> None:
    """A body split into sibling containers, asides between its parts, or loaded later (JSON-LD holds it)."""
    article = extract_article(page())
    assert body(article) == shaped_pages.FEATURE
    assert article.title == shaped_pages.FEATURE_TITLE


def test_a_results_table_that_is_the_article_is_read() -> None:
    article = extract_article(shaped_pages.results_table())
    text = body(article)
    assert text[:2] == shaped_pages.RESULTS_INTRO
    for row in shaped_pages.TABLE:
        assert shaped_pages.table_line(row) in text
    assert not [r for r in article.removed if r.reason == "date line"]


def test_a_shopping_guide_whose_list_is_the_article_is_read() -> None:
    article = extract_article(shaped_pages.shopping_guide())
    paragraphs = [p.text for p in article.paragraphs]
    for name, review in shaped_pages.GUIDE:
        assert name in paragraphs and review in paragraphs
    assert not [r for r in article.removed if r.reason == "other stories"]


def test_a_short_list_of_other_stories_after_the_article_is_still_dropped() -> None:
    items = "".join(f"<h3><a href=\"/s/{i}\">Story number {i} about the harbour and the ferry</a></h3>"
                    f"<p>A short blurb about story {i}.</p>" for i in range(4))
    page = (f"<html><body><article><h1>{shaped_pages.FEATURE_TITLE}</h1>{shaped_pages.paragraphs(shaped_pages.FEATURE)}"
            f"{items}</article></body></html>")
    article = extract_article(page)
    assert body(article) == shaped_pages.FEATURE


def test_what_was_left_outside_the_main_text_is_on_record() -> None:
    article = extract_article(shaped_pages.sibling_containers())
    summary = [r for r in article.removed if r.reason.startswith("outside the main text")]
    assert len(summary) == 1
    reason, text = summary[0].reason, summary[0].text
    blocks = text.split(" / ")
    assert "Sign up for our weekly newsletter …" in blocks and "Harbour master retires after 40 years" in blocks
    assert "News" in blocks and "Advertisement" in blocks
    count, words = reason.removeprefix("outside the main text: ").split(", ")
    assert count == f"{len(blocks)} paragraphs" and int(words.removesuffix(" words")) > len(blocks)
    assert not any(p.split()[0] + " " + p.split()[1] in text for p in shaped_pages.FEATURE)


def test_nothing_outside_is_no_summary() -> None:
    page = f"<html><body><h1>{shaped_pages.FEATURE_TITLE}</h1>{shaped_pages.paragraphs(shaped_pages.FEATURE)}</body></html>"
    assert not [r for r in extract_article(page).removed if r.reason.startswith("outside")]


# --- Truncated articles: read what the page has, then say the rest is missing ----------------------


@pytest.mark.parametrize("page", [shaped_pages.paywall_teaser, lambda: shaped_pages.paywall_teaser(declared=False),
                                  shaped_pages.registration_teaser])
def test_a_paywall_teaser_is_read_and_said_to_be_cut_off(page) -> None:
    from audionews import build_script

    article = extract_article(page(), url="https://www.coastal.example/2024/keepers")
    assert article.truncated
    assert body(article) in (shaped_pages.TEASER, shaped_pages.FEATURE[:3])
    script = build_script(article)
    assert script.to_dict()["truncated"] is True
    last = script.segments[-1]
    assert (last.kind, last.voice, last.text) == ("announcement", "announcer",
                                                  "The rest of this article is behind a paywall on Coastal Review.")
    assert sum(s.kind == "announcement" and "paywall" in s.text for s in script.segments) == 1


def test_a_complete_article_is_not_truncated() -> None:
    from audionews import build_script

    article = extract_article(shaped_pages.full_article_with_newsletter_box())
    assert not article.truncated and article.truncation_notice is None
    assert build_script(article).to_dict()["truncated"] is False


def test_a_plain_text_teaser_cut_mid_text_is_truncated_and_named_by_its_host() -> None:
    text = "\n\n".join([shaped_pages.FEATURE_TITLE, *shaped_pages.TEASER, "Subscribe to continue reading",
                        "© 2024 Coastal Review"])
    article = extract_article(text, url="https://www.coastal.example/2024/keepers")
    assert article.truncated
    assert article.truncation_notice == "The rest of this article is behind a paywall on coastal.example."


def test_a_german_teaser_gets_the_line_in_german() -> None:
    paragraphs = ["Die Polizei sucht nach Zeugen, die am Sonntagabend in der Nähe des Bahnhofs etwas beobachtet haben.",
                  "Nach Angaben der Ermittler waren mindestens drei Personen an dem Überfall beteiligt, der …"]
    page = ("<html lang=\"de\"><head><meta property=\"og:site_name\" content=\"Stadtanzeiger\"></head><body><article>"
            "<h1>Überfall am Bahnhof</h1>" + "".join(f"<p>{p}</p>" for p in paragraphs)
            + "<div class=\"paywall\"><p>Jetzt weiterlesen mit Abo</p></div></article></body></html>")
    article = extract_article(page)
    assert article.truncated and article.language == "de"
    assert article.truncation_notice == "Der Rest dieses Artikels steht auf Stadtanzeiger hinter einer Bezahlschranke."


def test_furniture_inside_the_body_is_left_out_and_the_caption_kept_once() -> None:
    article = extract_article(shaped_pages.furniture_in_the_text())
    assert body(article) == shaped_pages.FEATURE
    assert captions(article) == [shaped_pages.CAPTION]
    assert [p.kind for p in article.paragraphs if "Image caption" in p.text or "Media caption" in p.text] == []
    reasons = {r.reason: r.text for r in article.removed}
    assert reasons["image credit"] == "Credit...Tom Ellis for Coastal Review"
    assert reasons["reprint notice"] == shaped_pages.REPRINT
    assert reasons["author bio"] == shaped_pages.BIO
    assert reasons["pull quote repeating the text"] == "“It was never lonely.”"
    outside = next(r for r in article.removed if r.reason.startswith("outside the main text"))
    assert "caption" not in outside.text.lower()
