"""The `audionews` command: argument parsing and exit codes only; the stages do the work.

Exit status: 0 success, 1 bad input or a failure the user can fix, 2 bad usage, 130 interrupted.
"""
from __future__ import annotations

import argparse
import errno
import io
import json
import logging
import os
import sys
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Callable, Iterator, Sequence

from audionews.cli_library import add_commands as add_library_commands
from audionews.cli_library import add_data_dir
from audionews.cli_queue import add_commands as add_queue_commands
from audionews.config import Settings
from audionews.diagnostics import print_traceback, show_messages
from audionews.errors import AudionewsError
from audionews.speech.engines import FACTORIES

if TYPE_CHECKING:
    from audionews.model import Clip, Script
    from audionews.outputs.audio import Pauses
    from audionews.outputs.epub import EpubResult
    from audionews.outputs.export import ExportResult
    from audionews.speech.synth import SynthOptions

ANNOUNCE_MODES = ("on-change", "always", "never")
ANNOUNCE_HELP = "name the speaker before a quote: on-change (default), always or never"
ENGINES = ("auto", *FACTORIES)
SPEAKING_COMMANDS = ("export", "read")  # they say which engine and voice they use, unless --quiet
OUTPUT_ERRNOS = (errno.EPIPE, errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EFBIG)  # writing the output failed


def _port(value: str) -> int:
    """An argparse type: a TCP port number, 0 (any free port) to 65535."""
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number; choose one from 0 to 65535")
    return port


def _minutes(value: str) -> float:
    """An argparse type: a number of minutes above 0."""
    try:
        minutes = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of minutes") from None
    if not minutes > 0:
        raise argparse.ArgumentTypeError(f"{value} is not a number of minutes above 0")
    return minutes


def _pause(value: str) -> float:
    """An argparse type: a pause in seconds, 0 to 5."""
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds") from None
    if not 0 <= seconds <= 5:
        raise argparse.ArgumentTypeError(f"{value} is not a pause from 0 to 5 seconds")
    return seconds


def _add_pause_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sentence-pause", type=_pause, default=0.35, metavar="SECONDS",
                        help="silence between sentences, 0-5 s at the normal rate, scaled with --rate (default: 0.35)")
    parser.add_argument("--paragraph-pause", type=_pause, default=0.75, metavar="SECONDS",
                        help="silence between paragraphs, 0-5 s at the normal rate, scaled with --rate; headings and "
                             "the title get a little more, in proportion (default: 0.75)")


def _add_voice_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--engine", choices=ENGINES, default="auto", help="speech engine (default: auto)")
    parser.add_argument("--voice", help="voice id, as listed by `audionews voices`")
    parser.add_argument("--rate", type=int, default=175, help="speaking rate in words per minute (default: 175)")
    parser.add_argument("--online", action="store_true",
                        help="with --engine auto, use Google's online voices (gTTS), falling back to offline ones "
                             "(also AUDIONEWS_ONLINE=1)")
    parser.add_argument("--announce", choices=ANNOUNCE_MODES, default="on-change", help=ANNOUNCE_HELP)


def _synth_options(args: argparse.Namespace, settings: Settings, **changes: Any) -> SynthOptions:
    """The synthesis options the voice flags (and AUDIONEWS_ONLINE) ask for, with the pronunciation rules of the
    data directory, and `changes` on top."""
    from audionews.speech.pronunciations import load, rules_path
    from audionews.speech.synth import SynthOptions

    options = SynthOptions(engine=args.engine, voice=args.voice, rate=args.rate,
                           online=args.online or settings.online, pronunciations=load(rules_path(settings.data_dir)))
    return replace(options, **changes)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="audionews", description="Turn a news article into clean, speaker-aware speech.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    script = commands.add_parser("script", help="print the narration script of an article")
    script.add_argument("source", metavar="SOURCE", help="a file path, - for standard input, or an http(s) URL")
    script.add_argument("--json", action="store_true", help="print the script as JSON")
    script.add_argument("--removed", action="store_true", help="also show what cleaning dropped, and why")
    script.add_argument("--announce", choices=ANNOUNCE_MODES, default="on-change", help=ANNOUNCE_HELP)
    script.add_argument("--engine", choices=ENGINES, default="auto",
                        help="with --json: give the voice_id this engine would read each segment with (default: auto)")
    script.add_argument("--voice", help="with --json: the narrator's voice the voice ids start from, as for export")
    script.set_defaults(handler=cmd_script)

    export = commands.add_parser("export", help="save an article as a podcast-style MP3 with chapters and transcript")
    export.add_argument("source", metavar="SOURCE", help="a file path, - for standard input, or an http(s) URL")
    export.add_argument("-o", "--output", required=True, metavar="FILE",
                        help="the file to write: FILE.mp3 (tagged MP3), FILE.m4b (audiobook: AAC in MP4 with chapters), "
                             "FILE.wav (WAV), FILE.epub (talking book: EPUB 3 with Media Overlays), "
                             "or - for MP3 on standard output")
    export.add_argument("--format", choices=[suffix.lstrip(".") for suffix in EXPORT_WRITERS],
                        help="the kind of file to write (default: from FILE's extension)")
    _add_voice_options(export)
    export.add_argument("--bitrate", type=int, default=64, metavar="KBPS", help="MP3 bitrate in kbit/s (default: 64)")
    export.add_argument("--companions", action="store_true",
                        help="also write NAME.chapters.json, NAME.vtt and NAME.txt beside NAME.mp3, "
                             "for `audionews feed`")
    export.add_argument("--quiet", action="store_true",
                        help="print nothing but errors and warnings (not the engine and voice used, "
                             "nor what was written)")
    _add_pause_options(export)
    export.set_defaults(handler=cmd_export)

    feed = commands.add_parser("feed", help="write DIR/feed.xml, a podcast feed of the MP3s exported to DIR")
    feed.add_argument("directory", metavar="DIR", help="the folder of exported MP3s")
    feed.add_argument("--base-url", required=True, metavar="URL", help="the public http(s) URL DIR is served at")
    feed.add_argument("--title", help="the podcast's title (default: audionews: DIR's name)")
    feed.add_argument("--description", default="News articles read aloud by audionews.", help="the podcast's description")
    feed.set_defaults(handler=cmd_feed)

    serve = commands.add_parser("serve", help="run the web library and player (waitress)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=8000, help="port to listen on, 0-65535 (default: 8000)")
    serve.add_argument("--queue", metavar="URL", help="make clips on this job queue's workers (`audionews worker`),"
                                                      " redis://HOST:PORT/DB (default: AUDIONEWS_QUEUE_URL; none:"
                                                      " in this process)")
    serve.add_argument("--data-dir", metavar="DIR",
                       help="where the library (and, unless AUDIONEWS_CACHE_DIR is set, the audio cache) is kept "
                            "(default: $AUDIONEWS_DATA_DIR, else $XDG_DATA_HOME/audionews)")
    serve.add_argument("--poll-minutes", type=_minutes, default=30.0, metavar="MINUTES",
                       help="check the feeds you follow every MINUTES while serving (default: 30)")
    serve.add_argument("--add-sample", action="store_true", help="put the bundled sample article in the library")
    serve.add_argument("--allowed-host", action="append", default=[], metavar="NAME",
                       help="a host name the server is reached by besides its address and localhost (repeatable; "
                            "also AUDIONEWS_ALLOWED_HOSTS); other Host headers get 421")
    serve.add_argument("--base-url", metavar="URL",
                       help="the public http(s) address of the server, for the feed's links and redirects "
                            "(default: the address each request names)")
    _add_voice_options(serve)
    _add_pause_options(serve)
    serve.set_defaults(handler=cmd_serve)

    read = commands.add_parser("read", help="read an article aloud in the terminal, with single-key controls")
    read.add_argument("source", metavar="SOURCE", nargs="?",
                      help="a file path, - for standard input, or an http(s) URL")
    read.add_argument("--unheard", action="store_true",
                      help="instead of SOURCE, the library's articles not heard yet, one after another "
                           "(] next article, [ previous)")
    _add_voice_options(read)
    read.add_argument("--from", dest="start", type=int, metavar="SENTENCE",
                      help="start at this sentence: 1 is the first after the title, as the numbers read prints "
                           "(default: the title)")
    read.add_argument("--quiet", action="store_true",
                      help="print neither the sentences nor the engine and voice used (errors and warnings still show)")
    read.add_argument("--player", default="auto", choices=("auto", "paplay", "aplay", "ffplay", "sounddevice"),
                      help="the program that plays the audio (default: the first that works)")
    read.add_argument("--output", metavar="FILE", help="write the narration to FILE (.wav or .mp3) instead of playing it")
    add_data_dir(read)
    _add_pause_options(read)
    read.set_defaults(handler=cmd_read)

    voices = commands.add_parser("voices", help="list the voices of each speech engine, and which voice reads each role")
    voices.add_argument("action", nargs="?", choices=("add", "remove"),
                        help="add: install a Piper voice (MODEL.onnx and MODEL.onnx.json) into the voices folder, "
                             "after checking that it loads; remove: uninstall one")
    voices.add_argument("path", nargs="?", metavar="MODEL.onnx|NAME",
                        help="with add: the voice model to install; with remove: the installed voice's name")
    voices.add_argument("--force", action="store_true", help="with add: replace an installed voice of the same name")
    voices.add_argument("--engine", choices=ENGINES, default="auto", help="only this engine's voices (default: all)")
    voices.add_argument("--language", help="only the voices that speak this language, such as de or pt-br, and who "
                        "reads each role in it (default: every voice; the roles in en)")
    voices.set_defaults(handler=cmd_voices)

    cache = commands.add_parser("cache", help="show, tidy or empty the audio clip cache")
    cache.add_argument("action", choices=("stats", "prune", "clear"),
                       help="stats: size and count; prune: remove broken files and evict to the size cap; clear: remove all clips")
    cache.set_defaults(handler=cmd_cache)

    add_library_commands(commands, _add_voice_options)
    _add_pronounce_parser(commands)
    add_queue_commands(commands)
    for command in commands.choices.values():
        command.add_argument("--debug", action="store_true",
                             help="on an unexpected error print its traceback, and say which language, engine and "
                                  "voices were chosen and why (also AUDIONEWS_DEBUG=1)")
    return parser


def cmd_script(args: argparse.Namespace) -> int:
    from audionews.config import Settings
    from audionews.script import build_script
    from audionews.text.extract import extract_document
    from audionews.text.ingest import read_source

    settings = Settings.from_env()
    script = build_script(extract_document(read_source(args.source, settings)), announce=args.announce)
    if args.json:
        print(json.dumps(_with_voice_ids(script, args, settings), ensure_ascii=False, indent=2))
    else:
        print("\n".join(_script_lines(script, removed=args.removed)))
    return 0


SEGMENT_LABELS = {"heading": "Heading", "caption": "Caption", "quote": "Quote", "announcement": "Announcer"}
HEADER_LABELS = ("By", "Published", "Source")


def _with_voice_ids(script: Script, args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    """The script as JSON data, each segment with the `voice_id` export would read it with (null when no
    engine can be had here: the script itself does not need one) and the `spoken` words the engine is given
    (normalised, the data directory's pronunciation rules applied: what Synthesizer.spoken gives)."""
    from audionews.speech.casting import voice_ids
    from audionews.speech.pronunciations import load, rules_path
    from audionews.speech.spoken import to_spoken

    data = script.to_dict()
    rules = load(rules_path(settings.data_dir))
    for segment, fields in zip(script.segments, data["segments"]):
        fields["spoken"] = to_spoken(segment.text, script.language, rules)
    try:
        voices: list[str | None] = voice_ids(script, args.engine, args.voice, settings.online, settings)
    except AudionewsError as error:
        if args.engine != "auto" or args.voice:
            raise
        logging.getLogger("audionews").warning("No voice ids: %s", error)
        voices = [None] * len(script.segments)
    for segment, voice in zip(data["segments"], voices):
        segment["voice_id"] = voice
    return data


def _script_lines(script: Script, removed: bool) -> list[str]:
    """The script as plain lines for people and screen readers: one segment a line, a blank line between
    paragraphs, a word label (not symbols) on everything that is not plain narration."""
    lines = [script.title]
    lines += [f"{name}: {value}" for name, value in
              zip(HEADER_LABELS, (script.byline, script.published, script.source)) if value]
    previous = 0
    for segment in script.segments:
        if segment.kind == "title":
            continue
        if segment.paragraph != previous:
            lines.append("")
            previous = segment.paragraph
        label = SEGMENT_LABELS.get(segment.kind)
        if segment.kind == "quote" and segment.speaker:
            label = f"{label}, {segment.speaker}"
        lines.append(f"{label}: {segment.text}" if label else segment.text)
    if removed:
        lines.append("")
        if script.removed:
            lines.append(f"Removed by cleaning ({len(script.removed)}):")
            lines += [f"- {removal.reason}: {removal.text}" for removal in script.removed]
        else:
            lines.append("Removed by cleaning: nothing.")
    return lines


def cmd_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from audionews.config import Settings
    from audionews.errors import UsageError
    from audionews.script import build_script
    from audionews.speech.synth import Synthesizer
    from audionews.text.extract import extract_document
    from audionews.text.ingest import read_source

    to_stdout = args.output == "-"
    if to_stdout and sys.stdout.isatty():
        raise UsageError("MP3 audio cannot be shown in a terminal; redirect standard output to a file or give -o FILE.mp3.")
    suffix = f".{args.format}" if args.format else ".mp3" if to_stdout else Path(args.output).suffix.lower()
    if to_stdout and suffix != ".mp3":
        raise UsageError(f"Only MP3 can be written to standard output; give -o FILE{suffix}.")
    if suffix not in EXPORT_WRITERS:
        formats = ", ".join(EXPORT_WRITERS)
        raise UsageError(f"-o must name a file ending in {formats} (or - for MP3 on standard output), "
                         f"not {Path(args.output).name!r}; or say the format with --format.")
    settings = Settings.from_env()
    script = build_script(extract_document(read_source(args.source, settings)), announce=args.announce)
    destination = sys.stdout.buffer if to_stdout else Path(args.output)
    # the Synthesizer shows a progress bar on stderr when it is a terminal
    with Synthesizer(_synth_options(args, settings), settings) as synthesizer:
        result = EXPORT_WRITERS[suffix](script, synthesizer.clips(script), destination, args)
    if not to_stdout and not args.quiet:
        minutes, seconds = divmod(round(result.duration), 60)
        made = f", {len(result.chapters)} chapters" if hasattr(result, "chapters") else " of narration"
        print(f"Wrote {result.path}: {minutes}:{seconds:02d}{made}, {result.size // 1024} KB.")
    return 0


def _export_mp3(script: Script, clips: Iterator[Clip], destination: Any, args: argparse.Namespace) -> ExportResult:
    from audionews.outputs.export import export_mp3

    return export_mp3(script, clips, destination, bitrate=args.bitrate, companions=args.companions,
                      pauses=_pauses(args))


def _export_wav(script: Script, clips: Iterator[Clip], destination: Any, args: argparse.Namespace) -> ExportResult:
    from audionews.outputs.export import export_wav

    return export_wav(script, clips, destination, companions=args.companions, pauses=_pauses(args))


def _export_m4b(script: Script, clips: Iterator[Clip], destination: Any, args: argparse.Namespace) -> ExportResult:
    from audionews.outputs.m4b import export_m4b

    return export_m4b(script, clips, destination, bitrate=args.bitrate, pauses=_pauses(args))


def _export_epub(script: Script, clips: Iterator[Clip], destination: Any, args: argparse.Namespace) -> EpubResult:
    from audionews.outputs.epub import export_epub

    return export_epub(script, clips, destination, bitrate=args.bitrate, pauses=_pauses(args))


def _pauses(args: argparse.Namespace) -> Pauses:
    from audionews.outputs.audio import Pauses

    return Pauses.at_rate(args.rate, args.sentence_pause, args.paragraph_pause)


# `audionews export -o FILE.EXT` (or --format EXT): the writer of each format.
EXPORT_WRITERS: dict[str, Callable[[Script, Iterator[Clip], Any, argparse.Namespace], ExportResult | EpubResult]] = {
    ".mp3": _export_mp3,
    ".m4b": _export_m4b,
    ".wav": _export_wav,
    ".epub": _export_epub,
}


def cmd_feed(args: argparse.Namespace) -> int:
    from pathlib import Path

    from audionews.outputs.feed import write_feed

    path = write_feed(Path(args.directory), args.base_url, title=args.title, description=args.description)
    print(f"Wrote {path}.")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from pathlib import Path

    from audionews.config import Settings, default_data_dir
    from audionews.outputs.audio import Pauses
    from audionews.server.app import add_sample, create_app, serve
    from audionews.server.hosts import HostPolicy

    data_dir = Path(args.data_dir) if args.data_dir else default_data_dir()
    settings = replace(Settings.from_env(), data_dir=data_dir)
    if not os.environ.get("AUDIONEWS_CACHE_DIR"):
        settings = replace(settings, cache_dir=data_dir / "audio_cache")
    if args.online:  # as AUDIONEWS_ONLINE=1: the online voices are listed, and may be asked for
        settings = replace(settings, online=True)
    options = _synth_options(args, settings, progress=False)
    hosts = HostPolicy.serving(args.host, [*settings.allowed_hosts, *args.allowed_host], args.base_url)
    app = create_app(data_dir, settings, options=options, announce=args.announce, hosts=hosts,
                     poll_minutes=args.poll_minutes, pauses=Pauses(args.sentence_pause, args.paragraph_pause),
                     queue=args.queue)
    if args.add_sample:
        add_sample(app)
    serve(app, args.host, args.port)
    return 0


def cmd_read(args: argparse.Namespace) -> int:
    from pathlib import Path

    from audionews.cli_library import read_unheard
    from audionews.config import Settings
    from audionews.errors import UsageError
    from audionews.outputs.audio import Pauses
    from audionews.outputs.narrate import read_aloud, start_segment, write_narration
    from audionews.script import build_script
    from audionews.speech.synth import Synthesizer
    from audionews.text.extract import extract_document
    from audionews.text.ingest import read_source

    if args.unheard:
        if args.source or args.output or args.start is not None:
            raise UsageError("`read --unheard` reads the library's articles: give it no SOURCE, --output or --from.")
        return read_unheard(args)
    if args.source is None:
        raise UsageError("Give the article to read (a file, - or a URL), or --unheard for the library's new articles.")
    settings = Settings.from_env()
    script = build_script(extract_document(read_source(args.source, settings)), announce=args.announce)
    first = start_segment(script, args.start)
    pauses = Pauses(args.sentence_pause, args.paragraph_pause)  # read_aloud scales them with the rate of the moment

    def synthesizer_for(rate: int) -> Synthesizer:
        # no progress bar: the printed lines are the progress
        return Synthesizer(_synth_options(args, settings, rate=rate, progress=False), settings)

    if args.output:
        with synthesizer_for(args.rate) as synthesizer:
            path = write_narration(script, synthesizer, first, Path(args.output),
                                   Pauses.at_rate(args.rate, args.sentence_pause, args.paragraph_pause))
        if not args.quiet:
            print(f"Wrote {path}.")
        return 0
    if args.source != "-":
        read_aloud(script, synthesizer_for, args.rate, first, args.player, args.quiet, sys.stdin, pauses)
        return 0
    with _terminal() as controls:
        read_aloud(script, synthesizer_for, args.rate, first, args.player, args.quiet, controls, pauses)
    return 0


@contextmanager
def _terminal() -> Iterator[io.TextIOWrapper | None]:
    """The controlling terminal (closed afterwards), for keys when standard input carries the article."""
    try:
        terminal = open("/dev/tty", encoding="utf-8")  # noqa: SIM115 - closed by the `with` below
    except OSError:
        yield None
        return
    with terminal:
        yield terminal


def cmd_voices(args: argparse.Namespace) -> int:
    from pathlib import Path

    from audionews.config import Settings
    from audionews.errors import UsageError
    from audionews.speech.engines import FACTORIES, create_engine
    from audionews.speech.engines.piper import install_voice, remove_voice
    from audionews.speech.languages import is_language, speaks

    if args.action == "add":
        if not args.path:
            raise UsageError("Give the voice model to add: `audionews voices add MODEL.onnx`.")
        model = install_voice(Path(args.path), Settings.from_env().voices_dir, replace=args.force)
        print(f"Installed the Piper voice {model.id} ({model.language}) in {model.model_path.parent}.")
        return 0
    if args.action == "remove":
        if not args.path:
            raise UsageError("Give the name of the voice to remove: `audionews voices remove NAME`.")
        model = remove_voice(args.path, Settings.from_env().voices_dir)
        print(f"Removed the Piper voice {model.id} from {model.model_path.parent}.")
        return 0
    names = list(FACTORIES) if args.engine == "auto" else [args.engine]
    listed = []
    for name in names:
        try:
            engine = create_engine(name, Settings.from_env())
            voices = engine.voices()
        except AudionewsError as error:
            if args.engine != "auto":
                raise
            print(f"audionews: {name}: {error}", file=sys.stderr)
            continue
        if args.language:
            voices = [voice for voice in voices if speaks(voice.language, args.language)]
        listed.append((name, engine, voices))
    if args.language and not any(voices for _, _, voices in listed) and not is_language(args.language):
        raise UsageError(f"{args.language!r} is not a language code; give one such as en, de or pt-br.")
    language = args.language or "en"
    for name, engine, voices in listed:
        roles = ", ".join(f"{role} {engine.voice_for(language, role, 'A Speaker') or '-'}"
                          for role in ("narrator", "quote", "announcer"))
        print(f"# {name} ({engine.identity()}); for {language!r}: {roles}")
        for voice in voices:
            print(f"{name}\t{voice.id}\t{voice.language}\t{voice.name}" + (f"\t{voice.gender}" if voice.gender else ""))
    return 0


def cmd_cache(args: argparse.Namespace) -> int:
    from audionews.config import Settings
    from audionews.speech.cache import ClipCache

    settings = Settings.from_env()
    cache = ClipCache(settings.cache_dir, settings.cache_max_mb)
    if args.action == "prune":
        print(f"Removed {cache.prune()} files from {cache.directory}.")
    elif args.action == "clear":
        print(f"Removed {cache.clear()} clips from {cache.directory}.")
    stats = cache.stats()
    cap = f"{stats.max_bytes / 1024 / 1024:.1f} MB"
    if cache.default_cap:
        cap += " (default: 2 GB at most, a tenth of the free disk; set AUDIONEWS_CACHE_MAX_MB to change it)"
    print(f"{cache.directory}: {stats.clips} clips, {stats.bytes / 1024 / 1024:.1f} MB; size cap {cap}")
    return 0


def _add_pronounce_parser(commands: Any) -> None:
    pronounce = commands.add_parser("pronounce", help="say names and words your way: pronunciation rules for every engine")
    actions = pronounce.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a rule (or change the rule with the same match)")
    add.add_argument("match", metavar="MATCH", help="the word or phrase as written (a regular expression with --regex)")
    add.add_argument("say", metavar="SAY", help='what to say instead; "" says nothing')
    add.add_argument("--regex", action="store_true", help="MATCH is a regular expression; SAY may use its groups (\\1)")
    add.add_argument("--case-sensitive", action="store_true", help="match only in exactly this case")
    add.add_argument("--anywhere", action="store_true", help="match inside words too, not only whole words")
    add.add_argument("--language", metavar="xx", help="only in articles in this language (en, de, …)")
    actions.add_parser("list", help="show the rules, in the order they are tried")
    remove = actions.add_parser("remove", help="remove the rules for MATCH")
    remove.add_argument("match", metavar="MATCH", help="the rule's match, as `pronounce list` shows it")
    test = actions.add_parser("test", help="print what would be said for a sentence, with the rules applied")
    test.add_argument("sentence", metavar="SENTENCE")
    test.add_argument("--language", default="en", metavar="xx", help="the article language to assume (default: en)")
    for parser in (pronounce, add, remove, test, actions.choices["list"]):
        parser.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                            help="where the rules are kept, in pronunciations.json (default: AUDIONEWS_DATA_DIR, "
                                 "else ~/.local/share/audionews)")
    pronounce.set_defaults(handler=cmd_pronounce)


def cmd_pronounce(args: argparse.Namespace) -> int:
    from pathlib import Path

    from audionews.config import default_data_dir
    from audionews.speech.pronunciations import Rule, edit, load, rules_path
    from audionews.speech.spoken import to_spoken

    path = rules_path(Path(args.data_dir) if "data_dir" in args else default_data_dir())
    if args.action == "add":
        rule = Rule(args.match, args.say, regex=args.regex, case_sensitive=args.case_sensitive,
                    whole_word=False if args.anywhere else None, language=args.language)
        replaced: list[bool] = []
        edit(path, lambda rules: _remember(replaced, rules.added(rule)))
        print(f"{'Changed' if replaced[0] else 'Added'}: {rule.describe()}.")
    elif args.action == "list":
        rules = load(path).rules
        print("\n".join(rule.describe() for rule in rules) if rules else
              f"No pronunciation rules yet; add one with `audionews pronounce add MATCH SAY`. ({path})")
    elif args.action == "remove":
        removed: list[bool] = []
        edit(path, lambda rules: _remember(removed, rules.removed(args.match)))
        print(f"Removed the rule for {args.match!r}.")
    else:
        print(to_spoken(args.sentence, args.language, load(path)))
    return 0


def _remember(into: list[Any], result: tuple[Any, Any]) -> Any:
    """Keep the second of a (rules, detail) pair for the caller; give the rules back to `edit`."""
    into.append(result[1])
    return result[0]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; every failure becomes one line on stderr and an exit status, never a traceback
    (unless --debug asks for the traceback of an unexpected error)."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="replace")  # a terminal that cannot show a character gets "?"
    debug = False
    try:
        args = build_parser().parse_args(argv)
        debug = args.debug
        debug = Settings.from_env().debug or debug  # every AUDIONEWS_* variable checked once, before any work
        show_messages(logging.DEBUG if debug else logging.INFO if args.command in SPEAKING_COMMANDS
                      and not args.quiet else logging.WARNING)
        handler: Callable[[argparse.Namespace], int] = args.handler
        status = handler(args)
        sys.stdout.flush()  # write errors surface here, not at exit
        return status
    except AudionewsError as error:
        return _fail(str(error), error.exit_code)
    except KeyboardInterrupt:
        return _fail("interrupted.", 130)
    except BrokenPipeError:  # the reader went away (`| head`): not an error
        _silence_stdout()
        return 0
    except OSError as error:
        if error.errno in OUTPUT_ERRNOS:
            _silence_stdout()
            return _fail(f"could not write the output ({error.strerror or error}); check the disk or the pipe.", 1)
        where = f" ({error.filename})" if error.filename else ""
        return _fail(f"a file or device could not be used: {error.strerror or error}{where}; "
                     "check that path and try again.", 1)
    except Exception as error:  # noqa: BLE001 - the last line of defence against a traceback
        if debug:
            print_traceback(error)
        return _fail(f"unexpected error ({type(error).__name__}: {error}); this is a bug, please report it.", 1)


def _fail(message: str, status: int) -> int:
    try:
        print(f"audionews: {message}", file=sys.stderr)
    except OSError:
        pass  # nowhere left to say it
    return status


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
