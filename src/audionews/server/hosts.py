"""Which `Host` a request may name, and the public address absolute URLs are built from.

A page on another site can make a browser send requests to this server under the attacker's own host
name, by pointing that name's DNS at the server's address (DNS rebinding): the browser then treats the
server as part of the attacker's site. Answering only the names the server is meant to be reached by
defeats that. `HostPolicy` accepts `localhost` and the loopback addresses, the address the server is bound
to, the host of `--base-url`, and the names given with `--allowed-host` or `AUDIONEWS_ALLOWED_HOSTS`
(a leading dot, `.example.org`, also accepts its subdomains). Bound to every interface (`0.0.0.0`, `::`),
it also accepts any IP address as Host: a browser sends one only when that address was typed, which
DNS rebinding cannot fake. Ports are not compared.

Absolute URLs (the feed's links, redirects) come from `--base-url` when it is given, else from the Host
of the request, which by then is one of the accepted ones.
"""
from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Iterable
from urllib.parse import urlsplit

from audionews.errors import UsageError

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
_WILDCARDS = ("", "0.0.0.0", "::")
_NAME = re.compile(r"\.?[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?|[0-9a-f:.]+")


def host_name(host: str) -> str:
    """The name in a Host header or URL authority, lower case, without port, brackets or final dot."""
    host = host.strip().lower()
    if host.startswith("["):  # [IPv6]:port
        return host[1:].partition("]")[0]
    if host.count(":") == 1:
        host = host.partition(":")[0]
    return host.rstrip(".")


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class HostPolicy:
    """The host names a server answers to, and its public base URL (ending in "/") if one was given."""

    names: frozenset[str] = frozenset(LOOPBACK_NAMES)
    any_ip: bool = False  # bound to every interface: any IP address is accepted as Host
    base_url: str | None = None

    @classmethod
    def serving(cls, bound: str, allowed: Iterable[str] = (), base_url: str | None = None) -> "HostPolicy":
        """The policy of a server bound to `bound`, also reached as the `allowed` names and at `base_url`."""
        names = set(LOOPBACK_NAMES)
        wildcard = host_name(bound) in _WILDCARDS
        if not wildcard:
            names.add(host_name(bound))
        for given in allowed:
            name = host_name(given)
            if not name or not _NAME.fullmatch(name):
                raise UsageError(f"{given!r} is not a host name; give one like news.example.org or 192.168.1.20.")
            names.add(name)
        if base_url is not None:
            parts = urlsplit(base_url)
            if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
                raise UsageError(f"The base URL {base_url!r} is not an http(s) address; give one like "
                                 "https://news.example.org/.")
            names.add(host_name(parts.hostname))
            base_url = base_url if base_url.endswith("/") else base_url + "/"
        return cls(frozenset(names), wildcard, base_url)

    def allows(self, host: str) -> bool:
        """Whether a request naming `host` (a Host header's value) is for this server."""
        name = host_name(host)
        if not name:
            return False
        if name in self.names or (self.any_ip and _is_ip(name)):
            return True
        return any(allowed.startswith(".") and (name.endswith(allowed) or name == allowed[1:])
                   for allowed in self.names)

    def root(self, request_root: str) -> str:
        """The URL of the server's root ("/"-terminated): the base URL, else the request's (accepted) own."""
        return self.base_url or request_root

    def origins(self, request_root: str) -> set[str]:
        """The origins (scheme://host[:port]) of this server's own pages: a form posted from another is refused."""
        return {_origin(request_root), *([_origin(self.base_url)] if self.base_url else [])}


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()
