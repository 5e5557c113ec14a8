"""Quotes: who says what, so a change of speaker can be announced and quoted speech voiced apart.

`find_quotes(paragraphs)` pairs quotation marks (`marks`), tells speech from mentions of words
(`mentions`), attributes each quote to its speaker (`attribution`, `phrases`, with the people and
organisations of the article in `speakers` and the word lists in `lexicon`), and returns plain
`Quote`s that `layout` turns into narration, quote and announcement segments. Imports only
`model`, `errors` and `config`.
"""
from audionews.quotes.layout import Quote, find_quotes

__all__ = ["Quote", "find_quotes"]
