"""The short description: whole opening sentences up to about 400 characters, else a cut with an ellipsis."""
from audionews.outputs.summary import SUMMARY_CHARS, opening_sentences, text_sentences


def test_whole_sentences_up_to_the_limit():
    sentences = [f"Sentence number {n} says something about the storm and the port." for n in range(20)]
    text = opening_sentences(sentences)
    assert len(text) <= SUMMARY_CHARS and text.endswith("port.")
    assert len(text) > SUMMARY_CHARS - len(sentences[0]) - 1  # not one sentence fewer than fits
    assert text.startswith(sentences[0])


def test_a_first_sentence_longer_than_the_limit_ends_at_a_word_with_an_ellipsis():
    long = "The council " + "and the harbour authority " * 30 + "agreed."
    text = opening_sentences([long, "Short."])
    assert text.endswith("…") and len(text) <= SUMMARY_CHARS and long.startswith(text[:-1])
    assert long[len(text) - 1] == " "  # cut between words


def test_text_sentences_splits_at_sentence_ends():
    assert text_sentences("It rained. “We are ready,” he said. Roads shut!  More on 5 May.") == [
        "It rained.", "“We are ready,” he said.", "Roads shut!", "More on 5 May."]
