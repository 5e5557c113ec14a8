"""A real screen reader for the tests: Orca reading Debian's Chromium on a virtual display, its speech kept as text.

`ScreenReader(directory)` starts, in order and each in a process group of its own: Xvfb (the display), a D-Bus
session bus, the AT-SPI accessibility bus (at-spi-bus-launcher, then accessibility switched on), speech-dispatcher
whose only output module is sd_generic writing each utterance as a line of a file instead of sounding it, Orca, and
Chromium with renderer accessibility. Keys go through the X server with xdotool, so Orca meets them as a user's
(in browse mode single letters are its own); `press` returns what Orca said after one. Playwright is attached to
the same Chromium over the DevTools protocol only to open pages and to look at what the player did, never to type.
`close()` stops every process it started, by its process group id, last started first.

Orca starts as a user meets it, with three settings changed so that each key's speech is the page's: no key echo
("tab", "left alt"), no reading of a whole page when it loads, and no sounds.
`ScreenReaderUnavailable` says, in one sentence, what is missing or did not start.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Browser, Page, Playwright

CHROMIUM = "/usr/bin/chromium"
PROGRAMS = {  # what each needs, by Debian package
    "Xvfb": "xvfb", "xdotool": "xdotool", "xdpyinfo": "x11-utils", "dbus-daemon": "dbus-daemon",
    "gdbus": "libglib2.0-bin", "speech-dispatcher": "speech-dispatcher", "orca": "orca", "chromium": "chromium",
}
BUS_LAUNCHER = Path("/usr/libexec/at-spi-bus-launcher")  # at-spi2-core
GENERIC_MODULE = "sd_generic"
START_TIMEOUT = 40.0
LOAD_TIMEOUT = 60.0
LOAD_QUIET = 8.0  # seconds after the page loaded past which Orca is not waited for any more
BLANK = "data:text/html,<!doctype html><html lang=en><title>Ready</title><main><p>Ready.</p></main></html>"
QUIET = 0.8  # seconds without a new utterance after which Orca is taken to have finished speaking
ORCA_SETTINGS = {"enableKeyEcho": False, "sayAllOnLoad": False, "enableSound": False}


class ScreenReaderUnavailable(RuntimeError):
    """Orca, or something it needs, is missing or did not start; the message says which."""


class ScreenReader:
    """Orca and Chromium on a private display, bus and speech server; see the module docstring."""

    def __init__(self, directory: Path, playwright: Playwright) -> None:
        self.directory = directory
        self.spoken_file = directory / "spoken.txt"
        directory.mkdir(parents=True, exist_ok=True)
        self.spoken_file.touch()
        self._processes: list[tuple[str, subprocess.Popen[bytes]]] = []
        self._env = self._environment()
        self.browser: Browser | None = None
        try:
            self._check_programs()
            self._start_display()
            self._start_buses()
            self._start_speech()
            self._start_orca()
            self._start_chromium(playwright)
        except BaseException:
            self.close()
            raise

    # ---- what the tests use ----

    @property
    def page(self) -> Page:
        assert self.browser is not None
        return self.browser.contexts[0].pages[0]

    def spoken(self) -> list[str]:
        """Everything Orca has said since it started, one utterance a line."""
        return self.spoken_file.read_text(encoding="utf-8", errors="replace").splitlines()

    def open(self, url: str) -> list[str]:
        """Load `url` in the tab Orca is reading and return what Orca said about it, once it has finished: once it
        said "Finished loading" (which it does not say if it is in focus mode by then), or has been quiet a while."""
        self.focus_page()
        titles: list[str] = []
        started = [0.0]

        def loaded(said: list[str]) -> bool:
            finished = any(line.startswith(f"Finished loading {titles[0]}") for line in said)
            return finished or time.monotonic() - started[0] > LOAD_QUIET

        def go() -> None:
            self.page.goto(url)
            titles.append(self.page.title())
            started[0] = time.monotonic()

        return self._said_after(go, until=loaded, timeout=LOAD_TIMEOUT)

    def press(self, key: str, wait_for: Callable[[list[str]], bool] | None = None, timeout: float = 20.0) -> list[str]:
        """Press `key` (an xdotool key name: Tab, shift+Tab, Return, space, alt+shift+space, …) and return what Orca
        said after it; `wait_for` waits on (up to `timeout` s) for speech that comes later, such as an announcement
        made after a settle or at the end of the article."""
        return self._said_after(lambda: self._run(["xdotool", "key", "--clearmodifiers", key]), until=wait_for,
                                timeout=timeout)

    def focus_page(self) -> None:
        """Give the keyboard focus back to the page if it went on to the browser's own controls (F6 cycles
        through them and the page)."""
        for _ in range(8):
            if self.page.evaluate("document.hasFocus()"):
                return
            self._said_after(lambda: self._run(["xdotool", "key", "F6"]), until=None)
        raise AssertionError("the keyboard focus could not be brought back to the page")

    def focus(self, selector: str) -> list[str]:
        """Move the focus to the element matching `selector` (as a page script would) and return what Orca said."""
        return self._said_after(lambda: self.page.focus(selector), until=bool)

    def clear_storage(self, origin: str) -> None:
        """Forget what the pages of `origin` saved in this browser (settings, positions): a fresh listener."""
        cdp = self.page.context.new_cdp_session(self.page)
        try:
            cdp.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "local_storage"})
        finally:
            cdp.detach()

    def listen(self, seconds: float) -> list[str]:
        """What Orca says within `seconds` while nobody presses anything."""
        start = len(self.spoken())
        time.sleep(seconds)
        return self.spoken()[start:]

    def close(self) -> None:
        """Stop every process started, last first: SIGTERM to its process group, SIGKILL if it lingers."""
        if self.browser is not None:
            try:
                self.browser.close()
            except Exception:  # noqa: BLE001 - Chromium is stopped below in any case
                pass
            self.browser = None
        for _, process in reversed(self._processes):
            _stop(process)
        self._processes.clear()

    # ---- starting ----

    def _environment(self) -> dict[str, str]:
        home = self.directory / "home"
        for sub in ("home", "runtime", "data", "config", "speechd/modules", "logs"):
            (self.directory / sub).mkdir(parents=True, exist_ok=True)
        (self.directory / "runtime").chmod(0o700)
        (home / ".asoundrc").write_text("pcm.!default { type null }\n")  # speech-dispatcher wants an audio device
        keep = {name: os.environ[name] for name in ("PATH", "LANG", "LC_ALL") if name in os.environ}
        return {**keep, "HOME": str(home), "XDG_RUNTIME_DIR": str(self.directory / "runtime"),
                "XDG_DATA_HOME": str(self.directory / "data"), "XDG_CONFIG_HOME": str(self.directory / "config"),
                "SPEECHD_ADDRESS": f"unix_socket:{self.directory / 'speechd.sock'}", "NO_AT_BRIDGE": "0",
                "GTK_A11Y": "atspi", "LANG": os.environ.get("LANG", "C.UTF-8")}

    def _check_programs(self) -> None:
        missing = sorted({package for program, package in PROGRAMS.items() if shutil.which(program) is None})
        if not BUS_LAUNCHER.exists():
            missing.append("at-spi2-core")
        if missing:
            raise ScreenReaderUnavailable(f"the Debian packages {', '.join(missing)} are not installed "
                                          "(make test installs them)")

    def _spawn(self, name: str, command: list[str], **options: object) -> subprocess.Popen[bytes]:
        log = open(self.directory / "logs" / f"{name}.log", "wb")  # noqa: SIM115 - kept open for the process
        process = subprocess.Popen(command, env=self._env, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True, **options)  # type: ignore[call-overload]
        log.close()
        self._processes.append((name, process))
        return process

    def _run(self, command: list[str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(command, env=self._env, capture_output=True, text=True, timeout=30)

    def _wait(self, what: str, ready: Callable[[], bool], timeout: float = START_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, process in self._processes:
                if process.poll() is not None:
                    log = (self.directory / "logs" / f"{name}.log").read_text(errors="replace").strip()
                    last = log.splitlines()[-1] if log else "no output"
                    raise ScreenReaderUnavailable(f"{name} stopped while waiting for {what} ({last})")
            if ready():
                return
            time.sleep(0.2)
        raise ScreenReaderUnavailable(f"{what} did not happen within {timeout:.0f} s")

    def _start_display(self) -> None:
        read, write = os.pipe()
        self._spawn("xvfb", ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp",
                             "-noreset"], pass_fds=(write,))
        os.close(write)
        number = b""
        deadline = time.monotonic() + START_TIMEOUT
        with os.fdopen(read, "rb") as pipe:
            while not number.endswith(b"\n") and time.monotonic() < deadline:
                chunk = pipe.read(1)
                if not chunk:
                    break
                number += chunk
        if not number.strip().isdigit():
            raise ScreenReaderUnavailable("Xvfb did not start a display")
        self._env["DISPLAY"] = f":{number.decode().strip()}"
        self._wait("the display", lambda: self._run(["xdpyinfo"]).returncode == 0)

    def _start_buses(self) -> None:
        socket = self.directory / "session.bus"
        self._env["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={socket}"
        self._spawn("dbus", ["dbus-daemon", "--session", "--nofork", "--nopidfile", f"--address=unix:path={socket}"])
        self._wait("the D-Bus session bus", socket.exists)
        self._spawn("at-spi-bus", [str(BUS_LAUNCHER), "--launch-immediately"])
        # Asked before the launcher owns its name, the bus would start a second launcher of its own (D-Bus
        # activation) and one of the two would quit: so wait for ours, then switch accessibility on.
        owned = ["gdbus", "call", "--session", "--dest", "org.freedesktop.DBus", "--object-path",
                 "/org/freedesktop/DBus", "--method", "org.freedesktop.DBus.NameHasOwner", "org.a11y.Bus"]
        self._wait("the accessibility bus", lambda: "true" in self._run(owned).stdout)
        enable = ["gdbus", "call", "--session", "--dest", "org.a11y.Bus", "--object-path", "/org/a11y/bus",
                  "--method", "org.freedesktop.DBus.Properties.Set", "org.a11y.Status", "IsEnabled", "<true>"]
        self._wait("accessibility switched on", lambda: self._run(enable).returncode == 0)

    def _start_speech(self) -> None:
        config = self.directory / "speechd"
        (config / "speechd.conf").write_text(
            'AddModule "capture" "sd_generic" "capture.conf"\nDefaultModule capture\nAudioOutputMethod "alsa"\n')
        # $DATA arrives inside single quotes with any single quote in it escaped by the module.
        (config / "modules" / "capture.conf").write_text(
            f"GenericExecuteSynth \"printf '%s\\\\n' \\'$DATA\\' >> {self.spoken_file}\"\n"
            'GenericLanguage "en" "en" "utf-8"\nGenericLanguage "en-us" "en-us" "utf-8"\n'
            'AddVoice "en" "MALE1" "x"\n')
        sock = self.directory / "speechd.sock"
        self._spawn("speech-dispatcher", ["speech-dispatcher", "--run-single", "--timeout", "0", "--config-dir",
                                          str(config), "--socket-path", str(sock), "--log-dir",
                                          str(self.directory / "logs")])
        self._wait("speech-dispatcher", sock.exists)

    def _start_orca(self) -> None:
        prefs = self.directory / "data" / "orca"
        prefs.mkdir(parents=True, exist_ok=True)
        profile = {"profile": ["Default", "default"], "pronunciations": {}, "keybindings": {}, **ORCA_SETTINGS}
        (prefs / "user-settings.conf").write_text(json.dumps({
            "general": {"startingProfile": ["Default", "default"], "activeProfile": ["Default", "default"],
                        **ORCA_SETTINGS},
            "profiles": {"default": profile}, "pronunciations": {}, "keybindings": {}}))
        self._spawn("orca", ["orca", "--user-prefs", str(prefs), "--debug-file",
                             str(self.directory / "logs" / "orca-debug.out")])
        self._wait("Orca saying “Screen reader on”", lambda: "Screen reader on." in self.spoken())

    def _start_chromium(self, playwright: Playwright) -> None:
        profile = self.directory / "chromium"
        self._spawn("chromium", [
            CHROMIUM, "--no-sandbox", "--force-renderer-accessibility", f"--user-data-dir={profile}",
            "--no-first-run", "--no-default-browser-check", "--test-type", "--disable-gpu", "--password-store=basic",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--autoplay-policy=no-user-gesture-required", "--disable-audio-output",  # audio in real time, unheard
            "--remote-debugging-port=0", "--window-position=0,0",
            "--window-size=1280,1000", BLANK])
        port_file = profile / "DevToolsActivePort"
        self._wait("Chromium's DevTools port", lambda: port_file.exists() and port_file.read_text().strip() != "")
        port = port_file.read_text().split()[0]
        self.browser = playwright.chromium.connect_over_cdp(f"http://127.0.0.1:{port}")
        self._wait("Chromium's window", lambda: bool(self.browser and self.browser.contexts
                                                      and self.browser.contexts[0].pages))
        self._wait("Orca reading the first page", lambda: "Finished loading Ready." in self.spoken())
        self._said_after(lambda: None, until=None)  # and done with it

    # ---- listening ----

    def _said_after(self, act: Callable[[], object], until: Callable[[list[str]], bool] | None,
                    timeout: float = 20.0) -> list[str]:
        """Do `act`, then wait until Orca has been quiet for a moment (and `until` holds, if given)."""
        start = len(self.spoken())
        act()
        deadline = time.monotonic() + timeout
        count, quiet_since = -1, time.monotonic()
        while time.monotonic() < deadline:
            said = self.spoken()[start:]
            if len(said) != count:
                count, quiet_since = len(said), time.monotonic()
            elif time.monotonic() - quiet_since >= QUIET and (until is None or until(said)):
                return said
            time.sleep(0.1)
        return self.spoken()[start:]


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a process and whatever it started in its process group (its id is the group's)."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)  # children that outlived their parent
    except ProcessLookupError:
        pass
    if process.poll() is None:
        process.wait(timeout=5)
