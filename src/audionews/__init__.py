"""audionews: turn a news article into clean, speaker-aware speech.

The public API is small and plain:

    >>> import audionews
    >>> article = audionews.extract_article(html_or_text, url=None)
    >>> script = audionews.build_script(article)
    >>> audionews.split_sentences("He left at 9 a.m. on Monday. She stayed.")
    ['He left at 9 a.m. on Monday.', 'She stayed.']
"""
from audionews.errors import AudionewsError
from audionews.model import Article, Clip, Paragraph, Script, Segment
from audionews.script import build_script
from audionews.text import extract_article, split_sentences

__all__ = [
    "Article",
    "AudionewsError",
    "Clip",
    "Paragraph",
    "Script",
    "Segment",
    "build_script",
    "extract_article",
    "split_sentences",
]
__version__ = "0.1.0"
