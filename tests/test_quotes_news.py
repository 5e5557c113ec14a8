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


# --- a speaker is a name or nothing (Build 3) ---------------------------------------------------------

def test_he_never_stands_for_a_publication() -> None:
    assert speakers("The Daily Courier reported the deal on Monday, citing three officials.",
                    '"We will not sign anything this year," he said.') == [None]


def test_it_may_stand_for_an_organisation() -> None:
    assert speakers("Norvik Pharmaceuticals fell 8 percent on Monday after the ruling.",
                    '"We will appeal the decision," it said in a statement.') == ["Norvik Pharmaceuticals"]


def test_an_opinion_writer_credited_with_the_paper_is_the_speaker() -> None:
    assert speakers('"The council has failed the city\'s renters for a decade." — Jane Roe, The Daily Courier') \
        == ["Jane Roe"]


def test_a_long_apposition_between_the_name_and_said() -> None:
    assert speakers('"We will hold the elections on time," Interior Minister Jane Roe, who serves in the caretaker '
                    'government, said on Sunday.') == ["Jane Roe"]


@pytest.mark.parametrize("paragraphs", [
    # a word opening the sentence is no subject: "Hours later, Trump …, telling"
    ["Hours later, Trump took the stage in Ohio, telling the crowd that \"we are going to win this state by a lot.\""],
    # a clause ending in a colon is no speaker's name
    ["Asked about the verdict, he trusted the courts: \"The judges did their work and we accept it.\""],
    ["The letter signed: \"We, the undersigned, ask the board to resign before the next meeting.\""],
    # a headline in capitals over its paragraph
    ["HOW THE VOTE WAS WON: \"We knocked on every door in the county twice,\" the organizer said."],
    # a date
    ["On Saturday, \"we will not be moved from this square by anyone,\" the protesters chanted."],
])
def test_no_speaker_label_is_a_piece_of_a_sentence_a_date_or_a_headline(paragraphs: list[str]) -> None:
    from audionews.quotes.labels import not_a_name

    for speaker in speakers(*paragraphs):
        assert speaker is None or not_a_name(speaker, None) is None, speaker
        assert speaker not in {"Hours", "he trusted the courts", "letter signed", "HOW THE VOTE WAS WON", "Saturday"}


@pytest.mark.parametrize("label, reason", [
    ("he trusted the courts", "a piece of a sentence"),
    ("Saturday", "a date"),
    ("TELLING OF THE CRISIS", "a headline in capitals"),
    ("Chris Christie Is Over Marco Rubio", "a piece of a sentence or headline"),
    ("Y.", "an initial"),
    ("Speaker", "a title without a name"),
    ("examines bellwether", "a phrase not headed by a word for people"),
    ("she", "a pronoun"),
])
def test_labels_that_are_no_names(label: str, reason: str) -> None:
    from audionews.quotes.labels import not_a_name

    assert not_a_name(label, None) == reason


@pytest.mark.parametrize("label", ["Jane Roe", "Norvik Pharmaceuticals", "CNN", "White House official", "officials",
                                   "State Department spokesperson", "secretary of state", "Theresa May", "His mother",
                                   "Department of Health and Human Services", "internal memo"])
def test_names_and_descriptions_that_may_be_spoken(label: str) -> None:
    from audionews.quotes.labels import not_a_name

    assert not_a_name(label, None) is None


def test_a_chant_is_not_the_words_of_the_person_in_the_clause_before() -> None:
    found = speakers("As Trump spoke about the emails, the crowd chanted \"Lock her up! Lock her up!\"")
    assert found in ([None], ["crowd"])


def test_the_evidence_of_each_speaker_is_kept() -> None:
    found = find_quotes(['"We will win," Mayor Ana Lopez said.', '"It will take a decade," she added.'])
    assert [q.speaker for q in found] == ["Ana Lopez", "Ana Lopez"]
    assert "'said' after the quote" in (found[0].evidence or "") and "Lopez" in (found[0].evidence or "")
    assert "pronoun 'she'" in (found[1].evidence or "")


# --- partial quotes and unlisted verbs -------------------------------------------------------------------

@pytest.mark.parametrize("paragraph, quoted, speaker", [
    ('Senator Ruth Hale supports "appropriate pay raises for every teacher" in the state budget.',
     '"appropriate pay raises for every teacher"', "Ruth Hale"),
    ("Later that night, Mayor Tom Reyes questioned the council's \"emergency spending plan for the harbor\" again.",
     "\"emergency spending plan for the harbor\"", "Tom Reyes"),
    ('"France will always be France," an angry Marc Duval retaliated.', '"France will always be France,"',
     "Marc Duval"),
])
def test_quotes_attributed_by_the_sentence_or_an_unlisted_verb(paragraph: str, quoted: str, speaker: str) -> None:
    assert quotes(paragraph) == [(quoted, speaker)]


def test_a_participle_opening_a_sentence_is_no_speaker() -> None:
    found = speakers('Citing the budget, the mayor\'s plan calls for "a complete overhaul of the transit system."')
    assert found in ([None], ["mayor"]) and "Citing" not in found


def test_a_relative_clause_after_an_apposition_belongs_to_the_name() -> None:
    text = ('"Do these people read newspapers?" said Bob Mulholland, a California superdelegate and Clinton supporter '
            'who has accused Sanders supporters of harassing his peers. "Are they reading some chain email?"')
    assert speakers(text) == ["Bob Mulholland", "Bob Mulholland"]


# --- layouts (Build 4) -------------------------------------------------------------------------------

def test_inline_transcript_labels_start_turns_and_resolve_to_full_names() -> None:
    found = quotes("Foreign Minister Jane Doe spoke to the host, Tom Roe, on Sunday.",
                   "ROE: Minister, will you sign the treaty? DOE: We will sign it when the terms are fair. "
                   "ROE: And if they are not? DOE: Then we will walk away.")
    assert found == [("Minister, will you sign the treaty?", "Tom Roe"),
                     ("We will sign it when the terms are fair.", "Jane Doe"),
                     ("And if they are not?", "Tom Roe"), ("Then we will walk away.", "Jane Doe")]


def test_inline_question_and_answer_labels() -> None:
    found = quotes("Jane Doe, the city's new police chief, sat down with us this week.",
                   "Q: Why did you take the job? A: Because the city needs it. Q: What comes first? A: The budget.")
    assert [speaker for _, speaker in found] == ["Interviewer", "Jane Doe", "Interviewer", "Jane Doe"]
    assert [text for text, _ in found][:2] == ["Why did you take the job?", "Because the city needs it."]


def test_labels_resolve_to_the_names_in_the_title() -> None:
    found = find_quotes(["DOE: We will sign it when the terms are fair.", "ROE: And if they are not?",
                         "DOE: Then we will walk away."],
                        title="Foreign Minister Jane Doe talks to Tom Roe about the treaty")
    assert [q.speaker for q in found] == ["Jane Doe", "Tom Roe", "Jane Doe"]


@pytest.mark.parametrize("introduction", [
    "The agency's director, Jane Roe, issued the following statement:",
    "The following is a statement from the agency's director, Jane Roe:",
    "Roe, the agency's director, said in a statement:",
])
def test_a_statement_introduced_once_and_quoted_over_paragraphs(introduction: str) -> None:
    assert speakers("Jane Roe has led the agency since 2019.", introduction,
                    '"We are saddened by the loss of our colleagues in the fire."',
                    '"We will do everything we can to support their families."',
                    '"Our thoughts are with them tonight."') == ["Jane Roe"] * 3


def test_the_last_speaker_continues_over_sentences_and_paragraphs() -> None:
    assert speakers('"We will win this seat," Mayor Jane Roe said. "The polls are wrong."',
                    '"Our voters are energized and they will turn out."',
                    "Roe has held the office since 2015.",
                    '"I am not worried about the numbers," she added.') == ["Jane Roe"] * 4


@pytest.mark.parametrize("paragraphs", [
    ['"We have never seen a fire move like this one," the chief said. Fire Chief Jane Roe has led the '
     "department since 2010."],
    ['"We have never seen a fire move like this one," the chief said.',
     "Fire Chief Jane Roe, who has led the department since 2010, said crews would work through the night."],
])
def test_a_speaker_described_first_and_named_later(paragraphs: list[str]) -> None:
    assert speakers(*paragraphs) == ["Jane Roe"]


def test_alternating_speakers_each_attributed_in_their_own_paragraph() -> None:
    assert speakers('"Where were you on the night of May 4?" prosecutor Jane Roe asked.',
                    '"At home with my wife," Tom Doe answered.',
                    '"Can anyone confirm that?" she asked.',
                    '"My wife can," he said.') == ["Jane Roe", "Tom Doe", "Jane Roe", "Tom Doe"]


def test_an_exchange_of_bare_quotes_alternates_between_its_two_speakers() -> None:
    assert speakers('"Where were you on the night of May 4?" prosecutor Jane Roe asked.',
                    '"At home with my wife," Tom Doe answered.',
                    '"Can anyone confirm that?"',
                    '"My wife can."') == ["Jane Roe", "Tom Doe", "Jane Roe", "Tom Doe"]


@pytest.mark.parametrize("paragraph, speaker", [
    ('Couple global exposure with a "candidate who is a lightning rod" and the city gets nervous, said Christine '
     'Link, the director of the local chapter.', "Christine Link"),
    ('Citing last week\'s attack and the voters\' "reveries about treating the presidency as an entry-level job," '
     'Kristol urged the party to drop its outsider candidates.', "Kristol"),
])
def test_a_partial_quote_is_the_words_of_the_sentence_that_reports_it(paragraph: str, speaker: str) -> None:
    assert speakers(paragraph) == [speaker]


@pytest.mark.parametrize("paragraphs, expected", [
    (['"I think it has been most surprising to see him divide the party,"Clinton said. "Some of his comments '
      'have been so mean."'], ["Clinton", "Clinton"]),
    (["In response to the attack, Republican presidential nominee Donald Trump issued the following statement:",
      '"Our prayers are with all those affected by the horrible attacks in Munich."'], ["Donald Trump"]),
    (['Republican presidential candidate Donald Trump quickly took to Twitter, writing: "Another horrific attack, '
      'this time in Nice, France. Many dead."'], ["Donald Trump"]),
    (['As The Post\'s Dana Milbank puts it, "Senate Republicans are unmoved, and liberal activists are '
      'uninspired."'], ["Dana Milbank"]),
])
def test_titles_before_a_name_and_marks_without_their_space(paragraphs: list[str], expected: list[str]) -> None:
    assert speakers(*paragraphs) == expected
