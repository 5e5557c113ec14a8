"""Text: a source becomes an Article, clean and split into sentences.

Reading is safe (`read_source`: size and time limits, no private addresses), HTML is extracted with
trafilatura and BeautifulSoup (`extract_article`, `extract_document`), the text is cleaned of page
furniture, repeats and captions (`clean_text`), and paragraphs are split into sentences
(`split_sentences`: NLTK Punkt with news rules, offline). Imports only `model`, `errors` and `config`.
"""
from audionews.text.clean import clean_text
from audionews.text.extract import extract_article, extract_document
from audionews.text.ingest import document_from_bytes, read_source
from audionews.text.sentences import split_sentences

__all__ = ["clean_text", "document_from_bytes", "extract_article", "extract_document", "read_source",
           "split_sentences"]
