"""Read an article's raw input safely: a file path, "-" for standard input, or an http(s) URL → Document.

Everything read here is capped (10 MB), decoded to text (BOM, then the declared charset from the
HTTP header or the page's own <meta>, then UTF-8, then Windows-1252) and sniffed: HTML or plain text
is decided by the content, not by a file extension or a server's say-so.

URL fetching guards against server-side request forgery. Every new connection, including each
redirect hop, is opened by `_open_socket` (installed in urllib3's connection classes), which
resolves the host once, refuses it if *any* address it resolves to is not a public unicast
address, and then connects to exactly those checked addresses. The check and the connection use the same resolution, so a DNS-rebinding answer that
changes between check and use cannot slip through. Proxies from the environment are not used, so
the address checked is the address connected. A watchdog bounds the whole fetch (connect, headers,
body) by one deadline, so a server that drips bytes cannot hold a fetch open.
"""
from __future__ import annotations

import codecs
import ipaddress
import re
import socket
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO
from urllib.parse import urljoin, urlsplit

from audionews.config import Settings
from audionews.errors import FetchError, InputError
from audionews.model import Document

if TYPE_CHECKING:
    import requests

MAX_BYTES = 10 * 1024 * 1024
TIMEOUT_SECONDS = 15.0
MAX_REDIRECTS = 5

USER_AGENT = "audionews/0.1 (text-to-speech news reader)"
ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8"
HTML_TYPES = {"text/html", "application/xhtml+xml"}
TEXT_TYPES = HTML_TYPES | {"text/plain"}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}

_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:+-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:+-]+)""", re.IGNORECASE)
_HTML_START = re.compile(r"^\s*(<!--.*?-->\s*)*(<!doctype\s+html|<html[\s>]|<\?xml[^>]*>\s*(<!doctype\s+html|<html))",
                         re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(
    r"</?(html|head|body|title|meta|link|script|style|article|main|section|header|footer|nav|div|span|p|a|br|hr"
    r"|h[1-6]|ul|ol|li|table|tr|td|figure|figcaption|img|blockquote|em|strong|b|i)(\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_ODD_CHARACTERS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")  # control characters but whitespace; U+FFFD
_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# Labels that web pages use for Windows-1252 (as browsers do, per the WHATWG Encoding standard).
_WINDOWS_1252_ALIASES = {"ascii", "latin_1", "iso8859-1"}
_NOT_TEXT_MAGIC = (
    (b"%PDF-", "a PDF document"), (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"), (b"PK\x03\x04", "a ZIP archive (or a Word or EPUB file)"),
    (b"\x1f\x8b", "a gzip-compressed file"),
)


def read_source(source: str, settings: Settings) -> Document:
    """Read an article from a file path, "-" (standard input, as bytes) or an http(s) URL."""
    if source == "-":
        if sys.stdin is None:
            raise InputError("Standard input is closed; pipe the article in, or give a file path or URL.")
        return document_from_bytes(_read_capped(sys.stdin.buffer, "Standard input"), "-")
    if _URL_SCHEME.match(source):
        return fetch_url(source, settings)
    return document_from_bytes(_read_file(Path(source)), source)


def fetch_url(url: str, settings: Settings, *, timeout: float = TIMEOUT_SECONDS,
              max_bytes: int = MAX_BYTES) -> Document:
    """Fetch an http(s) URL within the size, time, redirect and address limits; see the module docstring."""
    import requests
    from urllib3.exceptions import HTTPError as Urllib3Error
    from urllib3.exceptions import LocationParseError

    _check_url(url)
    guard = _Guard(allow_private=settings.allow_private_urls, timeout=timeout)
    try:
        with _guarded_session(guard) as session:
            content_type, data, final_url = _download(session, url, guard, max_bytes)
    except (requests.exceptions.RequestException, Urllib3Error) as error:
        if guard.expired or isinstance(error, requests.exceptions.Timeout):
            raise _timeout_error(url, timeout) from None
        if isinstance(error, (requests.exceptions.InvalidURL, LocationParseError)):
            raise _invalid_url(url) from None
        if isinstance(error, requests.exceptions.SSLError):
            raise FetchError(f"Could not make a secure connection to {_host(url)} ({_reason(error)}); "
                             "check the address or try its http:// form.") from None
        raise FetchError(f"The connection to {_host(url)} failed ({_reason(error)}); try again later.") from None
    finally:
        guard.close()
    return document_from_bytes(data, final_url, content_type)


def document_from_bytes(data: bytes, source: str, content_type: str | None = None) -> Document:
    """Decode raw bytes (file, stdin, upload or HTTP body) and tell HTML from plain text by content.

    `content_type` is an HTTP Content-Type value; its charset is used when the bytes carry no BOM.
    """
    name = _describe(source)
    if not data.strip():
        raise InputError(f"{name} is empty; give audionews a file, URL or text that holds a news article.")
    for magic, what in _NOT_TEXT_MAGIC:
        if data.startswith(magic):
            raise InputError(f"{name} is {what}, not an article; give audionews the article as HTML or plain text.")
    text = _decode(data, _header_charset(content_type))
    if _looks_binary(text):
        raise InputError(f"{name} looks like binary data, not text; give audionews an HTML page or a text file.")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f"{name} is empty; give audionews a file, URL or text that holds a news article.")
    media_type = _media_type(content_type)
    url = source if _URL_SCHEME.match(source) else None
    return Document(content=text, is_html=_is_html(text, declared_html=media_type in HTML_TYPES), source=source,
                    url=url)


def is_public_address(address: str) -> bool:
    """True when an IP address is public unicast: not loopback, private, link-local, multicast, reserved
    or unspecified, also when it hides an IPv4 address inside IPv6 (mapped, 6to4, Teredo, NAT64)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone index such as %eth0
    candidates: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = [ip]
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = [ip.ipv4_mapped, ip.sixtofour, ip.teredo[1] if ip.teredo else None]
        if ip in ipaddress.IPv6Network("64:ff9b::/96"):
            embedded.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        candidates += [e for e in embedded if e is not None]
    return all(
        c.is_global and not (c.is_multicast or c.is_reserved or c.is_unspecified or c.is_loopback or c.is_link_local)
        for c in candidates
    )


# ----- files and standard input ---------------------------------------------------------------

def _read_file(path: Path) -> bytes:
    try:
        if path.is_dir():
            raise InputError(f"{path} is a directory; give audionews one article file.")
        if path.stat().st_size > MAX_BYTES:
            raise InputError(f"{path} is over the {_mb(MAX_BYTES)} limit; save just the article and try again.")
        with path.open("rb") as stream:
            return _read_capped(stream, str(path))
    except FileNotFoundError:
        raise InputError(f"There is no file {path}; check the path, "
                         "or give an http(s) URL or - for standard input.") from None
    except PermissionError:
        raise InputError(f"{path} cannot be read (permission denied); check the file's permissions.") from None
    except OSError as error:
        raise InputError(f"{path} cannot be read ({error.strerror or error}); check the path.") from None


def _read_capped(stream: BinaryIO, name: str) -> bytes:
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError(f"{name} is over the {_mb(MAX_BYTES)} limit; give audionews just the article.")
    return data


# ----- decoding and sniffing -------------------------------------------------------------------

def _decode(data: bytes, header_charset: str | None) -> str:
    """BOM first (it cannot lie), then the declared charsets, then UTF-8, then Windows-1252."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    candidates = [header_charset, _declared_charset(data), "utf-8", "cp1252"]
    for codec in candidates:
        if codec:
            try:
                return data.decode(codec)
            except (UnicodeDecodeError, LookupError):
                continue
    return data.decode("cp1252", errors="replace")


def _declared_charset(data: bytes) -> str | None:
    """The page's own declaration; one read as ASCII cannot truly be UTF-16 or -32, so that means UTF-8."""
    head = data[:8192]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    codec = _codec_name(match.group(1).decode("ascii")) if match else None
    return "utf-8" if codec and codec.startswith(("utf-16", "utf-32")) else codec


def _header_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    for parameter in content_type.split(";")[1:]:
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "charset":
            return _codec_name(value.strip().strip("\"'"))
    return None


def _codec_name(label: str) -> str | None:
    """A Python codec for a charset label, or None when the label is unknown."""
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "cp1252" if name in _WINDOWS_1252_ALIASES else name


def _looks_binary(text: str) -> bool:
    """NUL characters, or many control or undecodable characters, mean this is not text."""
    if "\x00" in text:
        return True
    sample = text[:65536]
    return len(_ODD_CHARACTERS.findall(sample)) > max(8, len(sample) // 100)


def _is_html(text: str, declared_html: bool) -> bool:
    """HTML when it starts like a page, or holds several tags (one is enough when the server says HTML)."""
    head = text[:65536]
    if _HTML_START.match(head):
        return True
    tags = len(_HTML_TAG.findall(head))
    return tags >= 3 or (declared_html and tags >= 1)


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


# ----- URL fetching ------------------------------------------------------------------------

class _Guard:
    """The policy shared by one fetch's connections: which addresses may be used, and one deadline.

    At the deadline a watchdog shuts down every socket of the fetch, which wakes a blocked read.
    """

    def __init__(self, allow_private: bool, timeout: float) -> None:
        self.allow_private = allow_private
        self.timeout = timeout
        self.expired = False
        self._deadline = time.monotonic() + timeout
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(timeout, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        return max(self._deadline - time.monotonic(), 0.001)

    def watch(self, sock: socket.socket) -> None:
        # A duplicate descriptor still reaches the connection after TLS wrapping detaches `sock`.
        duplicate = sock.dup()
        with self._lock:
            self._sockets.append(duplicate)
            if self.expired:
                _shutdown(duplicate)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shutdown(sock)

    def close(self) -> None:
        self._timer.cancel()
        with self._lock:
            for sock in self._sockets:
                sock.close()
            self._sockets.clear()


def _shutdown(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed by the other side


def _open_socket(host: str, port: int, guard: _Guard) -> socket.socket:
    """Resolve once, check every address (unless private targets are allowed), connect to a checked one."""
    try:
        addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchError(f"Could not find the host {host}; check the address for typos.") from None
    if not guard.allow_private:
        for *_, sockaddr in addresses:
            if not is_public_address(sockaddr[0]):
                where = host if host == sockaddr[0] else f"{host} ({sockaddr[0]})"
                raise FetchError(f"{where} is on a local or private network, so audionews cannot read it.")
    failure: OSError | None = None
    for family, kind, proto, _, sockaddr in addresses:
        sock = socket.socket(family, kind, proto)
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.settimeout(guard.remaining())
            sock.connect(sockaddr)
        except OSError as error:
            sock.close()
            failure = error
            continue
        guard.watch(sock)
        return sock
    if isinstance(failure, TimeoutError):
        raise FetchError(f"{host} did not accept a connection in time; check the address or try again later.")
    if isinstance(failure, ConnectionRefusedError):
        raise FetchError(f"{host} refused the connection on port {port}; check the address, or whether the site is up.")
    raise FetchError(f"Could not connect to {host} ({failure.strerror if failure else 'no address'}); "
                     "check your network and the address.")


def _guarded_session(guard: _Guard) -> requests.Session:
    """A requests session whose every new connection goes through `_open_socket` with this guard."""
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3 import HTTPConnectionPool, HTTPSConnectionPool
    from urllib3.connection import HTTPConnection, HTTPSConnection

    class Connection(HTTPConnection):
        def _new_conn(self) -> socket.socket:
            return _open_socket(self.host, self.port, guard)

    class SecureConnection(HTTPSConnection):
        def _new_conn(self) -> socket.socket:
            return _open_socket(self.host, self.port, guard)

    class Pool(HTTPConnectionPool):
        ConnectionCls = Connection

    class SecurePool(HTTPSConnectionPool):
        ConnectionCls = SecureConnection

    class Adapter(HTTPAdapter):
        def init_poolmanager(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 - requests' signature
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = {"http": Pool, "https": SecurePool}

    session = requests.Session()
    session.trust_env = False  # no proxies or .netrc: connect only where we checked
    session.headers.update({"User-Agent": USER_AGENT, "Accept": ACCEPT})
    session.mount("http://", Adapter())
    session.mount("https://", Adapter())
    return session


def _download(session: requests.Session, url: str, guard: _Guard, max_bytes: int) -> tuple[str | None, bytes, str]:
    """Follow at most MAX_REDIRECTS redirects, check status and type, read the body within the cap."""
    for _ in range(MAX_REDIRECTS + 1):
        timeout = guard.remaining()
        with session.get(url, stream=True, allow_redirects=False, timeout=(timeout, timeout)) as response:
            if response.status_code in REDIRECT_STATUSES:
                location = response.headers.get("Location")
                if not location:
                    raise FetchError(f"{url} redirects without saying where to; try the page's address in a browser.")
                url = urljoin(url, location)
                _check_url(url)
                continue
            _check_response(response, url)
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise _too_large(url, max_bytes)
            data = bytearray()
            for chunk in response.iter_content(chunk_size=65536):
                data += chunk
                if len(data) > max_bytes:
                    raise _too_large(url, max_bytes)
            if guard.expired:  # the watchdog's shutdown can look like a short, finished body
                raise _timeout_error(url, guard.timeout)
            return response.headers.get("Content-Type"), bytes(data), url
    raise FetchError(f"{url} redirects more than {MAX_REDIRECTS} times; "
                     "open it in a browser and give the final address.")


def _check_response(response: requests.Response, url: str) -> None:
    if response.status_code >= 400:
        reason = f" {response.reason}" if response.reason else ""
        hint = "check the address" if response.status_code < 500 else "the site has a problem; try again later"
        raise FetchError(f"{url} answered HTTP {response.status_code}{reason}; {hint}.")
    media_type = _media_type(response.headers.get("Content-Type"))
    if not media_type or media_type in TEXT_TYPES:
        return
    if media_type == "application/pdf":
        what = "a PDF document"
    elif media_type.startswith("image/"):
        what = f"an image ({media_type})"
    elif media_type == "application/json" or media_type.endswith("+json"):
        what = "JSON data"
    else:
        what = f"{media_type} content"
    raise FetchError(f"{url} is {what}, not a web page or plain text; give audionews the article's HTML page instead.")


def _check_url(url: str) -> None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        raise _invalid_url(url) from None
    if parts.scheme.lower() not in {"http", "https"}:
        raise FetchError(f"“{url}” is not an http or https address; audionews reads only web pages.")
    if not parts.hostname or re.search(r"[\s\x00-\x1f]", url):
        raise _invalid_url(url)


def _invalid_url(url: str) -> FetchError:
    return FetchError(f"“{url}” is not a valid web address; check it for typos.")


def _too_large(url: str, max_bytes: int) -> FetchError:
    return FetchError(f"{url} is larger than the {_mb(max_bytes)} limit; give audionews the article page itself.")


def _timeout_error(url: str, timeout: float) -> FetchError:
    return FetchError(f"{url} did not finish loading within {timeout:g} seconds; try again later.")


def _reason(error: BaseException) -> str:
    """The innermost cause of a requests/urllib3 error (they nest), as a short phrase."""
    while True:
        nested = error.args[0] if error.args and isinstance(error.args[0], BaseException) else error.__cause__
        if nested is None:
            return (str(error) or type(error).__name__).rstrip(".")
        error = nested


def _host(url: str) -> str:
    return urlsplit(url).hostname or url


def _describe(source: str) -> str:
    return "Standard input" if source == "-" else source


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"
