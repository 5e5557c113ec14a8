"""Settings read once at the edge: CLI flags over environment variables over defaults."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def default_data_dir(env: Mapping[str, str] | None = None) -> Path:
    """The library's data directory when a command is given no --data-dir: AUDIONEWS_DATA_DIR, else
    the XDG data home's audionews/ (~/.local/share/audionews)."""
    env = os.environ if env is None else env
    if env.get("AUDIONEWS_DATA_DIR"):
        return Path(env["AUDIONEWS_DATA_DIR"])
    return Path(env.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "audionews"


@dataclass(frozen=True)
class Settings:
    cache_dir: Path
    cache_max_mb: float | None
    allow_private_urls: bool
    voices_dir: Path
    online: bool = False  # with engine auto, Google's online voices (gTTS) first
    data_dir: Path = field(default_factory=default_data_dir)  # the library's, unless a --data-dir says otherwise

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        env = os.environ if env is None else env
        max_mb = env.get("AUDIONEWS_CACHE_MAX_MB")
        data_home = Path(env.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
        return cls(
            cache_dir=Path(env.get("AUDIONEWS_CACHE_DIR") or Path.cwd() / "audio_cache"),
            cache_max_mb=float(max_mb) if max_mb else None,
            allow_private_urls=_flag(env.get("AUDIONEWS_ALLOW_PRIVATE_URLS")),
            voices_dir=Path(env.get("AUDIONEWS_VOICES_DIR") or data_home / "audionews" / "voices"),
            online=_flag(env.get("AUDIONEWS_ONLINE")),
            data_dir=default_data_dir(env),
        )
