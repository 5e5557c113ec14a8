"""Real PostgreSQL and Redis servers for the tests: each started on a free loopback port in a temporary
directory, and stopped afterwards. No mock database, no fake queue.

PostgreSQL runs as the unprivileged `postgres` user when the tests run as root (initdb refuses root); its
binaries are found under /usr/lib/postgresql/*/bin (the Debian `postgresql` package). A test that needs a
server it cannot start is skipped with the reason (the package is missing), never faked.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _as_postgres_user() -> tuple[int, int] | None:
    """The uid and gid to run PostgreSQL as: `postgres` when we are root, else ourselves (None)."""
    if os.geteuid() != 0:
        return None
    user = pwd.getpwnam("postgres")
    return user.pw_uid, user.pw_gid


class PostgresServer:
    """A PostgreSQL cluster in a temporary directory; `database()` makes a new empty database and its URL."""

    def __init__(self, root: Path, port: int, run_as: tuple[int, int] | None) -> None:
        self.root, self.port, self.run_as = root, port, run_as
        self._count = 0

    def database(self) -> str:
        import psycopg

        self._count += 1
        name = f"test_{self._count}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def url(self, database: str) -> str:
        return f"postgresql://audionews@127.0.0.1:{self.port}/{database}"


@contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    binaries = _postgres_bin()
    if binaries is None:
        pytest.skip("PostgreSQL is not installed (the Debian package `postgresql`; `make test` installs it)")
    run_as = _as_postgres_user()
    root = Path(tempfile.mkdtemp(prefix="audionews-pg-"))
    data = root / "data"
    if run_as:
        os.chown(root, *run_as)

    def run(*command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(command, check=True, capture_output=True, text=True, cwd=root,
                              user=run_as[0] if run_as else None, group=run_as[1] if run_as else None)

    port = free_port()
    try:
        run(str(binaries / "initdb"), "-D", str(data), "-U", "audionews", "--auth=trust", "-E", "UTF8",
            "--no-sync")
        run(str(binaries / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w", "-o",
            f"-p {port} -c listen_addresses=127.0.0.1 -k {root} -c fsync=off", "start")
        yield PostgresServer(root, port, run_as)
    finally:
        if (data / "postmaster.pid").exists():
            run(str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)


class RedisServer:
    def __init__(self, port: int) -> None:
        self.port = port
        self._db = 0

    def url(self) -> str:
        """A fresh database (0..15) of this server, emptied."""
        import redis

        url = f"redis://127.0.0.1:{self.port}/{self._db % 16}"
        self._db += 1
        redis.Redis.from_url(url).flushdb()
        return url


@contextmanager
def redis_server() -> Iterator[RedisServer]:
    executable = shutil.which("redis-server")
    if executable is None:
        pytest.skip("Redis is not installed (the Debian package `redis-server`; `make test` installs it)")
    root = Path(tempfile.mkdtemp(prefix="audionews-redis-"))
    port = free_port()
    process = subprocess.Popen([executable, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(root),
                                "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL, cwd=root)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)
        yield RedisServer(port)
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(root, ignore_errors=True)
