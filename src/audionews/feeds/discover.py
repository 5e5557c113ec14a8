"""The feeds a web page advertises: `<link rel="alternate" type="application/rss+xml|atom+xml|feed+json">`."""
from __future__ import annotations

from urllib.parse import urljoin

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml")


def advertised_feeds(html: str, base_url: str) -> list[str]:
    """The absolute URLs of the feeds the page links to as alternates, in the page's order, each once."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    base = soup.find("base", href=True)
    base_url = urljoin(base_url, str(base["href"])) if base else base_url
    found: list[str] = []
    for link in soup.find_all("link", href=True):
        relations = link.get("rel") or []
        relations = relations.split() if isinstance(relations, str) else relations
        kind = str(link.get("type") or "").split(";", 1)[0].strip().lower()
        if "alternate" not in (r.lower() for r in relations) or kind not in FEED_TYPES:
            continue
        url = urljoin(base_url, str(link["href"]).strip())
        if url.startswith(("http://", "https://")) and url not in found:
            found.append(url)
    return found
