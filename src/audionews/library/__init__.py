"""Library: the articles and followed feeds under one data directory (SQLite), shared by the CLI and the server.

`Library` (`store`) keeps each article's script, listening position and whether it was heard, and the
followed feeds (`subscriptions`); `following` fetches feeds (through `audionews.feeds`) and stores their
new articles. Imports neither `server`, `outputs` nor `cli`.
"""
from audionews.library.store import Entry, Library, Summary, digest_of

__all__ = ["Entry", "Library", "Summary", "digest_of"]
