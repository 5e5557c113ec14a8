"""Tests for audionews.extract on the VOA sample, HTML fixtures and plain-text scrapes."""
from __future__ import annotations

from pathlib import Path

import pytest

from audionews.errors import InputError
from audionews.extract import extract_article, extract_document, looks_like_html
from audionews.model import Article, Document

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
