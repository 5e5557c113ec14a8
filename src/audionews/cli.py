"""The `audionews` command: argument parsing and exit codes only; the stages do the work.

Exit status: 0 success, 1 bad input or a failure the user can fix, 2 bad usage, 130 interrupted.
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import Callable, Sequence

from audionews.errors import AudionewsError

ANNOUNCE_MODES = ("on-change", "always", "never")
ENGINES = ("auto", "piper", "espeak", "pyttsx3", "gtts")


def _add_voice_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--engine", choices=ENGINES, default="auto", help="speech engine (default: auto)")
    parser.add_argument("--voice", help="voice id, as listed by `audionews voices`")
    parser.add_argument("--rate", type=int, default=175, help="speaking rate in words per minute (default: 175)")
    parser.add_argument("--announce", choices=ANNOUNCE_MODES, default="on-change",
                        help="name the speaker before a quote: on-change (default), always or never")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="audionews", description="Turn a news article into clean, speaker-aware speech.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    script = commands.add_parser("script", help="print the narration script of an article")
    script.add_argument("source", metavar="SOURCE", help="a file path, - for standard input, or an http(s) URL")
    script.add_argument("--json", action="store_true", help="print the script as JSON")
    script.add_argument("--removed", action="store_true", help="also show what cleaning dropped, and why")
    script.add_argument("--announce", choices=ANNOUNCE_MODES, default="on-change")
    script.set_defaults(handler=cmd_script)

    export = commands.add_parser("export", help="save an article as a podcast-style MP3 with chapters and transcript")
    export.add_argument("source", metavar="SOURCE", help="a file path, - for standard input, or an http(s) URL")
    export.add_argument("-o", "--output", required=True, metavar="FILE",
                        help="the MP3 file to write, or - for standard output")
    _add_voice_options(export)
    export.add_argument("--bitrate", type=int, default=64, metavar="KBPS", help="MP3 bitrate in kbit/s (default: 64)")
    export.add_argument("--companions", action="store_true",
                        help="also write FILE.chapters.json, FILE.vtt and FILE.txt beside the MP3, for `audionews feed`")
    export.set_defaults(handler=cmd_export)

    feed = commands.add_parser("feed", help="write DIR/feed.xml, a podcast feed of the MP3s exported to DIR")
    feed.add_argument("directory", metavar="DIR", help="the folder of exported MP3s")
    feed.add_argument("--base-url", required=True, metavar="URL", help="the public http(s) URL DIR is served at")
    feed.add_argument("--title", help="the podcast's title (default: audionews: DIR's name)")
    feed.add_argument("--description", default="News articles read aloud by audionews.", help="the podcast's description")
    feed.set_defaults(handler=cmd_feed)

    return parser


def cmd_script(args: argparse.Namespace) -> int:
    from audionews.config import Settings
    from audionews.extract import extract_document
    from audionews.ingest import read_source
    from audionews.script import build_script

    document = read_source(args.source, Settings.from_env())
    script = build_script(extract_document(document), announce=args.announce)
    if args.json:
        print(json.dumps(script.to_dict(), ensure_ascii=False, indent=2))
        return 0
    for segment in script.segments:
        label = f"[{segment.kind}{': ' + segment.speaker if segment.speaker else ''}]"
        print(f"{label} {segment.text}")
    if args.removed:
        print("\nRemoved by cleaning:")
        for removal in script.removed:
            print(f"- ({removal.reason}) {removal.text}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from audionews.config import Settings
    from audionews.errors import UsageError
    from audionews.export import export_mp3
    from audionews.extract import extract_document
    from audionews.ingest import read_source
    from audionews.script import build_script
    from audionews.synth import SynthOptions, Synthesizer

    to_stdout = args.output == "-"
    if to_stdout and sys.stdout.isatty():
        raise UsageError("MP3 audio cannot be shown in a terminal; redirect standard output to a file or give -o FILE.mp3.")
    settings = Settings.from_env()
    script = build_script(extract_document(read_source(args.source, settings)), announce=args.announce)
    destination = sys.stdout.buffer if to_stdout else Path(args.output)
    # the Synthesizer shows a progress bar on stderr when it is a terminal
    with Synthesizer(SynthOptions(engine=args.engine, voice=args.voice, rate=args.rate), settings) as synthesizer:
        result = export_mp3(script, synthesizer.clips(script), destination, bitrate=args.bitrate,
                            companions=args.companions)
    if not to_stdout:
        minutes, seconds = divmod(round(result.duration), 60)
        print(f"Wrote {result.path}: {minutes}:{seconds:02d}, {len(result.chapters)} chapters, {result.size // 1024} KB.")
    return 0


def cmd_feed(args: argparse.Namespace) -> int:
    from pathlib import Path

    from audionews.feed import write_feed

    path = write_feed(Path(args.directory), args.base_url, title=args.title, description=args.description)
    print(f"Wrote {path}.")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except AudionewsError as error:
        print(f"audionews: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("audionews: interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 0
