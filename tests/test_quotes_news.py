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


# --- a language is data -----------------------------------------------------------------------------

def test_a_language_is_a_data_file(tmp_path) -> None:
    from audionews.quotes.lexicon import load_file

    path = tmp_path / "xx.toml"
    path.write_text('language = "xx"\nreporting_verbs = "sagen:sagte:sagt:gesagt erklären:erklärte:erklärt"\n'
                    'head_titles = "Minister Bundeskanzler"\n[pronouns]\ner = "male"\n', encoding="utf-8")
    lexicon = load_file(path)
    assert lexicon.reporting_verbs == {"sagen": "sagen", "sagte": "sagen", "sagt": "sagen", "gesagt": "sagen",
                                       "erklären": "erklären", "erklärte": "erklären", "erklärt": "erklären"}
    assert lexicon.participles == {}  # no -ing forms made up for a language that has none
    assert lexicon.head_titles == {"minister", "bundeskanzler"} <= lexicon.person_heads
    assert lexicon.pronouns == {"er": "male"} and lexicon.honorifics == frozenset()


def test_a_language_file_with_an_unknown_key_is_refused(tmp_path) -> None:
    from audionews.quotes.lexicon import load_file

    path = tmp_path / "xx.toml"
    path.write_text('language = "xx"\nreporting_verbs = "say"\nreportng_verbs = "typo"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="reportng_verbs"):
        load_file(path)


def test_a_language_without_a_file_reads_with_english_words() -> None:
    from audionews.quotes.lexicon import load

    assert load("pl") is load("en") and load("en-GB") is load("en")
    assert speakers('"We will rebuild every home," Mayor Ana Lopez said.') == ["Ana Lopez"]
