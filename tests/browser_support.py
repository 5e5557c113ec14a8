"""Support for the browser tests: the real audionews app served by waitress on 127.0.0.1 in a thread,
Debian's Chromium launched headless by Playwright, and axe-core runs through axe-playwright-python."""
from __future__ import annotations

import json
import threading
import urllib.request
from pathlib import Path
from typing import Any

import waitress
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, Playwright

from audionews.config import Settings
from audionews.server.app import create_app
from audionews.speech.synth import SynthOptions

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--autoplay-policy=no-user-gesture-required",
]
# WCAG 2.0–2.2 A and AA, plus axe's best practices (landmarks, one h1, heading order, …).
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
}


class LiveServer:
    """The real app (espeak voices, clip cache and library in `directory`) on a free loopback port; `env` adds
    settings (AUDIONEWS_ALLOW_PRIVATE_URLS=1 to follow feeds on loopback, say)."""

    def __init__(self, directory: Path, env: dict[str, str] | None = None) -> None:
        settings = Settings.from_env({"AUDIONEWS_CACHE_DIR": str(directory / "cache"), **(env or {})})
        self.app = create_app(directory / "data", settings, options=SynthOptions(engine="espeak", progress=False))
        self._server = waitress.create_server(self.app, host="127.0.0.1", port=0, threads=8)
        self.url = f"http://127.0.0.1:{self._server.effective_port}"
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def __enter__(self) -> "LiveServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.close()
        self._thread.join(timeout=10)
        self.app.extensions["audionews"].close()

    def api(self, method: str, path: str, data: dict[str, Any] | None = None) -> Any:
        """Call the JSON API directly (for set-up and for checking what the page saved)."""
        body = json.dumps(data).encode() if data is not None else None
        request = urllib.request.Request(self.url + path, data=body, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            payload = response.read()
        return json.loads(payload) if payload else None


def launch_chromium(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def axe_violations(page: Page) -> list[str]:
    """One line per axe-core violation on the page as it is now (empty when it passes)."""
    results = Axe().run(page, options=AXE_OPTIONS)
    lines = []
    for violation in results.response["violations"]:
        targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return lines


def accessible_node(page: Page, selector: str = "") -> dict[str, Any]:
    """What Chromium's own accessibility tree (over the DevTools protocol) holds for the first element matching
    `selector` (without one, the focused element): its role, name, description and value (a slider's value text),
    and whether it is left out of the tree."""
    expression = f"document.querySelector({json.dumps(selector)})" if selector else "document.activeElement"
    cdp = page.context.new_cdp_session(page)
    try:
        element = cdp.send("Runtime.evaluate", {"expression": expression})["result"]
        if "objectId" not in element:
            raise AssertionError(f"nothing matches {selector}")
        ax = cdp.send("Accessibility.getPartialAXTree", {"objectId": element["objectId"], "fetchRelatives": False})
    finally:
        cdp.detach()
    node = ax["nodes"][0]
    value = lambda name: str((node.get(name) or {}).get("value", ""))  # noqa: E731
    properties = {item["name"]: str(item["value"].get("value", "")) for item in node.get("properties", [])}
    return {"role": value("role"), "name": value("name"), "description": value("description"),
            "value": properties.get("valuetext") or value("value"), "ignored": node.get("ignored", False)}


def tab_order(page: Page, limit: int = 80) -> list[str]:
    """Every tab stop from the top of the page, in order, as the element's id (or its tag and text)."""
    page.evaluate("document.activeElement?.blur(); window.scrollTo(0, 0)")
    stops: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate("""(() => { const e = document.activeElement;
            if (!e || e === document.body) return '';
            return e.id || `${e.tagName.toLowerCase()}:${e.textContent.trim().slice(0, 40)}`; })()""")
        if not stop or stop in stops:
            return stops
        stops.append(stop)
    raise AssertionError(f"Tab did not come round within {limit} presses")


def focus_by_tabbing(page: Page, selector: str, limit: int = 80, key: str = "Tab") -> None:
    """Press Tab (or `key`, e.g. Shift+Tab) until the element matching `selector` has the focus,
    as a keyboard user would."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement?.matches(s) ?? false", selector):
            return
        page.keyboard.press(key)
    raise AssertionError(f"Tab never reached {selector} within {limit} presses")


def playing_time(page: Page) -> float:
    """The currentTime of the audio element that is playing (0 when none is)."""
    return page.evaluate(
        "Math.max(0, ...[...document.querySelectorAll('audio')].filter(a => !a.paused).map(a => a.currentTime))")
