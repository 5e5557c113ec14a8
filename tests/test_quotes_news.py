"""Speaker attribution on the constructions of real news (issue 14): sentences of our own, one per
construction, for what the quote stage must never do (crash, announce a non-name) and for the layouts
real articles use (inline transcript labels, statements quoted over paragraphs, continuations,
cataphora, alternating speakers)."""
from __future__ import annotations

import pytest

from audionews.quotes.layout import find_quotes


def quotes(*paragraphs: str) -> list[tuple[str, str | None]]:
    """(quoted text with its marks, speaker) for each speech quote."""
    return [(paragraphs[q.paragraph][q.start:q.end], q.speaker) for q in find_quotes(list(paragraphs))]


def speakers(*paragraphs: str) -> list[str | None]:
    return [speaker for _, speaker in quotes(*paragraphs)]


# --- never crash ----------------------------------------------------------------------------------

@pytest.mark.parametrize("paragraph", [
    # a phrasal reporting verb ("put it", "went on", "pointed out") or a participle ("saying") was looked
    # up in the list of plain verb forms, which does not hold it
    'As Ana Amar, a professor of law at Yale, put it, "Senate leaders should remember that a compromise may '
    'be far better for them."',
    'Erin Moss, the lawyer, endorsed the plan on Saturday, saying she had not called for his resignation '
    'because she believed "we need to focus all of our energy on helping the people."',
    'Mr. Ward joked that the city was his answer, but went on to say, "There are places in this country '
    'that are among the most dangerous in the world."',
])
def test_phrasal_verbs_and_participles_attribute_without_crashing(paragraph: str) -> None:
    found = quotes(paragraph)
    assert [q for q, _ in found] == [paragraph[paragraph.index('"'):]]
    assert found[0][1] in {"Ana Amar", "Erin Moss", "Ward"}


def test_pointed_out_in_a_relative_clause_does_not_crash() -> None:
    text = ('"I will be above the president," she said. The remark worried some analysts, who pointed out '
            'that such a position "is unheard of in the country until now."')
    assert [q for q, _ in quotes(text)][0] == '"I will be above the president,"'
