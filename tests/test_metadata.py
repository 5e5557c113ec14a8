"""Tests for audionews.text.metadata and its use by the extractor: a byline is names, a date is a
plausible date, a title is not the site's name — else the field is left out."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from audionews.text.extract import extract_article
from audionews.text.metadata import is_site_name, valid_byline, valid_date

import shaped_pages

BODY = shaped_pages.paragraphs(shaped_pages.FEATURE[:5])


@pytest.mark.parametrize(("printed", "names"), [
    ("Nama (wajib)", None),  # a comment form's label ("Name (required)")
    ("Name *", None),
    ("Jose AltoverosView More Articles", "Jose Altoveros"),
    ("Jeff Foust Monday", "Jeff Foust"),
    ("Jeff Foust, May 12, 2024", "Jeff Foust"),
    ("kevin-r", None),  # a URL slug
    ("admin", None),
    ("https://example.com/authors/jane", None),
    ("By Jane Roe | June 14, 2024", "Jane Roe"),
    ("Jane Roe and John Doe", "Jane Roe and John Doe"),
    ("Theresa May", "Theresa May"),
    ("Ronan McDonald", "Ronan McDonald"),
    ("María José García de la Torre", "María José García de la Torre"),
    ("Jane Roe, Associated Press", "Jane Roe, Associated Press"),
    ("张伟", "张伟"),
    ("Jane Roe, kevin-r", "Jane Roe"),
])
def test_byline_is_a_list_of_names(printed: str, names: str | None) -> None:
    assert valid_byline(printed) == names


NOW = datetime(2024, 6, 1, tzinfo=timezone.utc)


@pytest.mark.parametrize(("value", "kept"), [
    ("0001-01-01T00:00:00Z", False), ("1970-01-01T00:00:00Z", False), ("1970-01-01", False),
    ("2024-02-30", False), ("2031-01-01", False), ("1799-12-31", False),
    ("2024-05-02T08:00:00Z", True), ("2024-06-02", True), ("1851-09-18", True), ("1970-01-01T09:30:00Z", True),
])
def test_date_is_a_plausible_date(value: str, kept: bool) -> None:
    assert (valid_date(value, now=NOW) == value) is kept


def test_site_name_is_not_a_title() -> None:
    assert is_site_name("엔터 미디어", [], "가수 김하늘, 새 앨범 발표 - 엔터 미디어")
    assert is_site_name("Coastal Review", ["Coastal Review"], None)
    assert not is_site_name("Kiprop Wins the Marathon", [], "Kiprop Wins the Marathon | Coastal Review")


def _page(head: str, byline_html: str = "") -> str:
    return (f"<html><head><meta charset=utf-8>{head}</head><body><article><h1>Keepers of the Light</h1>"
            f"{byline_html}{BODY}</article></body></html>")


def test_page_with_a_form_label_as_author_has_no_byline() -> None:
    page = _page("<title>Keepers of the Light</title>",
                 "<form class=\"comment-form\"><label class=\"comment-form-author\">Nama (wajib)</label></form>")
    assert extract_article(page).byline is None


def test_page_byline_run_together_with_a_link_is_repaired() -> None:
    page = _page("<title>Keepers of the Light</title>",
                 "<div class=\"author\"><a>Jose Altoveros</a><a>View More Articles</a></div>")
    page = page.replace("<a>View", "<a style=\"\">View")  # inline links: the texts run together
    assert extract_article(page).byline == "Jose Altoveros"


def test_page_author_slug_falls_back_to_the_next_source() -> None:
    ld = {"@type": "NewsArticle", "headline": "Keepers of the Light", "author": {"@type": "Person", "name": "kevin-r"}}
    page = _page(f"<script type=\"application/ld+json\">{json.dumps(ld)}</script>"
                 "<meta name=\"author\" content=\"Kevin Ross\">")
    assert extract_article(page).byline == "Kevin Ross"


def test_page_placeholder_date_is_left_out_or_replaced() -> None:
    ld = {"@type": "NewsArticle", "headline": "Keepers of the Light", "datePublished": "0001-01-01T00:00:00Z"}
    page = _page(f"<script type=\"application/ld+json\">{json.dumps(ld)}</script>")
    assert extract_article(page).published is None
    page = _page(f"<script type=\"application/ld+json\">{json.dumps(ld)}</script>"
                 "<meta property=\"article:published_time\" content=\"2024-05-02T08:00:00Z\">")
    assert extract_article(page).published == "2024-05-02T08:00:00Z"


def test_page_whose_og_title_is_the_site_name_gets_its_headline() -> None:
    page = _page("<meta property=\"og:title\" content=\"엔터 미디어\"><title>Keepers of the Light - 엔터 미디어</title>")
    assert extract_article(page).title == "Keepers of the Light"
    page = _page("<meta property=\"og:title\" content=\"Coastal Review\"><meta property=\"og:site_name\" "
                 "content=\"Coastal Review\"><title>Coastal Review</title>")
    assert extract_article(page).title == "Keepers of the Light"
