"""The same story once: canonical URLs, and near-duplicate bodies told by sampled word shingles.

`canonical_url` makes the many addresses of one page one: lower-case scheme and host, no default port,
no fragment, no tracking parameters (utm_*, fbclid, …), the other query parameters sorted.
`canonical_link` reads a page's own `<link rel="canonical">`. `fingerprint` keeps about one in two
of a text's four-word shingles (hashed, chosen by their hash, so two texts keep the same ones where
they agree); `same_story` says two fingerprints share most of the shorter one: a story copied into
another feed, a lightly edited republication, or a feed's summary of a page already in the library.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Collection
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

SHINGLE_WORDS = 4
SAMPLE_EVERY = 2  # shingles kept: those whose hash is a multiple of this
SAME_STORY_SHARE = 0.8  # of the shorter text's kept shingles found in the other
MIN_SHARED = 3  # fewer kept shingles than this cannot tell a story; such texts must match whole
TRACKING_PARAMETERS = frozenset({
    "fbclid", "gclid", "dclid", "gclsrc", "msclkid", "yclid", "twclid", "igshid", "mc_cid", "mc_eid",
    "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "wt_mc", "cmpid",
    "ocid", "ito", "at_medium", "at_campaign", "ref_src",
})
_WORD = re.compile(r"\w+", re.UNICODE)


def canonical_url(url: str) -> str:
    """`url` without what only tracks or scrolls: see the module docstring."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return url.strip()
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if port and not (scheme, port) in {("http", 80), ("https", 443)}:
        host = f"{host}:{port}"
    query = sorted((name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True)
                   if not _is_tracking(name))
    return urlunsplit((scheme, host, parts.path or "/", urlencode(query), ""))


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith(("utm_", "pk_", "mtm_")) or lowered in TRACKING_PARAMETERS


def canonical_link(html: str, base_url: str) -> str | None:
    """The page's `<link rel="canonical">` (or og:url) as an absolute, canonical URL."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    for link in soup.find_all("link", href=True):
        relations = link.get("rel") or []
        relations = relations.split() if isinstance(relations, str) else relations
        if "canonical" in (r.lower() for r in relations):
            return _absolute(str(link["href"]), base_url)
    og = soup.find("meta", attrs={"property": "og:url", "content": True})
    return _absolute(str(og["content"]), base_url) if og else None


def _absolute(href: str, base_url: str) -> str | None:
    url = urljoin(base_url, href.strip())
    return canonical_url(url) if url.startswith(("http://", "https://")) else None


def fingerprint(text: str) -> list[int]:
    """The sampled shingle hashes of `text` (sorted, 32-bit): see the module docstring."""
    words = [word.lower() for word in _WORD.findall(text)]
    if not words:
        return []
    windows = [words[i:i + SHINGLE_WORDS] for i in range(max(len(words) - SHINGLE_WORDS + 1, 1))]
    kept: set[int] = set()
    for window in windows:
        value = int.from_bytes(hashlib.blake2b(" ".join(window).encode(), digest_size=8).digest(), "big")
        if value % SAMPLE_EVERY == 0:
            kept.add(value >> 32)
    return sorted(kept)


def same_story(first: Collection[int], second: Collection[int]) -> bool:
    """True when most of the shorter fingerprint is in the longer one (and they are not both near empty).
    Pass sets (frozensets) when comparing one fingerprint with many: lists are made into sets each call."""
    a = first if isinstance(first, (set, frozenset)) else set(first)
    b = second if isinstance(second, (set, frozenset)) else set(second)
    shorter = min(len(a), len(b))
    if shorter < MIN_SHARED:
        return bool(a) and a == b
    return len(a & b) >= SAME_STORY_SHARE * shorter
