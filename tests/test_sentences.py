"""Sentence splitting: each rule on real-looking news text, the sample article, and properties."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audionews.text.sentences import split_sentences

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "voa-israel-intel.txt"


def normalised(text: str) -> str:
    return " ".join(text.split())


CASES = [
    pytest.param(
        "He left at 9 a.m. on Monday. She stayed.",
        ["He left at 9 a.m. on Monday.", "She stayed."],
        id="plain",
    ),
    # Abbreviations: titles never end a sentence.
    pytest.param(
        "Gen. Mark Milley testified on Thursday. Sen. Chuck Schumer, D-N.Y., and Rep. Kevin McCarthy, "
        "R-Calif., met later. Lt. Col. Alexander Vindman did not.",
        ["Gen. Mark Milley testified on Thursday.",
         "Sen. Chuck Schumer, D-N.Y., and Rep. Kevin McCarthy, R-Calif., met later.",
         "Lt. Col. Alexander Vindman did not."],
        id="titles-and-states",
    ),
    pytest.param(
        "Dr. Anthony Fauci said the vaccine was safe. Mr. Biden agreed. Mrs. Smith and Ms. Lee did not.",
        ["Dr. Anthony Fauci said the vaccine was safe.", "Mr. Biden agreed.", "Mrs. Smith and Ms. Lee did not."],
        id="honorifics",
    ),
    pytest.param(
        "The service was held at St. Patrick’s Cathedral. Prof. Jane Doe and the Rev. Al Sharpton spoke.",
        ["The service was held at St. Patrick’s Cathedral.", "Prof. Jane Doe and the Rev. Al Sharpton spoke."],
        id="saint-prof-rev",
    ),
    pytest.param(
        "The fire broke out on Main St. The house was empty. Firefighters came from St. Louis.",
        ["The fire broke out on Main St.", "The house was empty.", "Firefighters came from St. Louis."],
        id="street-ends-a-sentence",
    ),
    # U.S. and other dotted acronyms.
    pytest.param(
        "U.S. President Donald Trump met Russian officials. Exports to the U.S. rose 4 percent.",
        ["U.S. President Donald Trump met Russian officials.", "Exports to the U.S. rose 4 percent."],
        id="us-inside",
    ),
    pytest.param(
        "The company moved its headquarters to the U.S. The move cost $2 billion.",
        ["The company moved its headquarters to the U.S.", "The move cost $2 billion."],
        id="us-at-end",
    ),
    pytest.param(
        "National Security Adviser H.R. McMaster said the talks were appropriate.",
        ["National Security Adviser H.R. McMaster said the talks were appropriate."],
        id="hr-mcmaster",
    ),
    pytest.param(
        "Trump called it a routine W.H. meeting. Critics disagreed.",
        ["Trump called it a routine W.H. meeting.", "Critics disagreed."],
        id="wh",
    ),
    pytest.param(
        "The firm is based in Washington, D.C. It employs 200 people. The U.N. Security Council met.",
        ["The firm is based in Washington, D.C.", "It employs 200 people.", "The U.N. Security Council met."],
        id="dc-un",
    ),
    # Initials.
    pytest.param(
        "John F. Kennedy was killed in Dallas. George W. Bush spoke at the event.",
        ["John F. Kennedy was killed in Dallas.", "George W. Bush spoke at the event."],
        id="initials",
    ),
    # Dates, times, numbers, money.
    pytest.param(
        "The photo was taken in Washington, May 10, 2017. It shows the two men laughing.",
        ["The photo was taken in Washington, May 10, 2017.", "It shows the two men laughing."],
        id="may-10-2017",
    ),
    pytest.param(
        "The attack happened on Jan. 6, 2021. The report is due Sept. 30. Officials expect delays.",
        ["The attack happened on Jan. 6, 2021.", "The report is due Sept. 30.", "Officials expect delays."],
        id="month-abbreviations",
    ),
    pytest.param(
        "The polls close at 8 p.m. Results are expected by midnight. The launch is at 10:30 a.m. EDT Wednesday.",
        ["The polls close at 8 p.m.", "Results are expected by midnight.", "The launch is at 10:30 a.m. EDT Wednesday."],
        id="times",
    ),
    pytest.param(
        "The stock fell 3.5% to $142.17 a share. He ranked No. 5 on the list. The bill, H.R. 1, passed.",
        ["The stock fell 3.5% to $142.17 a share.", "He ranked No. 5 on the list.", "The bill, H.R. 1, passed."],
        id="numbers",
    ),
    pytest.param(
        "Apple Inc. reported record sales. The deal with Acme Co. closed on Friday. Shares rose for Microsoft Corp. "
        "It was the third gain.",
        ["Apple Inc. reported record sales.", "The deal with Acme Co. closed on Friday.",
         "Shares rose for Microsoft Corp.", "It was the third gain."],
        id="companies",
    ),
    # URLs and e-mail addresses.
    pytest.param(
        "Details are at https://www.example.org/report.pdf. Readers can write to letters@example.com. Letters may be edited.",
        ["Details are at https://www.example.org/report.pdf.", "Readers can write to letters@example.com.",
         "Letters may be edited."],
        id="urls-emails",
    ),
    # Quotes.
    pytest.param(
        '"Why should we trust them?" she asked. Nobody answered.',
        ['"Why should we trust them?" she asked.', "Nobody answered."],
        id="question-attribution",
    ),
    pytest.param(
        "“Where is the money?” Smith asked reporters on Monday.",
        ["“Where is the money?” Smith asked reporters on Monday."],
        id="question-named-attribution",
    ),
    pytest.param(
        "The senator called the deal “a disgrace.” She vowed to block it. He said it was \"dead on arrival.\" Others agreed.",
        ["The senator called the deal “a disgrace.”", "She vowed to block it.",
         "He said it was \"dead on arrival.\"", "Others agreed."],
        id="period-inside-quote",
    ),
    pytest.param(
        "“We are ready. We have been ready for months,” the coach said. His team lost 3-0.",
        ["“We are ready. We have been ready for months,” the coach said.", "His team lost 3-0."],
        id="quotation-kept-whole",
    ),
    pytest.param(
        "The mayor said: “We will rebuild. We have done it before.",
        ["The mayor said: “We will rebuild.", "We have done it before."],
        id="quotation-continues-in-next-paragraph",
    ),
    # Ellipses and lists.
    pytest.param(
        "The minister resigned… and then, days later, returned. I never meant that.... She left.",
        ["The minister resigned… and then, days later, returned.", "I never meant that....", "She left."],
        id="ellipses",
    ),
    pytest.param(
        "Rescuers pulled 17 people from the rubble... Four were children. The thing is . . . I never knew.",
        ["Rescuers pulled 17 people from the rubble...", "Four were children.", "The thing is . . . I never knew."],
        id="ellipsis-on-its-word-ends-a-sentence",
    ),
    pytest.param(
        "1. Reduce wait times. 2. Hire more staff. 3. Improve the website.",
        ["1. Reduce wait times.", "2. Hire more staff.", "3. Improve the website."],
        id="numbered-list",
    ),
    pytest.param(
        "a. The first item b. The second item",
        ["a. The first item", "b. The second item"],
        id="lettered-list-without-periods",
    ),
    # Line breaks: a headline without a final period.
    pytest.param(
        "Storm batters coast as thousands flee\nMIAMI (AP) — Hurricane Ian made landfall on Wednesday.",
        ["Storm batters coast as thousands flee", "MIAMI (AP) — Hurricane Ian made landfall on Wednesday."],
        id="headline-line",
    ),
    pytest.param(
        "The key points of the plan:\n• Lower taxes for families\n• More money for schools",
        ["The key points of the plan:", "• Lower taxes for families", "• More money for schools"],
        id="bullets",
    ),
    pytest.param(
        "Each sentence on its own line.\nA short one ends at the U.S.\nAnother line that is a good deal longer than the others.",
        ["Each sentence on its own line.", "A short one ends at the U.S.",
         "Another line that is a good deal longer than the others."],
        id="ragged-lines",
    ),
    pytest.param(
        "Police said the man, who had lived in the neighborhood for more than\nTen years, was arrested on Tuesday after a "
        "short chase through the\npark near the river, where officers found him in a small boat.",
        ["Police said the man, who had lived in the neighborhood for more than Ten years, was arrested on Tuesday after "
         "a short chase through the park near the river, where officers found him in a small boat."],
        id="hard-wrapped-lines",
    ),
    pytest.param(
        "Biden speaks in the East Room of the White House, Tuesday, Jan. 4, 2022. (AP Photo/Evan Vucci)",
        ["Biden speaks in the East Room of the White House, Tuesday, Jan. 4, 2022.", "(AP Photo/Evan Vucci)"],
        id="photo-credit",
    ),
    pytest.param(
        "iPhone sales rose 5%. eBay said its revenue fell. It used to be an iPhone. iOS is next.",
        ["iPhone sales rose 5%.", "eBay said its revenue fell.", "It used to be an iPhone.", "iOS is next."],
        id="lower-case-brand-starts-sentence",
    ),
    pytest.param(
        "Police said the man, who lived in the\nneighborhood, was arrested on Tuesday.",
        ["Police said the man, who lived in the neighborhood, was arrested on Tuesday."],
        id="wrapped-line",
    ),
]


@pytest.mark.parametrize("paragraph, expected", CASES)
def test_rules(paragraph: str, expected: list[str]) -> None:
    assert split_sentences(paragraph) == expected


def sample_paragraphs() -> list[str]:
    return [p for p in SAMPLE.read_text(encoding="utf-8").split("\n\n") if len(p.split()) > 8]


def test_sample_article_keeps_hard_abbreviations_inside_sentences() -> None:
    sentences = [s for paragraph in sample_paragraphs() for s in split_sentences(paragraph)]
    for phrase in ("U.S. President", "U.S. leader", "U.S. media", "H.R. McMaster", "W.H. meeting", "May 10, 2017"):
        assert any(phrase in s for s in sentences), phrase
    assert not any(s.endswith(("U.S.", "H.R.", "W.H.")) for s in sentences)


def test_sample_article_paragraphs() -> None:
    paragraph = next(p for p in sample_paragraphs() if p.startswith("Trump's disclosure"))
    assert split_sentences(paragraph) == [
        "Trump's disclosure came two weeks ago as he met at the White House with Russian Foreign Minister "
        "Sergey Lavrov and Moscow's ambassador to Washington, Sergey Kislyak.",
        "The U.S. leader, according to accounts of the meeting in U.S. media, boasted that he had \"great intel,\" "
        "revealing classified information about an Islamic State threat involving bombs implanted inside laptop "
        "computers carried on airplanes.",
    ]
    liberman = next(p for p in sample_paragraphs() if p.startswith("Liberman declined"))
    assert split_sentences(liberman) == [
        "Liberman declined to say what changes had been made.",
        "\"Not everything needs to be discussed in the media; some things need to be talked about in closed "
        "rooms,\" he said.",
    ]
    for paragraph in sample_paragraphs():
        assert " ".join(split_sentences(paragraph)) == normalised(paragraph)


def test_other_languages_use_their_abbreviations() -> None:
    assert split_sentences("Das ist z. B. ein Test. Dr. Müller kam um 10 Uhr.", "de") == [
        "Das ist z. B. ein Test.", "Dr. Müller kam um 10 Uhr."]
    assert split_sentences("Am 10. Mai 2017 traf Trump Lawrow. Das war im 19. Jahrhundert nicht denkbar.", "de") == [
        "Am 10. Mai 2017 traf Trump Lawrow.", "Das war im 19. Jahrhundert nicht denkbar."]
    assert split_sentences("M. Dupont est arrivé. Il a parlé.", "fr") == ["M. Dupont est arrivé.", "Il a parlé."]
    assert split_sentences("El Sr. García llegó. Habló con la prensa.", "es") == [
        "El Sr. García llegó.", "Habló con la prensa."]


def test_languages_without_our_word_lists_use_pysbd() -> None:
    assert split_sentences("Il sig. Rossi è arrivato alle 10. Poi è andato via.", "it") == [
        "Il sig. Rossi è arrivato alle 10.", "Poi è andato via."]


def test_unknown_language_and_empty_input() -> None:
    assert split_sentences("Hello there. Bye now.", "xx-YY") == ["Hello there.", "Bye now."]
    assert split_sentences("   \n\n ") == []


text_alphabet = st.sampled_from(list("abcXYZ .?!…\"“”'’()[]:;,-—\n\t0123456789$%&@/") + ["U.S.", "Mr.", "a.m.", " 1. ", "..."])


@settings(max_examples=300, deadline=None)
@given(st.lists(text_alphabet, max_size=60).map("".join), st.sampled_from(["en", "de", "fr", "es", "it", "ru", "zh", "zz"]))
def test_joining_sentences_reproduces_normalised_input(text: str, language: str) -> None:
    sentences = split_sentences(text, language)
    assert " ".join(sentences) == normalised(text)
    assert all(s and s == s.strip() for s in sentences)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_on_any_text(text: str) -> None:
    assert " ".join(split_sentences(text)) == normalised(text)


def test_the_language_from_the_text_keeps_german_dates_inside_their_sentences() -> None:
    """A German page tagged `en` was split with English rules ("Am 12." / "September …"); the language
    is now identified from the text, and the German rules keep ordinal dates whole."""
    from audionews.text.language import identify

    text = ("Am 12. September hat der Stadtrat beschlossen, die Brücke zu sperren. Die Arbeiten beginnen am "
            "3. Oktober und dauern bis zum 1. März.")
    language = identify(text, hint="en")
    assert (language.language, language.page) == ("de", "en")
    assert split_sentences(text, language.language) == [
        "Am 12. September hat der Stadtrat beschlossen, die Brücke zu sperren.",
        "Die Arbeiten beginnen am 3. Oktober und dauern bis zum 1. März."]
