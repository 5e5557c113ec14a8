"""Every text and quote stage takes time linear (or n·log n) in its input: ten times the input costs at
most about twelve times the work, on synthetic worst cases (many names, many quotation marks, many
sentences, one huge paragraph, many transcript turns, many links in one paragraph).

Work is counted two ways on two runs of the same code in this process: Python function calls
(deterministic; the bound is 12×) and CPU time (best of two, a generous 25× bound against a shared
machine's noise, catching work done in C such as repeated slicing). A quadratic stage costs 100×.
No absolute time is asserted anywhere.
"""
from __future__ import annotations

import string
import sys
import time
from typing import Callable

import pytest

from audionews.model import Article
from audionews.quotes import find_quotes
from audionews.script import build_script
from audionews.text.extract import extract_document
from audionews.text.ingest import document_from_bytes

CALLS_BOUND = 12
TIME_BOUND = 25
SMALL = 100  # large enough that the small input already fills the quote stage's look-back bounds


def _name(i: int) -> str:
    """A distinct capitalised made-up word for each i: Fhb, Ghb, …"""
    letters, i = "", i + 5 * 26 * 26
    while i:
        letters += string.ascii_lowercase[i % 26]
        i //= 26
    return letters.capitalize()


def _paragraphs(items: list[str]) -> str:
    return "Title of the article\n\n" + "\n\n".join(items)


# Each case: n → the text of a pasted article of size about proportional to n.
CASES: dict[str, Callable[[int], str]] = {
    "one huge paragraph of 'Hi. '": lambda n: _paragraphs(["Hi. " * (8 * n)]),
    "many names in one paragraph": lambda n: _paragraphs([" ".join(
        f"{_name(i)} {_name(i + 3)} met {_name(i + 1)} officials, {_name(i + 2)} said." for i in range(n))]),
    "many names, pronouns and descriptions over paragraphs": lambda n: _paragraphs([
        f"{_name(i)} {_name(i + 7)}, the minister, said the plan works. She added that the official "
        f"\"will see it through,\" he said. \"We will,\" the spokesman for {_name(i)} Group said." for i in range(n)]),
    "many quotation marks in one paragraph": lambda n: _paragraphs([" ".join(
        f"\"A quoted bit {_name(i)} here,\" he said. \"More words,\" said {_name(i)} {_name(i + 1)}. 'Yes' it is."
        for i in range(n))]),
    "unpaired marks in one paragraph": lambda n: _paragraphs(["The report said so. " + " ".join(
        f"'{_name(i)} “x ' « said the man." for i in range(3 * n))]),
    "many sentences in one paragraph": lambda n: _paragraphs([" ".join(
        f"The man from {_name(i)} said it was fine on Monday. He left at 9 a.m. for the U.S. embassy."
        for i in range(n))]),
    "a quote running over many paragraphs": lambda n: _paragraphs(["The senator spoke for an hour on Monday."] + [
        f"\"It goes on about {_name(i)} and more of it, and the words keep coming." for i in range(n)]
        + ["That was the end of it, she said."]),
    "many transcript turns": lambda n: _paragraphs(["Senator Jane Roe spoke to the host, John Doe."] + [
        f"{'ROE' if i % 2 else 'DOE'}: We talk about {_name(i)} today. Q: Why {_name(i)}? A: Because." for i in range(n)]),
    "many inline links in one HTML paragraph": lambda n: "<html><body><article><h1>Title</h1><p>" + " ".join(
        f'<a href="/x{i}">{_name(i)}</a> said it was so.' for i in range(6 * n)) + "</p></article></body></html>",
    "many lines printed twice": lambda n: _paragraphs(["The council met on Monday and said the budget was done."] + [
        f"A view of the {_name(i)} river at dawn" for i in range(n) for _ in (0, 1)]),
    "many linked headings after the article": lambda n: "<html><body><article><h1>Title</h1>" + "".join(
        f"<p>The man {_name(i)} said it was fine, and the council agreed on the plan.</p>" for i in range(5)) + "".join(
        f'<h2><a href="/s{i}">Story about the {_name(i)} plan here</a></h2><p>A blurb {_name(i)}.</p>' for i in range(n))
        + "</article></body></html>",
    "many HTML paragraphs": lambda n: "<html><body><article><h1>Title</h1>" + "".join(
        f"<p>The man {_name(i)} said it was fine. \"It is,\" he said.</p>" for i in range(n)) + "</article></body></html>",
}


def _article(text: str) -> Article:
    return extract_document(document_from_bytes(text.encode("utf-8"), "paste"))


def _body(text: str) -> list[str]:
    return [p.text for p in _article(text).paragraphs if p.kind == "body"]


# Each stage: (what it is given, made from the text outside the measurement; the stage itself).
STAGES: dict[str, tuple[Callable[[str], object], Callable[[object], object]]] = {
    "extract": (lambda text: document_from_bytes(text.encode("utf-8"), "paste"), extract_document),
    "quotes": (_body, find_quotes),
    "script": (_article, build_script),
}


def _calls(action: Callable[[], object]) -> int:
    count = 0

    def profile(frame, event, arg) -> None:  # noqa: ANN001 - sys.setprofile's signature
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        action()
    finally:
        sys.setprofile(previous)
    return count


def _cpu_seconds(action: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(2):
        started = time.process_time()
        action()
        best = min(best, time.process_time() - started)
    return best


# Page structure (HTML, repeated lines) is the extractor's worst case; its paragraphs are ordinary ones.
_EXTRACT_ONLY = {"many inline links in one HTML paragraph", "many HTML paragraphs", "many lines printed twice",
                 "many linked headings after the article"}


@pytest.mark.parametrize("case, stage", [(case, stage) for case in CASES for stage in STAGES
                                         if stage == "extract" or case not in _EXTRACT_ONLY])
def test_ten_times_the_input_costs_about_ten_times_the_work(case: str, stage: str) -> None:
    prepare, run = STAGES[stage]
    small, large = prepare(CASES[case](SMALL)), prepare(CASES[case](10 * SMALL))
    run(small)  # warm caches (word lists, tokenizers) before counting
    small_calls, large_calls = _calls(lambda: run(small)), _calls(lambda: run(large))
    assert large_calls <= CALLS_BOUND * small_calls, (
        f"{stage} on {case}: {large_calls / small_calls:.1f}× the calls for 10× the input")
    small_time, large_time = _cpu_seconds(lambda: run(small)), _cpu_seconds(lambda: run(large))
    assert large_time <= TIME_BOUND * max(small_time, 1e-3), (
        f"{stage} on {case}: {large_time / small_time:.1f}× the CPU time for 10× the input")
