"""Warm paths load only what they use: heavy libraries are imported by the functions that need them.

Each check runs in a fresh interpreter and reads `sys.modules` afterwards, so a later top-level
import of a heavy library (or a model loaded too early) makes it fail. Speed itself is measured
in bench/ (docs/BENCHMARKS.md), not asserted here.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Third-party libraries that take tens to hundreds of milliseconds to import, or load a model.
HEAVY = ("trafilatura", "bs4", "lxml", "justext", "nltk", "pysbd", "requests", "urllib3", "numpy", "onnxruntime",
         "piper", "pyttsx3", "gtts", "feedgen", "mutagen", "lameenc", "flask", "werkzeug", "waitress", "tqdm")

REPORT = """
import json, sys
{code}
print(json.dumps(sorted(name for name in {heavy!r} if name in sys.modules)), file=sys.stderr)
"""


def loaded_after(code: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> list[str]:
    """The HEAVY modules a fresh interpreter has loaded after running `code`."""
    done = subprocess.run([sys.executable, "-c", REPORT.format(code=code, heavy=HEAVY)], capture_output=True,
                          text=True, timeout=300, env={**os.environ, **(env or {})}, cwd=cwd)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize("module", ["audionews", "audionews.cli", "audionews.speech", "audionews.outputs"])
def test_importing_loads_no_heavy_library(module: str) -> None:
    assert loaded_after(f"import {module}") == []


def test_help_loads_no_heavy_library() -> None:
    code = ("from audionews.cli import build_parser\n"
            "try:\n    build_parser().parse_args(['--help'])\nexcept SystemExit:\n    pass")
    assert loaded_after(code) == []


def test_splitting_english_loads_punkt_alone_and_leaves_nltk_whole() -> None:
    split = ("import audionews\n"
             "assert audionews.split_sentences('Mr. Li left. She stayed.') == ['Mr. Li left.', 'She stayed.']")
    assert loaded_after(split) == [], "Punkt without the rest of NLTK (numpy, its regex corpus), and no pysbd"
    later = ("import nltk\n"  # a later ordinary import of NLTK is whole: not the stand-ins Punkt was loaded under
             "assert nltk.wordpunct_tokenize('He left.') == ['He', 'left', '.']\n"
             "assert nltk.tokenize.punkt.PunktSentenceTokenizer().tokenize('Hi. Bye.') == ['Hi.', 'Bye.']\n"
             "assert nltk.probability.FreqDist('aab')['a'] == 2\n"
             "assert audionews.split_sentences('He left. She stayed.') == ['He left.', 'She stayed.']")
    assert "nltk" in loaded_after(f"{split}\n{later}")
    first = "import nltk.tokenize.punkt\n" + split  # NLTK imported first: Punkt is taken from it
    assert "nltk" in loaded_after(first)
    assert "pysbd" in loaded_after("import audionews\naudionews.split_sentences('Ciao. Come stai?', 'it')")


def test_a_warm_export_loads_neither_the_voice_model_nor_unneeded_libraries(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("Ports reopen after the storm\n\n"
                       "The harbour opened again on Monday morning, officials said.\n\n"
                       "\u201cWe are back to normal,\u201d the harbour master, Ana Lopes, told reporters.\n",
                       encoding="utf-8")
    env = {"AUDIONEWS_CACHE_DIR": str(tmp_path / "cache"), "AUDIONEWS_VOICES_DIR": str(tmp_path / "voices")}
    export = (f"from audionews.cli import main\n"
              f"assert main(['export', {str(article)!r}, '-o', {str(tmp_path / 'out.mp3')!r}]) == 0")
    cold = loaded_after(export, env, cwd=tmp_path)
    assert {"piper", "onnxruntime"} <= set(cold), "the cold export speaks with the bundled Piper voice"
    warm = loaded_after(export, env, cwd=tmp_path)
    # Plain text needs no HTML parser, English no pysbd, a file no HTTP client, an MP3 no feed or web server.
    assert not {"piper", "onnxruntime", "numpy", "trafilatura", "bs4", "pysbd", "requests", "urllib3", "feedgen",
                "flask", "waitress"} & set(warm), warm
    assert {"mutagen", "lameenc"} <= set(warm), "the warm export still tags and encodes"
