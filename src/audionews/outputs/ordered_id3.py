"""An ID3 tag whose chapters are written in the order they are heard.

Its own module so that mutagen, which it subclasses, is imported only when a tag is built.
"""
from __future__ import annotations

from typing import Any

from mutagen.id3 import ID3
from mutagen.id3._tags import save_frame


class ChapteredID3(ID3):
    """An ID3 tag whose CHAP frames are written last and in start order.

    mutagen writes frames sorted by size (quodlibet/mutagen#506), and players that read chapters in
    file order (ffmpeg, many podcast apps) would list them shuffled.
    """

    def _write(self, config: Any) -> bytearray:  # mutagen's hook for the frames' bytes
        chapters = sorted(self.getall("CHAP"), key=lambda chapter: chapter.start_time)
        self.delall("CHAP")
        try:
            frames = super()._write(config)
        finally:
            for chapter in chapters:
                self.add(chapter)
        for chapter in chapters:
            frames += save_frame(chapter, config=config)
        return frames
