"""Settings read once at the edge: CLI flags over environment variables over defaults."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from audionews.errors import UsageError


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    cache_dir: Path
    cache_max_mb: float | None
    allow_private_urls: bool
    voices_dir: Path
    online: bool = False  # with engine auto, Google's online voices (gTTS) first
    allowed_hosts: tuple[str, ...] = ()  # host names the server answers to besides its own address and localhost

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        env = os.environ if env is None else env
        max_mb = (env.get("AUDIONEWS_CACHE_MAX_MB") or "").strip()
        try:
            cache_max_mb = float(max_mb) if max_mb else None  # None: the cache's default cap (speech/cache.py)
        except ValueError:
            raise UsageError(f"AUDIONEWS_CACHE_MAX_MB must be a number of megabytes, not {max_mb!r}.") from None
        if cache_max_mb is not None and not 0 <= cache_max_mb < float("inf"):
            raise UsageError(f"AUDIONEWS_CACHE_MAX_MB must be a number of megabytes, not {max_mb!r}.")
        data_home = Path(env.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
        return cls(
            cache_dir=Path(env.get("AUDIONEWS_CACHE_DIR") or Path.cwd() / "audio_cache"),
            cache_max_mb=cache_max_mb,
            allow_private_urls=_flag(env.get("AUDIONEWS_ALLOW_PRIVATE_URLS")),
            voices_dir=Path(env.get("AUDIONEWS_VOICES_DIR") or data_home / "audionews" / "voices"),
            online=_flag(env.get("AUDIONEWS_ONLINE")),
            allowed_hosts=tuple(re.split(r"[\s,]+", env.get("AUDIONEWS_ALLOWED_HOSTS", "").strip())
                                if env.get("AUDIONEWS_ALLOWED_HOSTS", "").strip() else ()),
        )


def default_data_dir(env: Mapping[str, str] | None = None) -> Path:
    """Where the library lives unless --data-dir says otherwise: AUDIONEWS_DATA_DIR, else the XDG data
    home's audionews/ ($XDG_DATA_HOME/audionews, by default ~/.local/share/audionews)."""
    env = os.environ if env is None else env
    if env.get("AUDIONEWS_DATA_DIR"):
        return Path(env["AUDIONEWS_DATA_DIR"])
    return Path(env.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "audionews"
