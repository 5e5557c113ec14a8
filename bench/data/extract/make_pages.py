"""Build the extraction evaluation pages: our own article texts in the shapes of real news sites.

Writes `pages/<slug>.html` and `pages/<slug>.json` ({"title", "body"}: the expected body text,
headline and captions excluded, subheadings included). Page furniture follows what real news
templates carry: menus, breaking banners, share bars, bylines, photo credits, newsletter and
paywall boxes, related-story teasers (full sentences), author bios, comments, cookie banners.
Run: python bench/data/extract/make_pages.py
"""
from __future__ import annotations

import html
import json
import sys
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).parent))
from articles import ARTICLES  # noqa: E402

OUT = Path(__file__).parent / "pages"
E = html.escape

WORDS = {
    "en": {"home": "Home", "sections": ["World", "U.S.", "Politics", "Business", "Tech", "Science", "Health",
                                         "Sports", "Entertainment", "Opinion", "Travel", "Weather"],
           "related": "Related Stories", "more": "More from News", "share": "Share", "by": "By",
           "subscribe": "Subscribe", "signin": "Sign in", "ad": "Advertisement", "most": "Most Read"},
    "de": {"home": "Startseite", "sections": ["Politik", "Wirtschaft", "Panorama", "Sport", "Kultur", "Netzwelt",
                                               "Wissenschaft", "Reise", "Auto"],
           "related": "Mehr zum Thema", "more": "Weitere Artikel", "share": "Teilen", "by": "Von",
           "subscribe": "Abonnieren", "signin": "Anmelden", "ad": "Anzeige", "most": "Meistgelesen"},
    "es": {"home": "Portada", "sections": ["Internacional", "España", "Economía", "Sociedad", "Cultura",
                                            "Deportes", "Tecnología", "Opinión"],
           "related": "Lee también", "more": "Más noticias", "share": "Compartir", "by": "Por",
           "subscribe": "Suscríbete", "signin": "Iniciar sesión", "ad": "Publicidad", "most": "Lo más visto"},
}


def others(article: dict, n: int = 4) -> list[dict]:
    pool = [a for a in ARTICLES if a["slug"] != article["slug"]]
    start = ARTICLES.index(article) % len(pool)
    return (pool[start:] + pool[:start])[:n]


def first_sentence(text: str) -> str:
    return text.split(". ")[0].rstrip(".") + "."


def body_html(article: dict, p_tag: str = "p", caption: Callable[[str, str | None], str] | None = None,
              heading: str = "h2", p_class: str = "") -> str:
    parts = []
    captions = list(article["captions"])
    for i, block in enumerate(article["body"]):
        if block.startswith("## "):
            parts.append(f"<{heading}>{E(block[3:])}</{heading}>")
        else:
            attrs = f' class="{p_class}"' if p_class else ""
            parts.append(f"<{p_tag}{attrs}>{E(block)}</{p_tag}>")
        if caption and captions and i in (0, 3):
            parts.append(caption(*captions.pop(0)))
    return "\n".join(parts)


def head(article: dict, site: str, extra: str = "") -> str:
    return (f'<!DOCTYPE html><html lang="{article["lang"]}"><head><meta charset="utf-8">'
            f'<title>{E(article["title"])} | {site}</title>'
            f'<meta property="og:site_name" content="{site}">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments);}}</script>'
            f'<style>.nav{{display:flex}} .ad{{min-height:250px}}</style>{extra}</head>')


def nav(lang: str) -> str:
    w = WORDS[lang]
    items = "".join(f'<li><a href="/{s.lower()}">{E(s)}</a></li>' for s in w["sections"])
    return (f'<header><a class="skip" href="#main">Skip to content</a><a href="/" class="logo">{w["home"]}</a>'
            f'<nav><ul class="nav">{items}</ul></nav><div class="account"><a href="/subscribe">{w["subscribe"]}</a>'
            f'<a href="/login">{w["signin"]}</a><button aria-label="Search">Search</button></div></header>')


def share(lang: str) -> str:
    return (f'<div class="share"><span>{WORDS[lang]["share"]}</span><a href="#">Facebook</a><a href="#">Twitter</a>'
            f'<a href="#">WhatsApp</a><a href="#">Email</a><a href="#">Print</a></div>')


def related(article: dict, with_teasers: bool = True) -> str:
    w = WORDS[article["lang"]]
    items = []
    for other in others(article):
        teaser = f'<p>{E(first_sentence(other["body"][0]))}</p>' if with_teasers else ""
        items.append(f'<li><a href="/{other["slug"]}"><h3>{E(other["title"])}</h3></a>{teaser}</li>')
    return f'<aside class="related"><h2>{w["related"]}</h2><ul>{"".join(items)}</ul></aside>'


def footer(site: str) -> str:
    links = "".join(f'<a href="/{x}">{x.title()}</a>' for x in ("about", "contact", "careers", "privacy", "terms"))
    return (f'<footer><div class="links">{links}</div><p>© 2024 {site}. All rights reserved.</p>'
            f'<p>{site} is not responsible for the content of external sites.</p></footer></body></html>')


def date_line(article: dict) -> str:
    return f'<time datetime="{article["date"]}T09:30:00Z">Published {article["date"]} 9:30 a.m.</time>'


# --- Templates ----------------------------------------------------------------------------------


def wire(article: dict) -> str:
    """Wire-service page: semantic article, figure/figcaption with AP-style credit, copyright line."""
    site = "Wire News"
    fig = lambda text, credit: (f'<figure><img src="/img/{article["slug"]}.jpg" alt="">'  # noqa: E731
                                f'<figcaption>{E(text)}{" (" + E(credit) + ")" if credit else ""}</figcaption></figure>')
    return (head(article, site, f'<meta property="og:title" content="{E(article["title"])}">'
                                f'<meta name="author" content="{E(article["byline"])}">')
            + f'<body>{nav(article["lang"])}<div class="banner">Breaking News</div><main id="main"><article>'
            f'<h1>{E(article["title"])}</h1><div class="byline">{WORDS[article["lang"]]["by"]} {E(article["byline"])}'
            f'</div>{date_line(article)}{share(article["lang"])}'
            f'<div class="body">{body_html(article, caption=fig)}</div>'
            f'<p class="copyright">Copyright 2024 {site}. All rights reserved. This material may not be published, '
            f'broadcast, rewritten or redistributed without permission.</p></article>'
            f'{related(article)}</main>{footer(site)}')


def wordpress(article: dict) -> str:
    """Local-news WordPress page: wp-caption blocks, sidebar widgets, author bio, comments."""
    site = "Valley Herald"
    cap = lambda text, credit: (f'<div class="wp-caption"><img src="/wp-content/{article["slug"]}.jpg">'  # noqa: E731
                                f'<p class="wp-caption-text">{E(text)}{" " + E(credit) if credit else ""}</p></div>')
    recent = "".join(f'<li><a href="/{o["slug"]}">{E(o["title"])}</a></li>' for o in others(article, 5))
    comments = "".join(
        f'<li class="comment"><div class="comment-author">{name}</div><div class="comment-meta">March 13, 2024 at {t}</div>'
        f'<p>{E(text)}</p><a class="reply">Reply</a></li>'
        for name, t, text in [("Bob T.", "8:14 am", "Finally! I have been waiting for this for years and the detour is a nightmare every morning."),
                              ("localmom22", "9:02 am", "Fourteen months is far too long. They should build it in stages so the school buses can still get through.")])
    return (head(article, site) + f'<body class="single-post">{nav(article["lang"])}<div id="content" class="site-content">'
            f'<div id="primary"><article class="post type-post"><header class="entry-header"><h1 class="entry-title">'
            f'{E(article["title"])}</h1><div class="entry-meta">Posted on {article["date"]} by '
            f'<a rel="author" href="/author/x">{E(article["byline"])}</a></div></header>'
            f'<div class="entry-content">{body_html(article, caption=cap)}'
            f'<div class="sharedaddy"><h3>Share this:</h3><ul><li>Facebook</li><li>X</li><li>Reddit</li></ul></div>'
            f'</div><footer class="entry-footer">Tags: <a>city council</a>, <a>transportation</a></footer></article>'
            f'<div class="author-bio"><h4>About {E(article["byline"])}</h4><p>{E(article["byline"])} covers local '
            f'government for the Valley Herald. Before joining the paper in 2016, she reported for radio stations across the state.</p></div>'
            f'<div id="comments"><h3>2 thoughts on “{E(article["title"])}”</h3><ol>{comments}</ol>'
            f'<div id="respond"><h3>Leave a Reply</h3><p>Your email address will not be published. Required fields are marked *</p></div></div>'
            f'</div><aside id="secondary" class="widget-area"><section class="widget"><h2>Recent Posts</h2><ul>{recent}</ul></section>'
            f'<section class="widget"><h2>Archives</h2><ul><li>March 2024</li><li>February 2024</li></ul></section></aside></div>'
            + footer(site))


def magazine(article: dict) -> str:
    """Long-form magazine page: drop cap, pull quote, newsletter box and inline promos in the body."""
    site = "The Monthly"
    body = article["body"]
    first = body[0]
    quote = next((b for b in body if b.startswith('"')), body[1])
    promo = others(article, 1)[0]
    blocks = [f'<p><span class="dropcap">{E(first[0])}</span>{E(first[1:])}</p>']
    for i, block in enumerate(body[1:], 1):
        blocks.append(f"<h2>{E(block[3:])}</h2>" if block.startswith("## ") else f"<p>{E(block)}</p>")
        if i == 1 and article["captions"]:
            text, credit = article["captions"][0]
            blocks.append(f'<figure class="wide"><img src="x.jpg"><figcaption><span class="caption">{E(text)}</span>'
                          f'<span class="credit">{E(credit or "")}</span></figcaption></figure>')
        if i == 2:
            blocks.append(f'<aside class="pullquote"><blockquote>{E(quote.split(".")[0])}</blockquote></aside>')
            blocks.append(f'<p class="promo"><strong>Read more:</strong> <a href="/x">{E(promo["title"])}</a></p>')
        if i == 4:
            blocks.append('<div class="newsletter"><h3>Get the best of The Monthly</h3><p>Sign up for our weekly '
                          'newsletter and get our best stories delivered to your inbox every Sunday.</p>'
                          '<input type="email" placeholder="Your email"><button>Sign up</button></div>')
    return (head(article, site, f'<meta property="og:title" content="{E(article["title"])}">') +
            f'<body>{nav(article["lang"])}<main><article class="longform"><div class="kicker">Features</div>'
            f'<h1>{E(article["title"])}</h1><p class="dek">Machines that sort and shelve books were once a big-city '
            f'luxury. Now they are reshaping rural reading rooms.</p><div class="meta">By <a rel="author">'
            f'{E(article["byline"])}</a> · {date_line(article)} · 8 min read</div>{share(article["lang"])}'
            f'<div class="article-body">{"".join(blocks)}</div><p class="issue"><em>This article appears in the '
            f'December print edition.</em></p></article>{related(article)}</main>' + footer(site))


def liveblog(article: dict) -> str:
    """Live blog: posts with time stamps and headings, key-events summary, reverse order kept."""
    site = "Daily Chronicle"
    posts, current = [], []
    for block in article["body"]:
        if block.startswith("## "):
            if current:
                posts.append(current)
            current = [block]
        else:
            current.append(block)
    posts.append(current)
    html_posts = []
    for n, post in enumerate(posts):
        paras = "".join(f"<p>{E(p)}</p>" for p in post[1:])
        html_posts.append(f'<div class="live-post" id="p{n}"><div class="post-time"><time>{14 - n}:{"05" if n % 2 else "40"}'
                          f'</time><span> GMT</span></div><h3>{E(post[0][3:])}</h3>{paras}'
                          f'<div class="post-share"><a>Share</a><a>Copy link</a></div></div>')
    keys = "".join(f'<li><a href="#p{n}">{E(p[0][3:])}</a></li>' for n, p in enumerate(posts))
    return (head(article, site, f'<meta property="og:title" content="{E(article["title"])}">') +
            f'<body>{nav(article["lang"])}<main><div class="live-header"><span class="live-badge">LIVE</span>'
            f'<h1>{E(article["title"])}</h1><p>Updated 2 minutes ago</p></div><div class="key-events"><h2>Key events</h2>'
            f'<ul>{keys}</ul></div><div class="live-feed">{"".join(html_posts)}</div><button>Load more updates</button>'
            f'</main>' + footer(site))


def paywall(article: dict) -> str:
    """Cookie banner first, then an article cut short by a paywall teaser (only the free part is expected)."""
    site = "Metro Times"
    free = dict(article, body=article["body"][:3], captions=[])
    return (head(article, site, f'<meta property="og:title" content="{E(article["title"])}">') +
            f'<body><div id="cookie-banner" class="consent"><p>We use cookies and similar technologies to improve your '
            f'experience, measure audiences and show you personalised advertising. You can change your choices at any time.</p>'
            f'<button>Accept all</button><button>Manage preferences</button></div>{nav(article["lang"])}<main><article>'
            f'<h1>{E(article["title"])}</h1><div class="byline">By {E(article["byline"])}</div>{date_line(article)}'
            f'<div class="article-text">{body_html(free)}</div><div class="paywall"><h2>Continue reading with a '
            f'subscription</h2><p>Get unlimited digital access for just $1 a week for your first year. Cancel anytime.</p>'
            f'<a class="btn">Subscribe now</a><p>Already a subscriber? <a>Log in</a></p></div></article>'
            f'<div class="ad"><span>Advertisement</span></div>{related(article)}</main>' + footer(site))


def bbc_like(article: dict) -> str:
    """Public broadcaster page: image blocks that print "Image source" and "Image caption" labels."""
    site = "National News"
    def cap(text: str, credit: str | None) -> str:
        source = f'<span class="source">Image source, {E(credit)}</span>' if credit else ""
        return (f'<figure><div class="img">{source}<img src="x.jpg" alt=""></div><figcaption>'
                f'<span class="hidden">Image caption, </span>{E(text)}</figcaption></figure>')
    topics = "".join(f"<li><a>{t}</a></li>" for t in ("Health", "Transport", "Economy"))
    return (head(article, site, f'<meta property="og:title" content="{E(article["title"])}">') +
            f'<body>{nav(article["lang"])}<main id="main-content"><article><header><h1 id="main-heading">'
            f'{E(article["title"])}</h1></header><div class="byline"><span>{E(article["byline"])}</span><span>'
            f'Health correspondent</span></div>{date_line(article)}{share(article["lang"])}'
            f'<div class="text-block">{body_html(article, caption=cap)}</div>'
            f'<section class="topics"><h2>Related Topics</h2><ul>{topics}</ul></section>'
            f'<section class="more"><h2>More on this story</h2><ul>'
            + "".join(f"<li><a>{E(o['title'])}</a><span>Published 3 days ago</span></li>" for o in others(article, 3)) +
            f'</ul></section></article><aside><h2>{WORDS[article["lang"]]["most"]}</h2><ol>'
            + "".join(f"<li><a>{E(o['title'])}</a></li>" for o in others(article, 5)) +
            '</ol></aside></main>' + footer(site))


def div_soup(article: dict) -> str:
    """Old CMS page: no semantic tags, layout tables, sidebar of most-read headlines and promos."""
    site = "Tribune Online"
    paras = "<br><br>".join(E(b[3:]) if b.startswith("## ") else E(b) for b in article["body"])
    most = "".join(f'<div class="mr-item"><a href="/{o["slug"]}">{E(o["title"])}</a></div>' for o in others(article, 6))
    sections = " | ".join(f'<a href="/{s}">{s}</a>' for s in WORDS[article["lang"]]["sections"])
    return (head(article, site) + f'<body><div id="top"><div class="topnav">{sections}</div>'
            f'<div class="date-bar">Thursday, September 28, 2023</div></div><table width="100%"><tr>'
            f'<td class="left" width="70%"><div class="headline">{E(article["title"])}</div>'
            f'<div class="author">By {E(article["byline"])}, Staff Writer</div><div class="story">{paras}</div>'
            f'<div class="tools"><a>Print</a> | <a>E-mail</a> | <a>Comments (3)</a></div></td>'
            f'<td class="right"><div class="box"><div class="box-title">Most Popular</div>{most}</div>'
            f'<div class="box"><div class="box-title">Newsletter</div><div>Get breaking news alerts delivered to your '
            f'inbox. Sign up today.</div></div></td></tr></table>' + footer(site))


def json_ld_only(article: dict) -> str:
    """Script-rendered page: the visible body is an empty app shell; the text is in JSON-LD."""
    site = "Coast Report"
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": article["title"],
          "author": [{"@type": "Person", "name": article["byline"]}], "datePublished": article["date"] + "T07:00:00Z",
          "articleBody": "\n\n".join(b[3:] if b.startswith("## ") else b for b in article["body"])}
    return (head(article, site, '<script type="application/ld+json">' + json.dumps(ld, ensure_ascii=False) + "</script>")
            + '<body><div id="root"><noscript>You need to enable JavaScript to run this app.</noscript></div>'
            '<script src="/static/js/main.js"></script></body></html>')


def cnn_like(article: dict) -> str:
    """Cable-news page: story highlights list, video player text, dateline in the first paragraph."""
    site = "Global News Network"
    body = dict(article, body=["(GNN) — " + article["body"][0]] + article["body"][1:])
    highlights = "".join(f"<li>{E(first_sentence(b))}</li>" for b in article["body"][:2])
    return (head(article, site, f'<meta property="og:title" content="{E(article["title"])}">') +
            f'<body>{nav(article["lang"])}<div class="pg"><h1 class="pg-headline">{E(article["title"])}</h1>'
            f'<div class="metadata">By {E(article["byline"])}, GNN Business<br>Updated 1:42 PM ET, {article["date"]}</div>'
            f'<div class="highlights"><h3>Story highlights</h3><ul>{highlights}</ul></div>'
            f'<div class="video"><div>JUST WATCHED</div><div>Company shares fall after announcement</div>'
            f'<div>Replay</div><div>More Videos ...</div><div>MUST WATCH</div></div>'
            f'<section class="zn-body">{body_html(body, p_tag="div", p_class="zn-body__paragraph")}</section>'
            f'<div class="ad-feedback">Video Ad Feedback</div></div>' + footer(site))


def listicle(article: dict) -> str:
    """Lifestyle list article: numbered subheadings with one paragraph each, then linked teasers."""
    site = "Home & Garden Daily"
    parts = []
    for i, block in enumerate(article["body"]):
        parts.append(f"<h2>{E(block[3:])}</h2>" if block.startswith("## ") else f"<p>{E(block)}</p>")
        if i == 4:
            parts.append('<div class="ad-slot"><p class="ad-label">Advertisement</p></div>')
    teasers = "".join(f'<div class="card"><h3><a href="/{o["slug"]}">{E(o["title"])}</a></h3>'
                      f'<p>{E(first_sentence(o["body"][0]))}</p></div>' for o in others(article, 4))
    return (head(article, site, f'<meta property="og:title" content="{E(article["title"])}">') +
            f'<body>{nav(article["lang"])}<main><article><h1>{E(article["title"])}</h1>'
            f'<p class="byline">By {E(article["byline"])}</p>{date_line(article)}<div class="content">{"".join(parts)}</div>'
            f'<section class="more"><h2>You might also like</h2>{teasers}</section></article></main>' + footer(site))


def interview(article: dict) -> str:
    """Interview: an italic introduction, bold questions, plain answers."""
    site = "Education Weekly"
    intro, rest = article["body"][0], article["body"][1:]
    qa = "".join(f"<p><strong>{E(b)}</strong></p>" if b.endswith("?") or b == "And now?" else f"<p>{E(b)}</p>"
                 for b in rest)
    return (head(article, site, f'<meta property="og:title" content="{E(article["title"])}">'
                                f'<meta name="author" content="{E(article["byline"])}">') +
            f'<body>{nav(article["lang"])}<main><article><h1>{E(article["title"])}</h1>{share(article["lang"])}'
            f'<div class="story"><p class="intro"><em>{E(intro)}</em></p>{qa}'
            f'<p class="note"><em>This interview has been edited for length and clarity.</em></p></div></article>'
            f'{related(article)}</main>' + footer(site))


def community(article: dict) -> str:
    """Community news: an inline related-story box with a teaser, author bio and comments inside <article>."""
    site = "Elm Street Journal"
    promo = others(article, 1)[0]
    box = (f'<aside class="inline-related"><h4>Related</h4><a href="/{promo["slug"]}">{E(promo["title"])}</a>'
           f'<p>{E(first_sentence(promo["body"][0]))}</p></aside>')
    fig = lambda text, credit: (f'<figure><img src="x.jpg"><figcaption>{E(text)} '  # noqa: E731
                                f'<span class="credit">{E(credit or "")}</span></figcaption></figure>')
    body = body_html(article, caption=fig).replace("</p>\n<p>", "</p>\n" + box + "\n<p>", 1)
    comments = "".join(f'<div class="comment"><span class="who">{who}</span><p>{E(text)}</p></div>' for who, text in [
        ("Ruth K.", "I have bought my bread there every Saturday for thirty years and I cannot imagine the street without it."),
        ("dan_m", "Rising rents are killing every independent shop on this street, and the council does nothing about it.")])
    return (head(article, site, f'<meta property="og:title" content="{E(article["title"])}">') +
            f'<body>{nav(article["lang"])}<main><article><h1>{E(article["title"])}</h1>'
            f'<div class="byline">By {E(article["byline"])}</div>{date_line(article)}<div class="article-body">{body}</div>'
            f'<div class="author-bio"><p>{E(article["byline"])} reports on neighborhoods and small business for the '
            f'Elm Street Journal. He grew up three blocks from the bakery.</p></div>'
            f'<section class="comments"><h3>Comments (2)</h3>{comments}</section></article></main>' + footer(site))


def with_list(article: dict) -> str:
    """Results story: a bulleted list of sentences inside the body, and a most-read box."""
    site = "City Ledger"
    body = article["body"]
    start = body.index("Key results from the night:")
    items = "".join(f"<li>{E(b)}</li>" for b in body[start + 1:start + 4])
    html_body = ("".join(f"<p>{E(b)}</p>" for b in body[:start + 1]) + f"<ul>{items}</ul>"
                 + "".join(f"<p>{E(b)}</p>" for b in body[start + 4:]))
    most = "".join(f'<li><a href="/{o["slug"]}">{E(o["title"])}</a></li>' for o in others(article, 5))
    return (head(article, site, f'<meta property="og:title" content="{E(article["title"])}">') +
            f'<body>{nav(article["lang"])}<div class="wrap"><main><article><h1>{E(article["title"])}</h1>'
            f'<div class="byline">By {E(article["byline"])}</div>{date_line(article)}<div class="body">{html_body}</div>'
            f'</article></main><aside class="rail"><h3>{WORDS[article["lang"]]["most"]}</h3><ol>{most}</ol></aside></div>'
            + footer(site))


TEMPLATES = [wire, wordpress, magazine, wire, liveblog, paywall, bbc_like, cnn_like, wordpress, wire, json_ld_only, div_soup,
             listicle, interview, community, with_list]


def expected(article: dict, template: Callable[[dict], str]) -> dict:
    body = article["body"][:3] if template is paywall else article["body"]
    if template is cnn_like:
        body = ["(GNN) — " + body[0]] + body[1:]
    return {"title": article["title"], "template": template.__name__, "language": article["lang"],
            "body": [b[3:] if b.startswith("## ") else b for b in body]}


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for article, template in zip(ARTICLES, TEMPLATES):
        (OUT / f"{article['slug']}.html").write_text(template(article), encoding="utf-8")
        (OUT / f"{article['slug']}.json").write_text(
            json.dumps(expected(article, template), ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {len(ARTICLES)} pages to {OUT}")


if __name__ == "__main__":
    main()
