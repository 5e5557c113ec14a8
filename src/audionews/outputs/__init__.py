"""Outputs: Clips become something to listen to.

`join` lays clips end to end with natural pauses and keeps their timings (`audio`); `export_mp3`
writes the podcast MP3 with tags, chapters and transcript (`export`); `write_feed` the podcast feed
(`feed`); `read_aloud` and `write_narration` narrate in the terminal (`narrate`). Does not import
`server`.
"""
from audionews.outputs.audio import join
from audionews.outputs.export import export_mp3
from audionews.outputs.feed import write_feed
from audionews.outputs.narrate import read_aloud, write_narration

__all__ = ["export_mp3", "join", "read_aloud", "write_feed", "write_narration"]
