"""The `audionews` commands that use the library: follow, feeds (list, import, export), unfollow, update,
briefing and `read --unheard`. Argument parsing and output lines only; the library and the stages do the work.

Every one takes `--data-dir` (default: config.default_data_dir, the same library `audionews serve` uses).
"""
from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from audionews.errors import NotFoundError, UsageError

if TYPE_CHECKING:
    from audionews.config import Settings
    from audionews.library import Library, Summary
    from audionews.library.following import CheckResult
    from audionews.outputs.briefing import Story


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", metavar="DIR",
                        help="where the library is kept (default: $AUDIONEWS_DATA_DIR, else "
                             "$XDG_DATA_HOME/audionews, i.e. ~/.local/share/audionews)")


def data_dir(args: argparse.Namespace) -> Path:
    from audionews.config import default_data_dir

    return Path(args.data_dir) if args.data_dir else default_data_dir()


def library_settings(directory: Path) -> Settings:
    """The settings, with the audio cache inside the data directory unless AUDIONEWS_CACHE_DIR says otherwise
    (so the CLI and `serve` on one library share their clips)."""
    from audionews.config import Settings

    settings = Settings.from_env()
    return settings if os.environ.get("AUDIONEWS_CACHE_DIR") else replace(settings, cache_dir=directory / "audio_cache")


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{number} is too small; give 1 or more")
    return number


def _hours(value: str) -> float:
    try:
        hours = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of hours") from None
    if not hours > 0:
        raise argparse.ArgumentTypeError(f"{value} is not a number of hours above 0")
    return hours


def add_commands(commands: argparse._SubParsersAction, add_voice_options: Callable[[argparse.ArgumentParser], None],
                 ) -> None:
    """The library commands, added to the main parser's subcommands."""
    follow = commands.add_parser("follow", help="follow a news feed (RSS, Atom, JSON Feed, or a page that links to one)")
    follow.add_argument("url", metavar="URL", help="the feed's address, or a web page that advertises a feed")
    follow.add_argument("--max-items", type=_positive, default=10, metavar="N",
                        help="new articles taken from it per check, newest first (default: 10)")
    add_data_dir(follow)
    follow.set_defaults(handler=cmd_follow)

    feeds = commands.add_parser("feeds", help="list the feeds you follow; `feeds import FILE.opml`, `feeds export`")
    feeds.add_argument("action", nargs="?", choices=("import", "export"),
                       help="import: follow every feed of an OPML file; export: write your feeds as OPML")
    feeds.add_argument("file", nargs="?", metavar="FILE.opml", help="with import: the OPML file to read")
    feeds.add_argument("-o", "--output", metavar="FILE", help="with export: write to FILE instead of standard output")
    feeds.add_argument("--max-items", type=_positive, default=10, metavar="N",
                       help="with import: new articles taken from each feed per check (default: 10)")
    add_data_dir(feeds)
    feeds.set_defaults(handler=cmd_feeds)

    unfollow = commands.add_parser("unfollow", help="stop following a feed (its articles stay in the library)")
    unfollow.add_argument("feed", metavar="ID|URL", help="the feed's number (see `audionews feeds`) or address")
    add_data_dir(unfollow)
    unfollow.set_defaults(handler=cmd_unfollow)

    update = commands.add_parser("update", help="check every feed you follow for new articles now")
    add_data_dir(update)
    update.set_defaults(handler=cmd_update)

    briefing = commands.add_parser("briefing", help="one MP3 of the articles not heard yet, with a chapter each")
    briefing.add_argument("-o", "--output", required=True, metavar="FILE.mp3",
                          help="the MP3 file to write (FILE.epub: a talking book, EPUB 3 with Media Overlays)")
    which = briefing.add_mutually_exclusive_group()
    which.add_argument("--all", action="store_true", help="every article in the library, heard or not")
    which.add_argument("--since", type=_hours, metavar="HOURS", help="the articles added in the last HOURS, heard or not")
    add_voice_options(briefing)
    briefing.add_argument("--bitrate", type=int, default=64, metavar="KBPS", help="MP3 bitrate in kbit/s (default: 64)")
    briefing.add_argument("--companions", action="store_true",
                          help="also write FILE.chapters.json, FILE.vtt and FILE.txt beside the MP3")
    add_data_dir(briefing)
    briefing.set_defaults(handler=cmd_briefing)


def cmd_follow(args: argparse.Namespace) -> int:
    from audionews.library.postgres import open_library
    from audionews.library.following import follow

    directory = data_dir(args)
    library = open_library(directory)
    result = follow(library, args.url.strip(), library_settings(directory), max_items=args.max_items)
    print(f"Following {result.feed.title} ({result.feed.url}): added {_count(len(result.added), 'article')}.")
    _report_unreadable(result)
    return 0


def cmd_feeds(args: argparse.Namespace) -> int:
    from audionews.library.postgres import open_library

    if args.action != "import" and args.file:
        raise UsageError(f"Only `audionews feeds import` takes a file; to write one, use `feeds export -o {args.file}`.")
    if args.action != "export" and args.output:
        raise UsageError("Only `audionews feeds export` takes -o FILE.")
    library = open_library(data_dir(args))
    if args.action == "import":
        return _import(args, library)
    if args.action == "export":
        return _export(args, library)
    feeds = library.feeds()
    if not feeds:
        print("You follow no feeds yet; add one with `audionews follow URL`.")
    for feed in feeds:
        checked = feed.last_checked[:19].replace("T", " ") + " UTC" if feed.last_checked else "never"
        line = f"{feed.id}\t{feed.title}\t{feed.url}\tchecked {checked}\t{feed.unheard} not heard"
        print(line + (f"\terror: {feed.last_error}" if feed.last_error else ""))
    return 0


def _import(args: argparse.Namespace, library: Library) -> int:
    from audionews.errors import ConflictError
    from audionews.feeds import read_opml
    from audionews.library.following import import_outline

    if not args.file:
        raise UsageError("Give the OPML file to import: `audionews feeds import FILE.opml`.")
    if args.file.startswith(("http://", "https://")):
        raise UsageError("Give an OPML file on this computer; download the list first.")
    outlines = read_opml(_read_small_file(Path(args.file)), args.file)
    if not outlines:
        print(f"{args.file} lists no feeds.")
        return 0
    settings = library_settings(library.path.parent)
    for outline in outlines:
        try:
            result = import_outline(library, outline, settings, max_items=args.max_items)
        except ConflictError:
            print(f"Already following {outline.title or outline.url}.")
            continue
        if result.error:
            print(f"Following {result.feed.title} ({result.feed.url}); it could not be checked now: {result.error}")
        else:
            print(f"Following {result.feed.title} ({result.feed.url}): added {_count(len(result.added), 'article')}.")
            _report_unreadable(result)
    return 0


def _read_small_file(path: Path, limit: int = 10 * 1024 * 1024) -> bytes:
    from audionews.errors import InputError

    try:
        if path.stat().st_size > limit:
            raise InputError(f"{path} is over {limit // (1024 * 1024)} MB, too large for a list of feeds; "
                             "check that it is the OPML file.")
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"There is no file {path}; check the path.") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder; give the OPML file inside it.") from None
    except OSError as error:
        raise InputError(f"{path} cannot be read ({error.strerror or error}); check the path.") from None


def _export(args: argparse.Namespace, library: Library) -> int:
    from audionews.feeds import Outline, write_opml
    from audionews.outputs.export import check_writable, write_atomically

    feeds = library.feeds()
    data = write_opml([Outline(feed.url, feed.title, feed.site) for feed in feeds])
    if not args.output or args.output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        return 0
    path = Path(args.output)
    check_writable(path)
    write_atomically(path, data)
    print(f"Wrote {path}: {_count(len(feeds), 'feed')}.")
    return 0


def cmd_unfollow(args: argparse.Namespace) -> int:
    from audionews.library.postgres import open_library

    library = open_library(data_dir(args))
    given = args.feed.strip()
    feed = library.feed(int(given)) if given.isdigit() else library.feed_at(given)
    if feed is None:
        raise NotFoundError(f"You do not follow {given}; `audionews feeds` lists the feeds you follow.")
    library.remove_feed(feed.id)
    print(f"Stopped following {feed.title}; its articles stay in the library.")
    return 0


def cmd_update(args: argparse.Namespace) -> int:
    from audionews.library.postgres import open_library
    from audionews.library.following import check

    directory = data_dir(args)
    library = open_library(directory)
    feeds = library.feeds()
    if not feeds:
        print("You follow no feeds yet; add one with `audionews follow URL`.")
    settings = library_settings(directory)
    for feed in feeds:
        result = check(library, feed, settings)
        if result.error:
            print(f"{result.feed.title}: not checked: {result.error}")
        else:
            print(f"{result.feed.title}: {len(result.added)} new")
            _report_unreadable(result)
    return 0


def cmd_briefing(args: argparse.Namespace) -> int:
    from datetime import datetime, timedelta, timezone

    from audionews.cli import _synth_options
    from audionews.library.postgres import open_library
    from audionews.outputs.briefing import export_briefing
    from audionews.outputs.epub import export_briefing_epub
    from audionews.outputs.export import check_writable
    from audionews.speech.synth import Synthesizer

    directory = data_dir(args)
    library = open_library(directory)
    entries = library.entries()
    if args.since:
        since = (datetime.now(timezone.utc) - timedelta(hours=args.since)).isoformat(timespec="seconds")
        entries = [entry for entry in entries if entry.added >= since]
    elif not args.all:
        entries = [entry for entry in entries if not entry.heard]
    path = Path(args.output)
    check_writable(path)
    settings = library_settings(directory)
    articles = _spoken_articles(library, entries, args.announce)
    with Synthesizer(_synth_options(args, settings), settings) as synthesizer:
        if path.suffix.lower() == ".epub":
            book = export_briefing_epub(articles, synthesizer, path, bitrate=args.bitrate)
        else:
            result = export_briefing(articles, synthesizer, path, bitrate=args.bitrate, companions=args.companions)
    for entry in entries:
        library.set_heard(entry.id, True)
    if path.suffix.lower() == ".epub":
        minutes, seconds = divmod(round(book.duration), 60)
        print(f"Wrote {book.path}: {minutes}:{seconds:02d}, {_count(len(entries), 'article')}, {book.size // 1024} KB.")
        return 0
    minutes, seconds = divmod(round(result.duration), 60)
    print(f"Wrote {result.path}: {minutes}:{seconds:02d}, {_count(len(entries), 'article')}, "
          f"{len(result.chapters)} chapters, {result.size // 1024} KB.")
    return 0


def read_unheard(args: argparse.Namespace) -> int:
    """`audionews read --unheard`: every article not heard yet, newest first, each marked heard once read
    to its end."""
    from audionews.cli import _synth_options
    from audionews.library.postgres import open_library
    from audionews.outputs.playlist import read_articles
    from audionews.speech.synth import Synthesizer

    directory = data_dir(args)
    library = open_library(directory)
    entries = [entry for entry in library.entries() if not entry.heard]
    if not entries:
        print("Every article in the library has been heard; `audionews update` checks your feeds for new ones.")
        return 0
    settings = library_settings(directory)

    def synthesizer_for(rate: int) -> Synthesizer:
        return Synthesizer(_synth_options(args, settings, rate=rate), settings)

    articles = _spoken_articles(library, entries, args.announce)
    read_articles(articles, synthesizer_for, args.rate, args.player, args.quiet, sys.stdin,
                  lambda index: library.set_heard(entries[index].id, True))
    return 0


def _spoken_articles(library: Library, entries: list[Summary], announce: str) -> list[Story]:
    """Each entry's script (built again with this `announce` setting) and source, for a briefing or playlist."""
    from audionews.library.following import source_name
    from audionews.outputs.briefing import Story
    from audionews.script import build_script

    feeds = {feed.id: feed for feed in library.feeds()}
    return [Story(build_script(library.article(entry.id), announce=announce), source_name(entry, feeds))
            for entry in entries]


def _report_unreadable(result: CheckResult) -> None:
    if result.unreadable:
        print(f"audionews: {_count(len(result.unreadable), 'item')} could not be read; the first: "
              f"{result.unreadable[0]}", file=sys.stderr)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
