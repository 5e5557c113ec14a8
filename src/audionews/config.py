"""Settings read once at the edge: CLI flags over environment variables over defaults.

Every AUDIONEWS_* variable is checked here, once: a value that does not fit raises ConfigError with
one sentence naming the variable, the values it takes, and the value it was given.
"""
from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from audionews.errors import ConfigError

FLAGS = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False, "no": False, "off": False}
GTTS_TIMEOUT_SECONDS = 10.0  # how long one gTTS request may take unless AUDIONEWS_GTTS_TIMEOUT says otherwise


def _flag(env: Mapping[str, str], name: str) -> bool:
    value = env.get(name, "")
    if not value.strip():
        return False
    if value.strip().lower() not in FLAGS:
        raise ConfigError(f"{name} must be 1 or 0 (also true/false, yes/no, on/off), not {value!r}.")
    return FLAGS[value.strip().lower()]


def _positive(env: Mapping[str, str], name: str, unit: str, example: str) -> float | None:
    value = env.get(name, "")
    if not value.strip():
        return None
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not (math.isfinite(number) and number > 0):
        raise ConfigError(f"{name} must be a number of {unit} greater than 0, such as {example}, not {value!r}.")
    return number


def _folder(env: Mapping[str, str], name: str, default: Path) -> Path:
    value = env.get(name, "")
    if not value:
        return default
    path = Path(value).expanduser()
    if path.exists() and not path.is_dir():
        raise ConfigError(f"{name} must be a folder (one that exists, or one audionews can create), "
                          f"not {value!r}, which is a file.")
    return path


def _url(env: Mapping[str, str], name: str, example: str) -> str | None:
    value = env.get(name, "")
    if not value.strip():
        return None
    if not re.fullmatch(r"https?://[^/\s?#]+(/\S*)?", value.strip()):
        raise ConfigError(f"{name} must be an http(s) URL such as {example}, not {value!r}.")
    return value.strip()


def _hosts(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    value = env.get(name, "").strip()
    hosts = tuple(re.split(r"[\s,]+", value)) if value else ()
    for host in hosts:
        if not re.fullmatch(r"[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]", host):
            raise ConfigError(f"{name} must be host names separated by commas, such as news.example.org, "
                              f"not {value!r}.")
    return hosts


def default_data_dir(env: Mapping[str, str] | None = None) -> Path:
    """The library's data directory when a command is given no --data-dir: AUDIONEWS_DATA_DIR, else
    the XDG data home's audionews/ (~/.local/share/audionews)."""
    env = os.environ if env is None else env
    data_home = Path(env.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return _folder(env, "AUDIONEWS_DATA_DIR", data_home / "audionews")


def strict_mode(env: Mapping[str, str] | None = None) -> bool:
    """AUDIONEWS_STRICT=1 (tests, benchmarks): a failure the product would survive, degraded and with a
    logged warning (quote attribution), is raised instead, so it is found and fixed."""
    return _flag(os.environ if env is None else env, "AUDIONEWS_STRICT")


@dataclass(frozen=True)
class Settings:
    cache_dir: Path
    cache_max_mb: float | None
    allow_private_urls: bool
    voices_dir: Path
    online: bool = False  # with engine auto, Google's online voices (gTTS) first
    allowed_hosts: tuple[str, ...] = ()  # host names the server answers to besides its own address and localhost
    gtts_url: str | None = None  # another host for gTTS's requests (a stand-in, a proxy)
    gtts_timeout: float = GTTS_TIMEOUT_SECONDS  # seconds one gTTS request may take
    debug: bool = False  # tracebacks of unexpected errors, and the decisions made on the way
    data_dir: Path = field(default_factory=default_data_dir)  # the library's, unless a --data-dir says otherwise

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        """The settings the AUDIONEWS_* variables give; raises ConfigError for a value that does not fit."""
        env = os.environ if env is None else env
        data_home = Path(env.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
        return cls(
            cache_dir=_folder(env, "AUDIONEWS_CACHE_DIR", Path.cwd() / "audio_cache"),
            cache_max_mb=_positive(env, "AUDIONEWS_CACHE_MAX_MB", "megabytes", "500"),  # None: the default cap
            allow_private_urls=_flag(env, "AUDIONEWS_ALLOW_PRIVATE_URLS"),
            voices_dir=_folder(env, "AUDIONEWS_VOICES_DIR", data_home / "audionews" / "voices"),
            online=_flag(env, "AUDIONEWS_ONLINE"),
            gtts_url=_url(env, "AUDIONEWS_GTTS_URL", "https://translate.google.com/"),
            gtts_timeout=_positive(env, "AUDIONEWS_GTTS_TIMEOUT", "seconds", "10") or GTTS_TIMEOUT_SECONDS,
            debug=_flag(env, "AUDIONEWS_DEBUG"),
            allowed_hosts=_hosts(env, "AUDIONEWS_ALLOWED_HOSTS"),
            data_dir=default_data_dir(env),
        )
