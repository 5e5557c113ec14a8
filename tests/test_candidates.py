"""Tests for audionews.text.candidates: each rule that chooses between the extractors' texts."""
from __future__ import annotations

from audionews.model import Paragraph
from audionews.text.candidates import Candidate, choose, readability_candidate, structured_candidate

import shaped_pages

PROSE = [Paragraph(t) for t in shaped_pages.FEATURE]


def test_agreeing_candidates_give_the_precise_text() -> None:
    precise = Candidate("trafilatura", PROSE[:13])
    generous = Candidate("readability", [Paragraph("Share this story"), *PROSE, Paragraph("Most read today")])
    choice = choose(precise, generous, None)
    assert choice.blocks == PROSE[:13] and choice.reason == "the candidates agree"


def test_missing_prose_is_put_back_at_its_place() -> None:
    precise = Candidate("trafilatura", PROSE[:4] + PROSE[9:])
    menu = Paragraph("Home News Sport Weather")
    generous = Candidate("readability", [menu, *PROSE[:6], Paragraph("Related: the ferry", "body"),
                                         Paragraph("Keepers", "heading"), *PROSE[6:]], [1.0] + [0.0] * 16)
    choice = choose(precise, generous, None)
    assert choice.source == "trafilatura+readability"
    assert [b for b in choice.blocks if b.kind == "body" and b in PROSE] == PROSE
    assert menu not in choice.blocks
    assert Paragraph("Keepers", "heading") in choice.blocks


def test_linked_paragraphs_are_not_put_back() -> None:
    precise = Candidate("trafilatura", PROSE[:8])
    generous = Candidate("readability", PROSE, [0.0] * 8 + [0.9] * 6)
    assert choose(precise, generous, None).blocks == PROSE[:8]


def test_a_candidate_from_another_part_of_the_page_needs_far_more_prose() -> None:
    comments = [Paragraph(f"Comment {i}: I walked there last summer and the view was lovely, really.") for i in range(3)]
    precise = Candidate("trafilatura", comments)
    generous = Candidate("readability", PROSE)
    assert choose(precise, generous, None).blocks == PROSE
    assert choose(Candidate("trafilatura", PROSE), Candidate("readability", comments), None).blocks == PROSE


def test_a_complete_article_body_wins_over_a_partial_page() -> None:
    structured = structured_candidate("\n\n".join(shaped_pages.FEATURE))
    choice = choose(Candidate("trafilatura", PROSE[:7]), None, structured)
    assert choice.source == "articleBody" and choice.blocks == PROSE


def test_a_teaser_article_body_does_not_replace_the_page() -> None:
    structured = structured_candidate(shaped_pages.FEATURE[0])
    assert choose(Candidate("trafilatura", PROSE), None, structured).blocks == PROSE


def test_readability_keeps_sibling_containers_and_table_rows() -> None:
    candidate = readability_candidate(shaped_pages.sibling_containers())
    assert candidate is not None
    assert [b.text for b in candidate.blocks if b.text in shaped_pages.FEATURE] == shaped_pages.FEATURE
    table = readability_candidate(shaped_pages.results_table())
    assert table is not None and "1 Harbour Town 30 21 5 4 68" in [b.text for b in table.blocks]


def test_readability_finds_nothing_in_an_empty_page() -> None:
    assert readability_candidate("<html><body></body></html>") is None
