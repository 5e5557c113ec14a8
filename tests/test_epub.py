"""outputs/epub.py, `audionews export -o FILE.epub` and `audionews briefing -o FILE.epub`: talking books
(EPUB 3 with Media Overlays) from real espeak-ng speech, checked by EPUBCheck, read back with ElementTree
and ffmpeg (the MP3s decoded), and the content document opened in Chromium with axe-core."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

from audionews.config import Settings
from audionews.errors import EngineError
from audionews.model import Clip, Script
from audionews.outputs.briefing import Story, plan_briefing
from audionews.outputs.epub import ACTIVE_CLASS, export_briefing_epub, export_epub
from audionews.speech.synth import SynthOptions, Synthesizer

from conftest import LocalServer
from feed_site import BY_SLUG, FeedSite, rss

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "voa-israel-intel.txt"
DATA = ROOT / "tests" / "data"
CLI = [sys.executable, "-m", "audionews"]
EPUBCHECK = Path("/usr/share/java/epubcheck.jar")
NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "x": "http://www.w3.org/1999/xhtml", "smil": "http://www.w3.org/ns/SMIL"}


@dataclass
class Book:
    path: Path
    script: Script  # every segment the book speaks, in order


def script_of(path: Path) -> Script:
    from audionews.script import build_script
    from audionews.text.extract import extract_document
    from audionews.text.ingest import read_source

    return build_script(extract_document(read_source(str(path), Settings.from_env())))


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings.from_env({"AUDIONEWS_CACHE_DIR": str(tmp_path_factory.mktemp("cache"))})


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> dict[str, Book]:
    folder = tmp_path_factory.mktemp("books")
    made: dict[str, Book] = {}
    with Synthesizer(SynthOptions(engine="espeak", progress=False), settings) as synthesizer:
        for name, source in (("sample", SAMPLE), ("german", DATA / "html" / "german.html"),
                             ("figures", DATA / "html" / "semantic-figure.html")):
            script = script_of(source)
            export_epub(script, synthesizer.clips(script), folder / f"{name}.epub")
            made[name] = Book(folder / f"{name}.epub", script)
        stories = [Story(script_of(DATA / "text" / f"{name}.txt"), source)
                   for name, source in (("wire-story", "Wire"), ("local-news", "Local Gazette"),
                                        ("magazine", "The Monthly"))]
        export_briefing_epub(stories, synthesizer, folder / "briefing.epub")
        made["briefing"] = Book(folder / "briefing.epub", plan_briefing(stories).script)
    return made


@pytest.mark.skipif(not EPUBCHECK.exists() or not shutil.which("java"), reason="epubcheck is not installed")
@pytest.mark.parametrize("name", ["sample", "briefing", "german", "figures"])
def test_epubcheck_finds_no_error_and_no_warning(books: dict[str, Book], name: str) -> None:
    run = subprocess.run(["java", "-jar", str(EPUBCHECK), str(books[name].path)], capture_output=True, text=True,
                         timeout=300)
    report = run.stdout + run.stderr
    assert run.returncode == 0 and "No errors or warnings detected" in report, report
    assert "WARNING" not in report and "ERROR" not in report, report


def _decoded_seconds(data: bytes, folder: Path) -> float:
    path = folder / "audio.mp3"
    path.write_bytes(data)
    result = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-ar", "22050", "-"],
                            capture_output=True, check=True)
    assert result.stderr.decode() == ""
    return len(result.stdout) / 2 / 22050


def _seconds(clock: str) -> float:
    hours, minutes, seconds = clock.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


@pytest.mark.parametrize("name", ["sample", "briefing", "german", "figures"])
def test_the_book_reads_back_in_order_with_clips_inside_the_audio(books: dict[str, Book], name: str,
                                                                 tmp_path: Path) -> None:
    book = books[name]
    with zipfile.ZipFile(book.path) as archive:
        assert archive.namelist()[0] == "mimetype" and archive.read("mimetype") == b"application/epub+zip"
        assert archive.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        opf = ET.fromstring(archive.read("EPUB/package.opf"))
        items = {item.get("id"): item for item in opf.iterfind("opf:manifest/opf:item", NS)}
        durations = {meta.get("refines"): _seconds(meta.text or "")
                     for meta in opf.iterfind("opf:metadata/opf:meta[@property='media:duration']", NS)}
        spoken: list[str] = []
        total = 0.0
        for itemref in opf.iterfind("opf:spine/opf:itemref", NS):
            document = items[itemref.get("idref")]
            xhtml = ET.fromstring(archive.read("EPUB/" + document.get("href")))
            ids = {element.get("id"): element for element in xhtml.iter() if element.get("id")}
            segments = [element for element in xhtml.iter() if re.fullmatch(r"s\d+", element.get("id") or "")]
            spoken += [" ".join("".join(element.itertext()).split()) for element in segments]
            overlay = items[document.get("media-overlay")]
            smil = ET.fromstring(archive.read("EPUB/" + overlay.get("href")))
            pars = list(smil.iterfind(".//smil:par", NS))
            assert [par.find("smil:text", NS).get("src").split("#")[1] for par in pars] == \
                [element.get("id") for element in segments]  # every segment once, in reading order
            assert all(par.find("smil:text", NS).get("src").split("#")[1] in ids for par in pars)
            audio = {par.find("smil:audio", NS).get("src") for par in pars}
            assert len(audio) == 1
            seconds = _decoded_seconds(archive.read("EPUB/" + audio.pop()), tmp_path)
            clips = [(float(par.find("smil:audio", NS).get("clipBegin").rstrip("s")),
                      float(par.find("smil:audio", NS).get("clipEnd").rstrip("s"))) for par in pars]
            assert all(begin < end for begin, end in clips)
            assert all(end <= next_begin for (_, end), (next_begin, _) in zip(clips, clips[1:]))
            assert clips[-1][1] <= seconds
            assert durations["#" + overlay.get("id")] == pytest.approx(seconds, abs=0.1)
            total += durations["#" + overlay.get("id")]
        assert durations[None] == pytest.approx(total, abs=0.01)
    assert spoken == [" ".join(segment.text.split()) for segment in book.script.segments]


def test_the_package_carries_the_accessibility_metadata(books: dict[str, Book]) -> None:
    with zipfile.ZipFile(books["figures"].path) as archive:
        opf = ET.fromstring(archive.read("EPUB/package.opf"))
        css = archive.read("EPUB/style.css").decode()
    metadata: dict[str, list[str]] = {}
    for meta in opf.iterfind("opf:metadata/opf:meta", NS):
        metadata.setdefault(meta.get("property"), []).append(meta.text or "")
    assert metadata["schema:accessMode"] == ["textual", "auditory"]
    assert metadata["schema:accessModeSufficient"] == ["textual", "textual,auditory"]
    assert set(metadata["schema:accessibilityFeature"]) == {"synchronizedAudioText", "structuralNavigation",
                                                           "readingOrder", "tableOfContents"}
    assert metadata["schema:accessibilityHazard"] == ["none"]
    assert metadata["schema:accessibilitySummary"][0]
    assert metadata["dcterms:conformsTo"] == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
    assert metadata["media:active-class"] == [ACTIVE_CLASS]
    assert f".{ACTIVE_CLASS}" in css


def test_the_german_book_is_german(books: dict[str, Book]) -> None:
    with zipfile.ZipFile(books["german"].path) as archive:
        xhtml = ET.fromstring(archive.read("EPUB/article1.xhtml"))
        opf = ET.fromstring(archive.read("EPUB/package.opf"))
    assert xhtml.get("lang") == "de" == xhtml.get("{http://www.w3.org/XML/1998/namespace}lang")
    assert [language.text for language in opf.iterfind("opf:metadata/dc:language", NS)] == ["de"]


def test_a_briefing_book_has_the_opening_and_a_document_per_article(books: dict[str, Book]) -> None:
    with zipfile.ZipFile(books["briefing"].path) as archive:
        nav = ET.fromstring(archive.read("EPUB/nav.xhtml"))
        names = archive.namelist()
    entries = nav.findall("x:body/x:nav/x:ol/x:li/x:a", NS)
    assert len(entries) == 4 and [entry.get("href") for entry in entries] == [f"article{n}.xhtml" for n in range(1, 5)]
    assert sum(name.endswith(".mp3") for name in names) == 4
    with zipfile.ZipFile(books["briefing"].path) as archive:
        opening = ET.fromstring(archive.read("EPUB/article1.xhtml"))
    main = opening.find("x:body/x:main", NS)
    assert [child.tag.split("}")[1] for child in main] == ["h1", "p"]
    assert (main[0].text or "").startswith("audionews briefing, ")
    assert "".join(main[1].itertext()) == "3 articles from 3 sources."


def test_a_failed_synthesis_leaves_no_book_and_no_part(settings: Settings, tmp_path: Path) -> None:
    script = script_of(DATA / "html" / "semantic-figure.html")
    (tmp_path / "old.epub").write_bytes(b"old")

    def failing() -> Iterator[Clip]:
        with Synthesizer(SynthOptions(engine="espeak", progress=False), settings) as synthesizer:
            for number, clip in enumerate(synthesizer.clips(script)):
                if number == 3:
                    raise EngineError("espeak-ng stopped.")
                yield clip

    with pytest.raises(EngineError):
        export_epub(script, failing(), tmp_path / "new.epub")
    with pytest.raises(EngineError):
        export_epub(script, failing(), tmp_path / "old.epub")
    assert sorted(os.listdir(tmp_path)) == ["old.epub"] and (tmp_path / "old.epub").read_bytes() == b"old"


def test_cli_export_writes_an_epub_by_extension_or_format(settings: Settings, tmp_path: Path) -> None:
    env = {**os.environ, "AUDIONEWS_CACHE_DIR": str(settings.cache_dir)}
    out = tmp_path / "story.epub"
    run = subprocess.run([*CLI, "export", str(DATA / "html" / "semantic-figure.html"), "-o", str(out),
                          "--engine", "espeak"], capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stderr
    assert re.fullmatch(rf"Wrote {re.escape(str(out))}: \d+:\d\d of narration, \d+ KB\.\n", run.stdout)
    assert zipfile.ZipFile(out).read("mimetype") == b"application/epub+zip"
    named = tmp_path / "story.book"
    run = subprocess.run([*CLI, "export", str(DATA / "html" / "semantic-figure.html"), "-o", str(named),
                          "--format", "epub", "--engine", "espeak", "--quiet"],
                         capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0 and run.stdout == "", run.stderr
    assert zipfile.ZipFile(named).read("EPUB/article1.xhtml") == zipfile.ZipFile(out).read("EPUB/article1.xhtml")


@pytest.mark.parametrize("arguments, phrase", [
    (["{missing}", "-o", "{out}"], "no file"),
    (["{sample}", "-o", "-", "--format", "epub"], "Only MP3 can be written to standard output"),
    (["{sample}", "-o", "{folder}/absent/book.epub"], "does not exist"),
])
def test_cli_bad_input_is_one_line_and_no_epub(arguments: list[str], phrase: str, settings: Settings,
                                               tmp_path: Path) -> None:
    env = {**os.environ, "AUDIONEWS_CACHE_DIR": str(settings.cache_dir)}
    values = {"missing": str(tmp_path / "absent.html"), "out": str(tmp_path / "book.epub"), "sample": str(SAMPLE),
              "folder": str(tmp_path)}
    run = subprocess.run([*CLI, "export", *(argument.format(**values) for argument in arguments),
                          "--engine", "espeak"], capture_output=True, text=True, env=env, timeout=120)
    lines = run.stderr.splitlines()
    assert run.returncode != 0 and len(lines) == 1 and phrase.lower() in lines[0].lower(), run.stderr
    assert list(tmp_path.iterdir()) == []


def test_server_makes_the_book_once_serves_it_and_forgets_it(settings: Settings, tmp_path: Path) -> None:
    from audionews.server.app import create_app

    app = create_app(tmp_path / "data", settings, options=SynthOptions(engine="espeak", progress=False))
    try:
        client = app.test_client()
        text = (DATA / "html" / "semantic-figure.html").read_text(encoding="utf-8")
        item = client.post("/api/articles", json={"html": text}).get_json()
        response = client.get(f"/articles/{item['id']}.epub")
        assert response.status_code == 200 and response.mimetype == "application/epub+zip"
        assert "Volunteers_Restore" in response.headers["Content-Disposition"]
        (kept,) = (tmp_path / "data" / "episodes").glob(f"{item['id']}-*.epub")
        assert kept.read_bytes() == response.data
        archive = zipfile.ZipFile(kept)
        assert archive.read("mimetype") == b"application/epub+zip" and "EPUB/article1.smil" in archive.namelist()
        assert client.get(f"/articles/{item['id']}.epub").data == response.data  # made once
        missing = client.get("/articles/0123456789ab.epub")
        assert missing.status_code == 404 and missing.is_json
        client.delete(f"/api/articles/{item['id']}")
        assert list((tmp_path / "data" / "episodes").glob("*.epub")) == []
    finally:
        app.extensions["audionews"].close()


def test_cli_briefing_writes_a_book_of_the_unheard_articles(local_server: LocalServer, settings: Settings,
                                                            tmp_path: Path) -> None:
    site = FeedSite(local_server)
    site.feed("/one.xml", rss("Westmere News", site.links("harbour", "orchard")))
    site.feed("/two.xml", rss("Millbrook Courier", site.links("footbridge")))
    env = {**os.environ, "AUDIONEWS_CACHE_DIR": str(settings.cache_dir), "AUDIONEWS_ALLOW_PRIVATE_URLS": "1",
           "PYTHONIOENCODING": "utf-8"}
    data, out = tmp_path / "data", tmp_path / "today.epub"

    def run(*arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*CLI, *arguments, "--data-dir", str(data)], capture_output=True, text=True, env=env,
                              timeout=300)

    for path in ("/one.xml", "/two.xml"):
        assert run("follow", site.url(path)).returncode == 0
    made = run("briefing", "-o", str(out), "--engine", "espeak")
    assert made.returncode == 0, made.stderr
    assert re.fullmatch(rf"Wrote {re.escape(str(out))}: \d+:\d\d, 3 articles, \d+ KB\.\n", made.stdout)
    with zipfile.ZipFile(out) as archive:
        nav = ET.fromstring(archive.read("EPUB/nav.xhtml"))
    titles = [entry.text for entry in nav.iterfind("x:body/x:nav/x:ol/x:li/x:a", NS)]
    assert titles[1:] == [BY_SLUG[slug].title for slug in ("footbridge", "harbour", "orchard")]
    again = run("briefing", "-o", str(tmp_path / "again.epub"), "--engine", "espeak")
    assert again.returncode == 1 and len(again.stderr.splitlines()) == 1
    assert "nothing to put in a briefing" in again.stderr and not (tmp_path / "again.epub").exists()


def test_markup_and_control_characters_in_the_text_stay_text() -> None:
    from audionews.model import Segment
    from audionews.outputs.epub import content_document

    segments = [Segment("title", "Rivers <rise> & fall\x07", 0, 0),
                Segment("announcement", "O'Neil \"Jr\":", 1, 1, 'O\'Neil "Jr"', "announcer"),
                Segment("quote", "“A < B & C,”", 1, 1, 'O\'Neil "Jr"', "quote"),
                Segment("narration", "</p><script>alert(1)</script>", 1, 1)]
    script = Script("Rivers <rise> & fall\x07", segments, byline="A & B", source="https://example.org/?a=1&b=<2>",
                    published="2024-03-05T14:30:00+01:00")
    xhtml = ET.fromstring(content_document(script).encode())
    assert xhtml.find("x:head/x:title", NS).text == "Rivers <rise> & fall"
    texts = {element.get("id"): "".join(element.itertext()) for element in xhtml.iter() if element.get("id")}
    assert [texts[f"s{index}"] for index in range(4)] == \
        ["Rivers <rise> & fall", "O'Neil \"Jr\":", "“A < B & C,”", "</p><script>alert(1)</script>"]
    assert xhtml.find(".//x:q", NS).get("data-speaker") == 'O\'Neil "Jr"'
    assert xhtml.find(".//x:a", NS).get("href") == "https://example.org/?a=1&b=<2>"
    assert xhtml.find(".//x:time", NS).get("datetime") == "2024-03-05"
    assert xhtml.find(".//{http://www.w3.org/1999/xhtml}script") is None
