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
