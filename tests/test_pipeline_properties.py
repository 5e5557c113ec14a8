"""Properties of the whole text pipeline (ingest → extract_article → build_script), for any input.

1. It never fails with anything but InputError (an input with no article in it).
2. It invents nothing and reorders nothing: every word of the script's shown text (announcements
   aside, as they name a speaker) occurs in the input, in the same order (the title, read first
   wherever the page printed it, is checked on its own).

Words are compared after the same Unicode clean-up the pipeline is allowed to do (compatibility
normalisation, invisible format characters removed), and for HTML against the text with character
references resolved.
"""
from __future__ import annotations

import html
import re
import unicodedata

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from audionews import build_script, extract_article
from audionews.errors import InputError
from audionews.model import Script
from audionews.text.extract import extract_document
from audionews.text.ingest import document_from_bytes

_WORD = re.compile(r"\w+")

VOCABULARY = (
    "the a of to and in said on Tuesday president minister officials police city council report year "
    "Israel Washington Smith María Zoë O'Brien well-known 2017 3.5 $40 10,000 50% No. Dr. Mr. Mrs. St. "
    "U.S. U.K. a.m. p.m. H.R. W.H. Jan. e.g. i.e. vs. etc. Inc. Ltd. Gov. Sen. Rep. Lt. Col. Gen. Prof. "
    "— – - & / ( ) [ ] ; : , ... … ’s l’État naïve café"
).split()
INTERFACE_LINES = [
    "Accessibility links", "Breaking News", "XS", "SM", "MD", "LG", "Share", "Print", "Email", "Subscribe",
    "Sign in", "Cookie settings", "Accept all cookies", "Share on Facebook", "Follow us on Twitter",
    "Skip to main content", "Advertisement", "Read more", "Related Stories", "Comments (12)",
]
CAPTIONS = [
    "(AP Photo/Jane Doe)", "Photo: Reuters", "A man walks past the ministry in Jerusalem, May 10, 2017. (Reuters)",
    "Police officers stand guard. (Getty Images)", "Image caption", "Image source, EPA",
]


# Mostly news words, sometimes any letters, digits, marks, symbols or invisible format characters.
news_words = st.one_of(st.sampled_from(VOCABULARY), st.sampled_from(VOCABULARY), st.sampled_from(VOCABULARY),
                       st.text(st.characters(categories=["L", "M", "N", "P", "S", "Cf"]), min_size=1, max_size=10))


@st.composite
def sentences(draw: st.DrawFn) -> str:
    words = draw(st.lists(news_words, min_size=1, max_size=18))
    text = " ".join(words)
    text = text[:1].upper() + text[1:] if draw(st.booleans()) else text
    text += draw(st.sampled_from([".", ".", "?", "!", "", "...", "…", ":", '."', ".”", "?”", ")."]))
    quote = draw(st.sampled_from(["none", "none", "straight", "curly", "attributed", "open"]))
    if quote == "straight":
        return f'"{text}"'
    if quote == "curly":
        return f"\u201c{text}\u201d he said."
    if quote == "attributed":
        return f"{draw(st.sampled_from(['Smith', 'The minister', 'She']))} said, \u201c{text}\u201d"
    if quote == "open":  # a quotation that runs on into the next paragraph
        return f"\u201c{text}"
    return text


paragraphs = st.lists(sentences(), min_size=1, max_size=4).map(" ".join)


@st.composite
def scrapes(draw: st.DrawFn) -> str:
    """Plain-text page scrapes: a headline, body paragraphs, interface lines, captions, repeats."""
    blocks = [draw(st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=8).map(" ".join))]
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(["body", "body", "body", "interface", "caption", "repeat", "blank", "noise"]))
        if kind == "noise":
            blocks.append(draw(st.text(max_size=120)))
        elif kind == "interface":
            blocks.append(draw(st.sampled_from(INTERFACE_LINES)))
        elif kind == "caption":
            blocks.append(draw(st.sampled_from(CAPTIONS)))
        elif kind == "repeat" and blocks:
            blocks.append(draw(st.sampled_from(blocks)))
        elif kind == "blank":
            blocks.append("")
        else:
            blocks.append(draw(paragraphs))
    separators = draw(st.lists(st.sampled_from(["\n", "\n\n", "\n\n\n", "\r\n\r\n", "\n \n"]),
                               min_size=len(blocks), max_size=len(blocks)))
    return "".join(block + separator for block, separator in zip(blocks, separators))


@st.composite
def pages(draw: st.DrawFn) -> str:
    """HTML article pages of varied shapes, text escaped as a page would carry it.

    Each has a few paragraphs of body first: enough text for trafilatura's main extraction (a page
    shorter than that takes its fallback, see `test_short_page_keeps_reading_order`).
    """
    def e(text: str) -> str:
        return html.escape(text, quote=False)

    headline = draw(st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=8).map(" ".join))
    parts = [f"<h1>{e(headline)}</h1>"]
    parts += [f"<p>{e(text)}</p>" for text in draw(st.lists(
        st.lists(sentences(), min_size=3, max_size=5).map(" ".join), min_size=3, max_size=4))]
    for _ in range(draw(st.integers(1, 10))):
        kind = draw(st.sampled_from(["p", "p", "p", "h2", "figure", "nav", "aside", "blockquote", "li"]))
        text = e(draw(paragraphs))
        if kind == "figure":
            parts.append(f"<figure><img src='x.jpg' alt=''><figcaption>{e(draw(st.sampled_from(CAPTIONS)))}"
                         "</figcaption></figure>")
        elif kind == "nav":
            parts.append("<nav><ul>" + "".join(f"<li><a href='/'>{e(x)}</a></li>" for x in INTERFACE_LINES[:5])
                         + "</ul></nav>")
        elif kind == "li":
            parts.append(f"<ul><li>{text}</li></ul>")
        else:
            parts.append(f"<{kind}>{text}</{kind}>")
    title = e(headline) + draw(st.sampled_from(["", " | The Daily News", " - Example Times"]))
    wrapper = draw(st.sampled_from(["article", "div", "main"]))
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body><{wrapper}>{''.join(parts)}</{wrapper}></body></html>")


def _comparable(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return _WORD.findall(text)


def shown_words(script: Script, kinds: set[str]) -> list[str]:
    return [word for segment in script.segments if segment.kind in kinds for word in _comparable(segment.text)]


def assert_words_in_order(script: Script, source: str) -> None:
    """Every shown word occurs in `source`, in order (a subsequence of its words).

    The title is read first wherever the page printed it (a photo and its caption may stand above
    the headline), so it is checked on its own; the rest must keep the input's order. An article
    without a headline or a first sentence to name it by is titled "Untitled article" (text/titles.py).
    """
    if not script.title.startswith("Untitled article"):
        _assert_subsequence(shown_words(script, {"title"}), _comparable(source))
    _assert_subsequence(shown_words(script, {"heading", "narration", "caption", "quote"}), _comparable(source))


def _assert_subsequence(shown: list[str], available: list[str]) -> None:
    """A word the input broke in two (a drop cap "T" above "he", a line-end hyphen) may be shown whole."""
    joined = [a + b for a, b in zip(available, available[1:])]
    position = 0
    for index, word in enumerate(shown):
        found = [i + width for width, words in ((1, available), (2, joined))
                 if (i := _find(words, word, position)) is not None]
        if not found:
            context = " ".join(shown[max(0, index - 5):index + 1])
            raise AssertionError(f"shown word {word!r} (after {context!r}) does not occur in the input "
                                 "after the words before it")
        position = min(found)


def _find(words: list[str], word: str, start: int) -> int | None:
    try:
        return words.index(word, start)
    except ValueError:
        return None


def run_pipeline(text: str) -> Script | None:
    """The script of `text`, or None when the pipeline says there is no article (InputError)."""
    try:
        return build_script(extract_article(text))
    except InputError:
        return None


SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.text(max_size=3000))
@example("")
@example("\x00\x01\x02")
@example("<html><body></body></html>")
@example("Headline\n\n" + "Word " * 40)
@example("T\nhe drop cap starts this story, which goes on for a while.")
def test_any_text_gives_a_script_or_input_error(text: str) -> None:
    script = run_pipeline(text)
    if script is not None:
        assert_words_in_order(script, text)


@SETTINGS
@given(scrapes())
def test_scrapes_words_come_from_the_input_in_order(text: str) -> None:
    script = run_pipeline(text)
    if script is not None:
        assert_words_in_order(script, text)


@SETTINGS
@given(pages())
def test_pages_words_come_from_the_input_in_order(page: str) -> None:
    script = run_pipeline(page)
    if script is not None:
        assert_words_in_order(script, html.unescape(page))


def test_short_page_keeps_reading_order() -> None:
    """trafilatura's fallback for short pages once ran headline, body and caption together."""
    page = ("<html><head><title>Blast in city</title></head><body><article><h1>Blast in city</h1>"
            "<p>Police said seven people were hurt in the blast on Tuesday. The cause is not yet known, they said.</p>"
            "<figure><img src='a.jpg' alt=''><figcaption>Police guard the street. (Reuters)</figcaption></figure>"
            "</article></body></html>")
    script = run_pipeline(page)
    assert script is not None
    assert_words_in_order(script, page)


@pytest.mark.parametrize("word", ["Garci\u0301a", "Gar&shy;c\u00eda"])
def test_caption_order_with_text_that_cleaning_changes(word: str) -> None:
    """Page elements were once matched to blocks without the blocks' Unicode clean-up."""
    page = ("<html><head><title>Budget passes</title></head><body><article><h1>Budget passes</h1>"
            "<p>The city council approved the new budget on Tuesday after a long debate that lasted for hours.</p>"
            f"<p>Officials said the plan would add forty buses next year, said Jos\u00e9 {word}.</p>"
            "<figure><img src='x.jpg' alt=''><figcaption>The new buses at the depot. (AP Photo)</figcaption></figure>"
            "<p>Critics argued that the money should have gone to repairing old roads first, not buses.</p>"
            "</article></body></html>")
    script = run_pipeline(page)
    assert script is not None
    assert_words_in_order(script, html.unescape(page))


@SETTINGS
@given(st.one_of(st.binary(max_size=2000), scrapes().map(str.encode), pages().map(lambda p: p.encode("cp1252", "replace"))))
def test_any_bytes_through_ingest_give_a_script_or_input_error(data: bytes) -> None:
    try:
        document = document_from_bytes(data, "upload")
        script = build_script(extract_document(document))
    except InputError:
        return
    assert_words_in_order(script, html.unescape(document.content) if document.is_html else document.content)
