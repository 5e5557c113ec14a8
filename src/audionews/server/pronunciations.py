"""Pronunciation rules in the web app: the JSON API, the "Pronunciations" page, and the rules kept in step.

- `GET /api/pronunciations` → `{"rules": [...]}`; `POST /api/pronunciations` (a rule) → 201 with the rule and
  its index (a rule with the same match is changed in place); `DELETE /api/pronunciations/INDEX_OR_MATCH` → 204
  (a rule whose match is the text given, else the rule at that 0-based index).
- `POST /api/pronunciations/listen` `{"text", "rule"?, "language"?}` → `{"spoken", "audio"}`: the sentence
  spoken now by the default voice with the rules and `rule` as if it were added (the page's "Listen").
- `GET /pronunciations`: the page.

The rules live in `pronunciations.json` in the data directory, where `audionews pronounce` edits them too:
before each request the file is checked (a stat) and, when it changed, reloaded and handed to the Producer,
so a new rule is heard at the next request for an article without a restart. A file spoiled by hand while
the server runs keeps the last good rules in use; the API and the page say what is wrong with it.
"""
from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from flask import Blueprint, Flask, Response, current_app, jsonify, render_template, url_for

from audionews.errors import InputError, UsageError
from audionews.server.api import json_body, app_services
from audionews.speech.pronunciations import Pronunciations, Rule, edit, load, rules_path

MAX_LISTEN_CHARS = 300
DEFAULT_LISTEN = "Listen to {match} in a sentence."
_log = logging.getLogger(__name__)


class RuleFile:
    """The data directory's rules file, reloaded when it changes on disk."""

    def __init__(self, data_dir: Path) -> None:
        self.path = rules_path(data_dir)
        self._lock = threading.Lock()
        self._seen = self._stamp()
        self.rules: Pronunciations = load(self.path)  # a bad file stops the server from starting, with its reason
        self.error: str | None = None  # why the file on disk is not the one in use, if it is broken

    def _stamp(self) -> tuple[int, int, int] | None:
        """What changes whenever the file is saved (`save` renames a new file into place) or edited by hand."""
        try:
            status = os.stat(self.path)
        except OSError:
            return None
        return status.st_ino, status.st_mtime_ns, status.st_size

    def reload(self) -> bool:
        """Load the file again if it changed on disk; True if the rules in use changed. A broken file keeps
        the rules in use and is reported by `check`."""
        with self._lock:
            stamp = self._stamp()
            if stamp == self._seen:
                return False
            self._seen = stamp
            try:
                rules = load(self.path)
            except InputError as error:
                self.error = str(error)
                _log.warning("%s The rules in use stay as they were.", error)
                return False
            self.error = None
            changed, self.rules = rules != self.rules, rules
            return changed

    def check(self) -> None:
        """Raise InputError if the file on disk is broken (so it is not the one in use)."""
        if self.error:
            raise InputError(self.error)


def install(app: Flask, rule_file: RuleFile) -> None:
    """Give the app its rules, the API and page, and keep the Producer's rules in step with the file."""
    app.extensions["audionews.pronunciations"] = rule_file
    app_services(app).producer.use_pronunciations(rule_file.rules)
    app.register_blueprint(pronunciations)

    @app.before_request
    def follow_the_rules_file() -> None:
        if rule_file.reload():
            app_services().producer.use_pronunciations(rule_file.rules)


def _rule_file() -> RuleFile:
    return current_app.extensions["audionews.pronunciations"]


def _changed() -> None:
    """After an edit through the API: the new rules in use at once."""
    rule_file = _rule_file()
    rule_file.reload()
    app_services().producer.use_pronunciations(rule_file.rules)


def _listed(rules: Pronunciations) -> list[dict[str, object]]:
    """The rules as the API lists them: each rule's fields, and its description in words."""
    return [{**rule.to_dict(), "description": rule.describe()} for rule in rules.rules]


pronunciations = Blueprint("pronunciations", __name__)


@pronunciations.get("/pronunciations")
def pronunciations_page() -> str:
    rule_file = _rule_file()
    return render_template("pronunciations.html", rules=_listed(rule_file.rules), file_error=rule_file.error,
                           path=str(rule_file.path))


@pronunciations.get("/api/pronunciations")
def list_rules() -> Response:
    rule_file = _rule_file()
    rule_file.check()
    return jsonify({"rules": _listed(rule_file.rules)})


@pronunciations.post("/api/pronunciations")
def add_rule() -> tuple[Response, int, dict[str, str]]:
    rule = Rule.from_dict(json_body())
    _rule_file().check()
    added: list[bool] = []

    def change(rules: Pronunciations) -> Pronunciations:
        new, replaced = rules.added(rule)
        added.append(replaced)
        return new

    rules = edit(_rule_file().path, change)
    _changed()
    index = rules.rules.index(rule)
    body = {**rule.to_dict(), "index": index, "replaced": added[0]}
    return jsonify(body), 201, {"Location": url_for("pronunciations.remove_rule", target=str(index))}


@pronunciations.delete("/api/pronunciations/<path:target>")
def remove_rule(target: str) -> tuple[str, int]:
    _rule_file().check()
    edit(_rule_file().path, lambda rules: rules.removed(target, by_index=True)[0])
    _changed()
    return "", 204


@pronunciations.post("/api/pronunciations/listen")
def listen() -> Response:
    """Speak a sentence with the rules in use and, if given, a rule not saved yet."""
    body = json_body()
    rules, rule = _rule_file().rules, None
    if body.get("rule") is not None:
        rule = Rule.from_dict(body["rule"])
        rules = rules.added(rule)[0]
    text = body.get("text") or (DEFAULT_LISTEN.format(match=rule.match) if rule and not rule.regex else None)
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_LISTEN_CHARS:
        raise UsageError(f"Give a sentence to listen to, of at most {MAX_LISTEN_CHARS} characters (a regular "
                         "expression cannot be spoken by itself).")
    language = body.get("language") or (rule.language if rule and rule.language else "en")
    if not isinstance(language, str) or not language.replace("-", "").isalpha() or len(language) > 12:
        raise UsageError("The language must be a code such as en or de.")
    key, spoken = app_services().producer.sample(" ".join(text.split()), language, rules)
    return jsonify({"spoken": spoken, "audio": url_for("api.clip_audio", key=key)})
