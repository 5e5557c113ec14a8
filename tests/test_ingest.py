"""Ingest: files, bytes and URLs → Document, against real files and a real HTTP server on loopback."""
from __future__ import annotations

import gzip
import socket
import ssl
import subprocess
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from audionews.config import Settings
from audionews.errors import FetchError, InputError
from audionews.text.ingest import MAX_BYTES, document_from_bytes, fetch_url, is_public_address, read_source

from conftest import LocalServer, send

PAGE = b"""<!DOCTYPE html><html lang="en"><head><title>Rain Returns</title></head>
<body><article><h1>Rain Returns</h1><p>It rained on Tuesday.</p></article></body></html>"""


def _drip(handler: BaseHTTPRequestHandler, data: bytes, pause: float) -> None:
    for index in range(len(data)):
        handler.wfile.write(data[index:index + 1])
        handler.wfile.flush()
        time.sleep(pause)


# ----- URL fetching: success, redirects, HTTP errors -----------------------------------------------

def test_fetch_html_page(local_server: LocalServer, open_settings: Settings) -> None:
    local_server.route("/news")(lambda h: send(h, PAGE))
    document = fetch_url(local_server.url("/news"), open_settings)
    assert document.is_html
    assert "It rained on Tuesday." in document.content
    assert document.source == document.url == local_server.url("/news")


def test_read_source_dispatches_urls(local_server: LocalServer, open_settings: Settings) -> None:
    local_server.route("/plain")(lambda h: send(h, b"Rain Returns\n\nIt rained on Tuesday.\n", "text/plain"))
    document = read_source(local_server.url("/plain"), open_settings)
    assert not document.is_html
    assert document.content.startswith("Rain Returns")


def test_redirect_chain_is_followed(local_server: LocalServer, open_settings: Settings) -> None:
    local_server.route("/one")(lambda h: send(h, b"", status=301, headers={"Location": "/two"}))
    local_server.route("/two")(lambda h: send(h, b"", status=302, headers={"Location": local_server.url("/three")}))
    local_server.route("/three")(lambda h: send(h, b"", status=307, headers={"Location": "final"}))
    local_server.route("/final")(lambda h: send(h, PAGE))
    document = fetch_url(local_server.url("/one"), open_settings)
    assert document.source == local_server.url("/final")
    assert local_server.requests == ["/one", "/two", "/three", "/final"]


def _redirect_ladder(server: LocalServer, hops: int) -> str:
    for step in range(hops):
        target = f"/hop{step + 1}" if step + 1 < hops else "/landing"
        server.route(f"/hop{step}")(lambda h, target=target: send(h, b"", status=302, headers={"Location": target}))
    server.route("/landing")(lambda h: send(h, PAGE))
    return server.url("/hop0")


def test_five_redirects_are_allowed(local_server: LocalServer, open_settings: Settings) -> None:
    document = fetch_url(_redirect_ladder(local_server, 5), open_settings)
    assert document.source.endswith("/landing")


def test_six_redirects_are_too_many(local_server: LocalServer, open_settings: Settings) -> None:
    with pytest.raises(FetchError, match="redirects more than 5 times"):
        fetch_url(_redirect_ladder(local_server, 6), open_settings)
    assert "/landing" not in local_server.requests


def test_redirect_to_other_scheme_is_refused(local_server: LocalServer, open_settings: Settings) -> None:
    local_server.route("/away")(lambda h: send(h, b"", status=302, headers={"Location": "file:///etc/passwd"}))
    with pytest.raises(FetchError, match="not an http or https address"):
        fetch_url(local_server.url("/away"), open_settings)


def test_404_is_reported(local_server: LocalServer, open_settings: Settings) -> None:
    with pytest.raises(FetchError, match=r"HTTP 404 Not Found; check the address\.$"):
        fetch_url(local_server.url("/missing"), open_settings)


def test_server_error_is_reported(local_server: LocalServer, open_settings: Settings) -> None:
    local_server.route("/broken")(lambda h: send(h, b"oops", "text/plain", status=503))
    with pytest.raises(FetchError, match="HTTP 503.*try again later"):
        fetch_url(local_server.url("/broken"), open_settings)


def test_connection_refused(open_settings: Settings) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago and has no listener now
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError, match="refused the connection"):
        fetch_url(f"http://127.0.0.1:{port}/", open_settings)


# ----- limits: size and time ------------------------------------------------------------------

def test_too_large_by_content_length(local_server: LocalServer, open_settings: Settings) -> None:
    @local_server.route("/huge")
    def huge(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", str(MAX_BYTES + 1))
        handler.end_headers()
        handler.wfile.write(b"<p>" * 10)  # the client must refuse before reading the rest

    with pytest.raises(FetchError, match="larger than the 10 MB limit"):
        fetch_url(local_server.url("/huge"), open_settings)


def test_too_large_while_streaming(local_server: LocalServer, open_settings: Settings) -> None:
    @local_server.route("/stream")
    def stream(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        handler.close_connection = True
        handler.end_headers()
        chunk = b"word " * 13107  # 64 KiB
        for _ in range(MAX_BYTES // len(chunk) + 20):
            handler.wfile.write(chunk)

    with pytest.raises(FetchError, match="larger than the 10 MB limit"):
        fetch_url(local_server.url("/stream"), open_settings)


def test_size_cap_applies_after_decompression(local_server: LocalServer, open_settings: Settings) -> None:
    bomb = gzip.compress(b" " * (MAX_BYTES + 1024))
    local_server.route("/bomb")(lambda h: send(h, bomb, "text/plain", headers={"Content-Encoding": "gzip"}))
    with pytest.raises(FetchError, match="larger than the 10 MB limit"):
        fetch_url(local_server.url("/bomb"), open_settings)


def test_slow_drip_body_hits_the_total_deadline(local_server: LocalServer, open_settings: Settings) -> None:
    @local_server.route("/drip")
    def drip(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        handler.send_header("Content-Length", "400")
        handler.end_headers()
        _drip(handler, b"x" * 400, pause=0.05)  # every read succeeds quickly; the whole takes 20 s

    started = time.monotonic()
    with pytest.raises(FetchError, match="did not finish loading within 1 seconds"):
        fetch_url(local_server.url("/drip"), open_settings, timeout=1.0)
    assert time.monotonic() - started < 4


def test_slow_drip_headers_hit_the_total_deadline(local_server: LocalServer, open_settings: Settings) -> None:
    local_server.route("/slow-headers")(
        lambda h: _drip(h, b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Padding: " + b"p" * 400, pause=0.05))
    started = time.monotonic()
    with pytest.raises(FetchError, match="did not finish loading"):
        fetch_url(local_server.url("/slow-headers"), open_settings, timeout=1.0)
    assert time.monotonic() - started < 4


def test_close_delimited_body_cut_by_deadline_is_not_taken_as_complete(
        local_server: LocalServer, open_settings: Settings) -> None:
    @local_server.route("/cut")
    def cut(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        handler.close_connection = True
        handler.end_headers()
        handler.wfile.write(b"The first half of the story")
        handler.wfile.flush()
        time.sleep(3)

    with pytest.raises(FetchError, match="did not finish loading"):
        fetch_url(local_server.url("/cut"), open_settings, timeout=1.0)


# ----- content types and charsets ----------------------------------------------------------

@pytest.mark.parametrize(("content_type", "body", "expected"), [
    ("application/pdf", b"%PDF-1.7 ...", "is a PDF document"),
    ("image/png", b"\x89PNG\r\n\x1a\n", r"is an image \(image/png\)"),
    ("application/json", b'{"title": "x"}', "is JSON data"),
    ("application/octet-stream", b"\x00\x01", "is application/octet-stream content"),
])
def test_wrong_content_type_is_refused(local_server: LocalServer, open_settings: Settings,
                                       content_type: str, body: bytes, expected: str) -> None:
    local_server.route("/thing")(lambda h: send(h, body, content_type))
    with pytest.raises(FetchError, match=expected + ".*give audionews the article's HTML page"):
        fetch_url(local_server.url("/thing"), open_settings)


def test_xhtml_is_accepted(local_server: LocalServer, open_settings: Settings) -> None:
    local_server.route("/x")(lambda h: send(h, PAGE, "application/xhtml+xml"))
    assert fetch_url(local_server.url("/x"), open_settings).is_html


def test_charset_from_header(local_server: LocalServer, open_settings: Settings) -> None:
    body = "<p>Привет, мир: the café’s “news”.</p>".encode("koi8-r", errors="replace")
    local_server.route("/ru")(lambda h: send(h, body, "text/html; charset=KOI8-R"))
    assert "Привет, мир" in fetch_url(local_server.url("/ru"), open_settings).content


def test_latin1_label_means_windows_1252(local_server: LocalServer, open_settings: Settings) -> None:
    body = "<p>He said \u201cyes\u201d \u2014 twice.</p>".encode("cp1252")
    local_server.route("/w")(lambda h: send(h, body, "text/html; charset=ISO-8859-1"))
    assert "\u201cyes\u201d \u2014 twice" in fetch_url(local_server.url("/w"), open_settings).content


@pytest.mark.parametrize("meta", [
    '<meta charset="koi8-r">',
    "<meta http-equiv='Content-Type' content='text/html; charset=koi8-r'>",
])
def test_charset_from_meta(local_server: LocalServer, open_settings: Settings, meta: str) -> None:
    body = f"<html><head>{meta}<title>Новости</title></head><body><p>Привет, мир.</p></body></html>"
    local_server.route("/meta")(lambda h: send(h, body.encode("koi8-r"), "text/html"))
    document = fetch_url(local_server.url("/meta"), open_settings)
    assert "Привет, мир." in document.content and "Новости" in document.content


def test_header_charset_wins_over_meta(local_server: LocalServer, open_settings: Settings) -> None:
    body = '<html><head><meta charset="koi8-r"></head><body><p>Grüße aus Köln.</p></body></html>'.encode()
    local_server.route("/both")(lambda h: send(h, body, "text/html; charset=utf-8"))
    assert "Grüße aus Köln." in fetch_url(local_server.url("/both"), open_settings).content


# ----- address rules ---------------------------------------------------------------------

@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "0.0.0.0"])
def test_private_address_refused_without_the_switch(local_server: LocalServer, strict_settings: Settings,
                                                    host: str) -> None:
    local_server.route("/news")(lambda h: send(h, PAGE))
    with pytest.raises(FetchError, match="is on a local or private network, so audionews cannot read it") as refusal:
        fetch_url(f"http://{host}:{local_server.port}/news", strict_settings)
    assert "AUDIONEWS_" not in str(refusal.value), "the setting is for whoever runs the server: in the README"
    assert local_server.requests == []  # refused before connecting, not after


def test_private_address_allowed_with_the_switch(local_server: LocalServer, open_settings: Settings) -> None:
    local_server.route("/news")(lambda h: send(h, PAGE))
    assert fetch_url(local_server.url("/news"), open_settings).is_html


def test_switch_comes_from_the_environment() -> None:
    assert Settings.from_env({"AUDIONEWS_ALLOW_PRIVATE_URLS": "1"}).allow_private_urls
    assert not Settings.from_env({}).allow_private_urls


@pytest.mark.parametrize(("address", "public"), [
    ("93.184.216.34", True), ("2606:2800:220:1:248:1893:25c8:1946", True),
    ("127.0.0.1", False), ("10.1.2.3", False), ("172.16.0.1", False), ("192.168.1.1", False),
    ("169.254.169.254", False), ("100.64.0.1", False), ("0.0.0.0", False), ("224.0.0.251", False),
    ("239.255.255.250", False), ("240.0.0.1", False), ("255.255.255.255", False),
    ("::1", False), ("::", False), ("fe80::1%eth0", False), ("fc00::1", False), ("ff02::1", False),
    ("::ffff:127.0.0.1", False), ("::ffff:10.0.0.1", False), ("2002:7f00:1::", False), ("64:ff9b::a00:1", False),
])
def test_address_rules(address: str, public: bool) -> None:
    assert is_public_address(address) is public


@pytest.mark.parametrize(("url", "message"), [
    ("ftp://example.com/a", "not an http or https address"), ("file:///etc/passwd", "not an http or https address"),
    ("http:///nohost", "not a valid web address"), ("http://host:99999/", "not a valid web address"),
    ("http://[::1/", "not a valid web address"), ("http://exa mple.com/", "not a valid web address"),
    ("https://", "not a valid web address"),
])
def test_bad_urls_are_refused(strict_settings: Settings, url: str, message: str) -> None:
    with pytest.raises(FetchError, match=message):
        read_source(url, strict_settings)


@pytest.mark.parametrize("url", ["not a url", "ftp://x/y", "http://exa mple.com/"])
def test_a_refused_address_is_quoted_as_given(strict_settings: Settings, url: str) -> None:
    with pytest.raises(FetchError) as refusal:
        fetch_url(url, strict_settings)  # what the web form's address goes to
    assert str(refusal.value).startswith(f"“{url}” is not ")


# ----- bytes: decoding and sniffing ---------------------------------------------------------

def test_html_is_sniffed_by_content_not_extension(tmp_path: Path, strict_settings: Settings) -> None:
    page = tmp_path / "article.dat"
    page.write_bytes(PAGE)
    text = tmp_path / "article.html"
    text.write_text("Rain Returns\n\nIt rained on Tuesday, when 3 < 4 and 5 > 2.\n")
    assert read_source(str(page), strict_settings).is_html
    assert not read_source(str(text), strict_settings).is_html


@pytest.mark.parametrize("markup", [
    "<html><body><p>One.</p></body></html>",
    "\n<!-- saved page -->\n<!doctype html><p>One.</p>",
    '<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><p>One.</p></html>',
    "<div class='story'><p>One.</p><p>Two.</p></div>",
])
def test_html_fragments_and_pages_are_html(markup: str) -> None:
    assert document_from_bytes(markup.encode(), "upload").is_html


def test_meta_claiming_utf16_in_an_ascii_page_means_utf8() -> None:
    page = '<html><head><meta charset="utf-16"></head><body><p>Grüße aus Köln!</p> </body></html>'.encode()
    assert len(page) % 2 == 0, "even length, so a UTF-16 decoder would not refuse it"
    assert "Grüße aus Köln!" in document_from_bytes(page, "upload").content


def test_one_tag_is_html_only_when_declared() -> None:
    data = b"Headline\n\nA line with a <b>bold</b> word."
    assert not document_from_bytes(data, "upload").is_html
    assert document_from_bytes(data, "upload", "text/html").is_html


@pytest.mark.parametrize(("data", "expected"), [
    ("\ufeffUTF-8 with a mark: café.".encode(), "UTF-8 with a mark: café."),
    ("UTF-16 text: café.".encode("utf-16"), "UTF-16 text: café."),
    ("Plain UTF-8: naïve café.".encode(), "Plain UTF-8: naïve café."),
    ("Windows text: \u201cquoted\u201d caf\xe9.".encode("cp1252"), "Windows text: \u201cquoted\u201d caf\xe9."),
    ("Latin-1 text: caf\xe9 d\xe9j\xe0 vu.".encode("latin-1"), "Latin-1 text: caf\xe9 d\xe9j\xe0 vu."),
    (b"Line one.\r\nLine two.\rLine three.", "Line one.\nLine two.\nLine three."),
])
def test_decoding(data: bytes, expected: str) -> None:
    assert document_from_bytes(data, "upload").content == expected


@pytest.mark.parametrize(("data", "message"), [
    (b"", "upload is empty"),
    (b"  \n\t\r\n ", "upload is empty"),
    (b"\xef\xbb\xbf", "upload is empty"),
    (b"text\x00with a NUL", "looks like binary data"),
    (bytes(range(1, 32)) * 20, "looks like binary data"),
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3", "is a PDF document"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "is a JPEG image"),
    (b"PK\x03\x04\x14\x00", "is a ZIP archive"),
])
def test_unusable_bytes_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        document_from_bytes(data, "upload")


# ----- files ------------------------------------------------------------------------------

def test_sample_file(sample_path: Path, strict_settings: Settings) -> None:
    document = read_source(str(sample_path), strict_settings)
    assert not document.is_html
    assert document.source == str(sample_path) and document.url is None
    assert "Israel Alters Intelligence Sharing with US" in document.content


def test_missing_file(tmp_path: Path, strict_settings: Settings) -> None:
    with pytest.raises(InputError, match="There is no file .*nothing.txt; check the path"):
        read_source(str(tmp_path / "nothing.txt"), strict_settings)


def test_directory(tmp_path: Path, strict_settings: Settings) -> None:
    with pytest.raises(InputError, match="is a directory; give audionews one article file"):
        read_source(str(tmp_path), strict_settings)


def test_too_large_file(tmp_path: Path, strict_settings: Settings) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as stream:
        stream.truncate(MAX_BYTES + 1)
    with pytest.raises(InputError, match="over the 10 MB limit"):
        read_source(str(big), strict_settings)


def test_file_at_the_limit_is_read(tmp_path: Path, strict_settings: Settings) -> None:
    text = tmp_path / "long.txt"
    text.write_bytes((b"word " * (MAX_BYTES // 5))[:MAX_BYTES])
    assert len(read_source(str(text), strict_settings).content) == MAX_BYTES


# ----- TLS: the guarded connection also carries https ------------------------------------------

@pytest.fixture
def tls_server(local_server: LocalServer, tmp_path: Path) -> LocalServer:
    """The local server behind TLS with a fresh self-signed certificate (which clients must not trust)."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    made = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                           "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)], capture_output=True)
    if made.returncode != 0:
        pytest.skip("openssl could not make a test certificate")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    local_server.use_tls(context)
    return local_server


def test_untrusted_certificate_is_reported(tls_server: LocalServer, open_settings: Settings) -> None:
    tls_server.route("/news")(lambda h: send(h, PAGE))
    with pytest.raises(FetchError, match="Could not make a secure connection to 127.0.0.1.*certificate"):
        fetch_url(f"https://127.0.0.1:{tls_server.port}/news", open_settings)


def test_https_private_address_refused_without_the_switch(tls_server: LocalServer, strict_settings: Settings) -> None:
    with pytest.raises(FetchError, match="is on a local or private network"):
        fetch_url(f"https://localhost:{tls_server.port}/news", strict_settings)
