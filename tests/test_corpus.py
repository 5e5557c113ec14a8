"""No real text makes the pipeline fail with anything but InputError: every text of the shared PolNeAR
corpus (train and dev, 924 US news articles; skipped when ../shared is absent) and every fixture of the
repository goes through ingest → extract → build_script in strict mode (conftest), so a failure of quote
attribution, which the product would survive degraded, fails here. Texts are spread over processes."""
from __future__ import annotations

import os
import traceback
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from audionews.errors import InputError
from audionews.script import build_script
from audionews.text.extract import extract_document
from audionews.text.ingest import document_from_bytes

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "corpora" / "polnear"
FIXTURES = [ROOT / "samples", ROOT / "tests" / "data", ROOT / "bench" / "data"]
_SUFFIXES = {".txt", ".html", ".htm", ".md"}


def _failure(path: Path) -> str | None:
    """What went wrong reading `path` as an article, or None (an InputError is a fine answer)."""
    try:
        document = document_from_bytes(path.read_bytes(), str(path))
        build_script(extract_document(document))
    except InputError:
        return None
    except Exception as error:  # the test's point: anything else is a bug
        where = traceback.extract_tb(error.__traceback__)[-1]
        return f"{path.name}: {error!r} at {Path(where.filename).name}:{where.lineno}"
    return None


def _failures(paths: list[Path]) -> list[str]:
    with ProcessPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        return [failure for failure in pool.map(_failure, paths, chunksize=16) if failure]


def test_every_polnear_text_reads_without_an_error() -> None:
    paths = sorted(POLNEAR.glob("*/text/*.txt"))
    if not paths:
        pytest.skip(f"the PolNeAR corpus is not at {POLNEAR}")
    assert len(paths) == 924
    assert _failures(paths) == []


def test_every_fixture_of_the_repository_reads_without_an_error() -> None:
    paths = sorted(p for folder in FIXTURES for p in folder.rglob("*") if p.is_file() and p.suffix in _SUFFIXES)
    assert len(paths) > 200
    assert _failures(paths) == []
