"""build_script: segment order, numbering, kinds and voices, announce modes, text preservation."""
from __future__ import annotations

import pytest

from audionews.errors import UsageError
from audionews.model import Article, Paragraph
from audionews.script import build_script


def _article(*paragraphs: Paragraph) -> Article:
    return Article(title="  A  Headline ", paragraphs=list(paragraphs), byline="By Someone",
                   published="2017-05-24", url="https://example.org/a", language="en")


def test_title_first_then_paragraph_sentences_numbered_globally() -> None:
    script = build_script(_article(
        Paragraph("Rates rose on Monday. Markets fell."),
        Paragraph("What comes next", kind="heading"),
        Paragraph("The governor (photo via AP)", kind="caption"),
        Paragraph("Analysts expect calm."),
    ))
    rows = [(s.kind, s.paragraph, s.sentence, s.text) for s in script.segments]
    assert rows == [
        ("title", 0, 0, "A Headline"),
        ("narration", 1, 1, "Rates rose on Monday."),
        ("narration", 1, 2, "Markets fell."),
        ("heading", 2, 3, "What comes next"),
        ("caption", 3, 4, "The governor (photo via AP)"),
        ("narration", 4, 5, "Analysts expect calm."),
    ]
    assert all(s.voice == "narrator" for s in script.segments)


def test_metadata_is_copied_from_the_article() -> None:
    script = build_script(_article(Paragraph("One sentence.")))
    assert (script.title, script.byline, script.source, script.language, script.published) == (
        "  A  Headline ", "By Someone", "https://example.org/a", "en", "2017-05-24")


def test_unknown_announce_mode_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="announce"):
        build_script(_article(Paragraph("One sentence.")), announce="sometimes")
