"""Settings read once at the edge: CLI flags over environment variables over defaults."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def strict_mode(env: Mapping[str, str] | None = None) -> bool:
    """AUDIONEWS_STRICT=1 (tests, benchmarks): a failure the product would survive, degraded and with a
    logged warning (quote attribution), is raised instead, so it is found and fixed."""
    return _flag((os.environ if env is None else env).get("AUDIONEWS_STRICT"))


@dataclass(frozen=True)
class Settings:
    cache_dir: Path
    cache_max_mb: float | None
    allow_private_urls: bool
    voices_dir: Path
    online: bool = False  # with engine auto, Google's online voices (gTTS) first

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
        )
